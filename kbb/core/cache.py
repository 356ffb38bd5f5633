"""Reference lists kept per process for a short while: the options of filter forms.

A list page with filters asks for the same few short lists (request types, staff,
municipalities) on every load, and they change a few times a year. Each worker keeps them
for ``KBB_REFERENCE_CACHE_SECONDS`` (60 by default) and drops them at once when a commit in
this worker changed a model they are read from; another worker's change shows within that
time. Only for options to choose from: never for permissions, and a form that acts on a
choice validates it against the database.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

_now = time.monotonic  # the clock (tests move it)
_WATCHED: set[type] = set()
_listening = False
_lock = threading.Lock()


class ReferenceCache:
    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._items: dict[str, tuple[float, Any]] = {}
        self._generation = 0  # bumped by clear(): a load that started before is not kept

    def get(
        self, key: str, load: Callable[[], Any], may_keep: Callable[[], bool] = lambda: True
    ) -> Any:
        now = _now()
        hit = self._items.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        generation = self._generation
        value = load()
        if generation == self._generation and may_keep():
            self._items[key] = (now + self.ttl, value)
        return value

    def clear(self) -> None:
        self._generation += 1
        self._items.clear()


def cached(key: str, load: Callable[[], Any]) -> Any:
    """``load()``'s value, from this worker's cache when it is fresh. Give back tuples:
    the value is shared by every request of the worker.

    Nothing is kept while this session holds uncommitted changes to a watched model: what it
    reads may still be rolled back."""
    from kbb.extensions import db

    def committed() -> bool:  # asked after load(), which may have flushed
        return not db.session.info.get(_CHANGED, False)

    return current_app.extensions["kbb_reference_cache"].get(key, load, committed)


def clear() -> None:
    current_app.extensions["kbb_reference_cache"].clear()


_CHANGED = "kbb_reference_changed"


def invalidate_on(*models: type) -> None:
    """Drop the cache whenever a commit changed a row of one of ``models`` (through the ORM
    or an UPDATE/DELETE statement run by the session)."""
    global _listening
    with _lock:
        _WATCHED.update(models)
        if not _listening:
            event.listen(Session, "after_flush", _note_changes)
            event.listen(Session, "do_orm_execute", _note_statement)
            event.listen(Session, "after_commit", _clear_if_changed)
            event.listen(Session, "after_rollback", _forget_changes)
            _listening = True


def _note_changes(session: Session, _flush_context) -> None:
    watched = tuple(_WATCHED)
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, watched):
            session.info[_CHANGED] = True
            return


def _note_statement(state) -> None:
    if (state.is_update or state.is_delete) and any(
        mapper.class_ in _WATCHED for mapper in state.all_mappers
    ):
        state.session.info[_CHANGED] = True


def _clear_if_changed(session: Session) -> None:
    if session.info.pop(_CHANGED, False) and has_app_context():
        clear()


def _forget_changes(session: Session) -> None:
    # nothing read during the transaction was kept (see cached()), so nothing to drop
    session.info.pop(_CHANGED, None)


def init_app(app) -> None:
    app.extensions["kbb_reference_cache"] = ReferenceCache(
        float(app.config.get("KBB_REFERENCE_CACHE_SECONDS", 60))
    )
