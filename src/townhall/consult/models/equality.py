"""Equality monitoring answers, kept apart from responses: no response id, ward or time of day.

A random key and the date only, so a record cannot be joined back to a response by id order or
timestamp. Councillors never read this table; officers see only aggregates with small counts
suppressed, and export it to a file of its own.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from townhall.consult.models.base import Base


class EqualityRecord(Base):
    """One respondent's optional equality answers, given with explicit consent."""

    __tablename__ = "consult_equality_records"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consult_consultations.id", ondelete="CASCADE"), index=True
    )
    given_on: Mapped[date] = mapped_column(Date)
    age_band: Mapped[str] = mapped_column(String(40), default="")
    sex: Mapped[str] = mapped_column(String(40), default="")
    disability: Mapped[str] = mapped_column(String(40), default="")
    ethnic_group: Mapped[str] = mapped_column(String(60), default="")
    carer: Mapped[str] = mapped_column(String(40), default="")
