"""Pagination that keeps every other query parameter (so a page of a filtered list is a URL)."""

from __future__ import annotations

from flask import request, url_for
from flask_sqlalchemy.pagination import Pagination
from werkzeug.routing import IntegerConverter

from kbb.extensions import db

PER_PAGE = 25
MAX_ID = 2**31 - 1  # PostgreSQL INTEGER
MAX_PAGE = 100_000  # OFFSET must stay a number the database can take


def page_arg() -> int:
    """The requested page: a junk or absurd value gives the first or a bounded page."""
    page = request.args.get("page", 1, type=int) or 1
    return min(max(page, 1), MAX_PAGE)


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: a positive id that fits the database (else 404)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def id_arg(name: str, args=None) -> int | None:
    """A query-string id: a positive integer the database can hold, or None."""
    value = (args if args is not None else request.args).get(name, type=int)
    return value if value is not None and 0 < value <= MAX_ID else None


def _current_args(**changes) -> dict:
    """The current query string as url_for kwargs: no reserved (_external...) or view-arg keys."""
    reserved = set(request.view_args or {}) | {"endpoint"}
    args = {
        k: v
        for k, v in request.args.to_dict(flat=False).items()
        if not k.startswith("_") and k not in reserved
    }
    for key, value in changes.items():
        if value in (None, ""):
            args.pop(key, None)
        else:
            args[key] = [str(value)]
    return args


def paginate(select, per_page: int = PER_PAGE, total: int | None = None):
    """``db.paginate`` with a forgiving page number: junk or out-of-range gives page 1/last.

    A caller that already knows the number of rows passes ``total`` and saves a COUNT query.
    """
    page = page_arg()
    if total is not None:
        last = max((total + per_page - 1) // per_page, 1)
        page = min(page, last)
        pagination = db.paginate(select, page=page, per_page=per_page, error_out=False, count=False)
        pagination.total = total
        return pagination
    pagination = db.paginate(select, page=page, per_page=per_page, error_out=False)
    if page > 1 and pagination.pages and page > pagination.pages:
        pagination = db.paginate(select, page=pagination.pages, per_page=per_page)
    return pagination


class RowPagination(Pagination):
    """A page as plain rows: a select of ordered ids is limited to the page, then ``load``
    turns that page of ids into rows (one statement: ``WHERE id IN (... LIMIT n)``).
    The total is known beforehand."""

    def _query_items(self):
        page = self._query_args["ids"].limit(self.per_page).offset(self._query_offset)
        return self._query_args["load"](page)

    def _query_count(self):
        return self._query_args["total"]


def paginate_rows(ids, load, total: int, per_page: int = PER_PAGE) -> RowPagination:
    """``paginate`` for list pages that show plain rows: ``ids`` is a select of the ids in
    list order, ``load(page_of_ids)`` returns the rows. Junk or out-of-range pages give
    the first or the last one."""
    last = max((total + per_page - 1) // per_page, 1)
    page = min(page_arg(), last)
    return RowPagination(
        page=page, per_page=per_page, error_out=False, ids=ids, load=load, total=total
    )


def id_urls(endpoint: str, arg: str):
    """``url_for(endpoint, **{arg: id})`` for the many ids of a list: the URL is built once
    and the id filled in (a row per ticket would otherwise route-build twice)."""
    prefix, _marker, suffix = url_for(endpoint, **{arg: MAX_ID}).partition(str(MAX_ID))

    def url(object_id: int) -> str:
        return f"{prefix}{int(object_id)}{suffix}"

    return url


def page_url(page: int) -> str:
    """The current URL with ``page`` replaced (used by the pager macro)."""
    return url_for(request.endpoint, **(request.view_args or {}), **_current_args(page=page))


def url_with(**changes) -> str:
    """The current URL with some query parameters changed (None removes one); back to page 1."""
    args = _current_args(**changes)
    if "page" not in changes:
        args.pop("page", None)
    return url_for(request.endpoint, **(request.view_args or {}), **args)


class IdPagination(Pagination):
    """A page over ids already found and ordered (one query for them, one for the page).

    ``load(ids)`` returns the objects of one page in any order; they are put in id order.
    """

    def _query_items(self):
        ids = self._query_args["ids"]
        page_ids = ids[(self.page - 1) * self.per_page : self.page * self.per_page]
        if not page_ids:
            return []
        by_id = {obj.id: obj for obj in self._query_args["load"](page_ids)}
        return [by_id[i] for i in page_ids if i in by_id]

    def _query_count(self):
        return len(self._query_args["ids"])


def paginate_ids(ids: list[int], load, per_page: int = PER_PAGE) -> IdPagination:
    last = max((len(ids) + per_page - 1) // per_page, 1)
    page = min(page_arg(), last)
    return IdPagination(page=page, per_page=per_page, error_out=False, ids=ids, load=load)
