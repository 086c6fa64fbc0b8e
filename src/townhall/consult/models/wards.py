"""Wards: the areas councillors represent and residents say they live in."""

from __future__ import annotations

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from townhall.consult.models.base import Base


class Ward(Base):
    """An electoral ward of the council."""

    __tablename__ = "consult_wards"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    # The ONS ward code ("E05011151"), which the postcode look-up names; none until set.
    code: Mapped[str | None] = mapped_column(String(9))

    __table_args__ = (Index("uq_consult_wards_code", "code", unique=True),)
