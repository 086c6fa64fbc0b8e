"""The postcode look-up the council loads: which ward each postcode is in."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from townhall.consult.models.base import Base


class Postcode(Base):
    """A postcode (capitals, one space: "B1 1BB") and the ONS code of its ward ("E05011151")."""

    __tablename__ = "consult_postcodes"

    postcode: Mapped[str] = mapped_column(String(8), primary_key=True)
    ward_code: Mapped[str] = mapped_column(String(9), index=True)
