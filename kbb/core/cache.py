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

    def get(self, key: str, load: Callable[[], Any]) -> Any:
        now = _now()
        hit = self._items.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        value = load()
        self._items[key] = (now + self.ttl, value)
        return value

    def clear(self) -> None:
        self._items.clear()


def cached(key: str, load: Callable[[], Any]) -> Any:
    """``load()``'s value, from this worker's cache when it is fresh."""
    return current_app.extensions["kbb_reference_cache"].get(key, load)


def clear() -> None:
    current_app.extensions["kbb_reference_cache"].clear()


def invalidate_on(*models: type) -> None:
    """Drop the cache whenever a commit changed a row of one of ``models``."""
    global _listening
    with _lock:
        _WATCHED.update(models)
        if not _listening:
            event.listen(Session, "after_flush", _note_changes)
            event.listen(Session, "after_commit", _clear_if_changed)
            _listening = True


def _note_changes(session: Session, _flush_context) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, tuple(_WATCHED)):
            session.info["kbb_reference_changed"] = True
            return


def _clear_if_changed(session: Session) -> None:
    if session.info.pop("kbb_reference_changed", False) and has_app_context():
        clear()


def init_app(app) -> None:
    app.extensions["kbb_reference_cache"] = ReferenceCache(
        float(app.config.get("KBB_REFERENCE_CACHE_SECONDS", 60))
    )
