"""The audit log: who did what to which record, and what changed (old -> new)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kbb.core.models import UTCDateTime, utcnow
from kbb.extensions import db


class AuditLog(db.Model):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    actor_name: Mapped[str] = mapped_column(String(150), default="")
    action: Mapped[str] = mapped_column(String(60), index=True)
    target_type: Mapped[str] = mapped_column(String(40), default="")
    target_id: Mapped[int | None] = mapped_column(Integer)
    target_label: Mapped[str] = mapped_column(String(200), default="")
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ip: Mapped[str] = mapped_column(String(45), default="")

    actor = relationship("User", lazy="raise")

    def __repr__(self) -> str:
        return f"<AuditLog {self.id} {self.action} {self.target_type}:{self.target_id}>"


def _plain(value: Any) -> Any:
    """A JSON-safe representation of a changed value."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "value"):  # enums
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def diff(obj: Any, before: dict[str, Any], fields: list[str] | tuple[str, ...]) -> dict:
    """``{field: [old, new]}`` for every field of ``obj`` that differs from ``before``."""
    changes = {}
    for name in fields:
        old, new = _plain(before.get(name)), _plain(getattr(obj, name))
        if old != new:
            changes[name] = [old, new]
    return changes


def snapshot(obj: Any, fields: list[str] | tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def record(
    action: str,
    target: Any = None,
    changes: dict | None = None,
    *,
    actor: Any = None,
    actor_name: str | None = None,
    label: str | None = None,
) -> AuditLog:
    """Add an audit entry to the session (the caller commits with its own change).

    ``target`` is a model instance (its class name, id and str() are recorded);
    ``changes`` maps a field to ``[old, new]``, or holds any JSON-safe detail.
    """
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    entry = AuditLog(
        actor_id=getattr(actor, "id", None),
        actor_name=actor_name or getattr(actor, "username", "") or "",
        action=action,
        target_type=type(target).__name__ if target is not None else "",
        target_id=getattr(target, "id", None),
        target_label=(label if label is not None else str(target) if target is not None else "")[
            :200
        ],
        changes={k: v for k, v in (changes or {}).items()},
        ip=(request.remote_addr or "")[:45] if has_request_context() else "",
    )
    db.session.add(entry)
    return entry
