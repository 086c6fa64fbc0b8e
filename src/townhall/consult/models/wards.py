"""Wards: the areas councillors represent and residents say they live in."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from townhall.consult.models.base import Base


class Ward(Base):
    """An electoral ward of the council."""

    __tablename__ = "consult_wards"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
