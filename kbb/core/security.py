"""Security headers on every response, and Vary: HX-Request."""

from __future__ import annotations

CSP = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",  # Pico CSS draws its form icons as data: SVG
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def init_app(app) -> None:
    production = app.config["KBB_ENV"] == "production"

    @app.after_request
    def set_security_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if production:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        response.vary.add("HX-Request")
        if response.mimetype == "text/html":
            # Pages hold personal data: never keep them in shared caches.
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def public(view):
    """Mark a view as reachable without login (every other view requires a session)."""
    view.is_public = True
    return view
