"""Page or fragment: one helper decides what an htmx request gets."""

from __future__ import annotations

from flask import make_response, render_template, request
from jinja2_fragments.flask import render_block


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def wants_fragment() -> bool:
    """An htmx request that targets a region (not boosted navigation, not a history restore)."""
    return (
        is_htmx()
        and request.headers.get("HX-Boosted") != "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render(template: str, block: str | None = None, status: int = 200, **context):
    """Render ``block`` of ``template`` for a targeted htmx request, the whole page otherwise.

    The response varies on HX-Request (set for every response in core.security).
    """
    if block and wants_fragment():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    return make_response(body, status)


def with_message(response, message: str, category: str = "success"):
    """Add a message to an htmx fragment: it replaces the page's message area (#messages,
    aria-live) out of band, as a flash message would after a full page load."""
    oob = render_template("_message_oob.html", message=message, category=category)
    response.set_data(response.get_data() + oob.encode())
    return response


def hx_redirect(location: str):
    """Tell htmx to load ``location`` as a full page (used for an expired session)."""
    response = make_response("", 401)
    response.headers["HX-Redirect"] = location
    return response
