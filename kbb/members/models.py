"""Member municipalities."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import Enum, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kbb.core.models import SearchableMixin, TimestampMixin
from kbb.extensions import db

if TYPE_CHECKING:
    from kbb.auth.models import User


class MunicipalityKind(enum.StrEnum):
    METROPOLITAN = "buyuksehir"
    PROVINCE = "il"
    DISTRICT = "ilce"
    TOWN = "belde"

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self])


KIND_LABELS = {
    MunicipalityKind.METROPOLITAN: _l("Büyükşehir"),
    MunicipalityKind.PROVINCE: _l("İl"),
    MunicipalityKind.DISTRICT: _l("İlçe"),
    MunicipalityKind.TOWN: _l("Belde"),
}


class Municipality(SearchableMixin, TimestampMixin, db.Model):
    __tablename__ = "municipalities"
    __search_fields__ = ("name", "province", "district")
    __table_args__ = (UniqueConstraint("province", "name", name="uq_municipalities_province_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(150))
    kind: Mapped[MunicipalityKind] = mapped_column(
        Enum(
            MunicipalityKind,
            native_enum=False,
            length=12,
            values_callable=lambda e: [m.value for m in e],
        )
    )
    province: Mapped[str] = mapped_column(String(60))
    district: Mapped[str] = mapped_column(String(60), default="")
    active: Mapped[bool] = mapped_column(default=True)

    users: Mapped[list[User]] = relationship(back_populates="municipality")

    def __repr__(self) -> str:
        return f"<Municipality {self.name}>"

    def __str__(self) -> str:
        return self.name
