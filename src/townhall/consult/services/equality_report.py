"""Equality monitoring for officers: aggregate tables with small counts suppressed, and the
separate export file (shuffled by random key, so row order says nothing about who answered)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from townhall.consult.models import Consultation, EqualityRecord
from townhall.consult.rules.equality import (
    EQUALITY_QUESTIONS,
    SUPPRESSION_THRESHOLD,
    Cell,
    suppress,
)
from townhall.reports.csv_files import csv_text

NOT_ANSWERED = "Not answered"


@dataclass(frozen=True)
class EqualityTable:
    """One equality question's answers as suppressed counts."""

    prompt: str
    total_shown: int | None
    cells: list[Cell]


def equality_tables(session: Session, consultation: Consultation) -> list[EqualityTable]:
    """Per question, each option's count (suppressed under 5, with secondary suppression)."""
    records = session.scalars(
        select(EqualityRecord).where(EqualityRecord.consultation_id == consultation.id)
    ).all()
    total = len(records)
    tables = []
    for name, (prompt, options) in EQUALITY_QUESTIONS.items():
        counts = Counter(getattr(record, name) or NOT_ANSWERED for record in records)
        labelled = [(option, counts.get(option, 0)) for option in (*options, NOT_ANSWERED)]
        tables.append(
            EqualityTable(
                prompt, total if total >= SUPPRESSION_THRESHOLD else None, suppress(labelled)
            )
        )
    return tables


def equality_csv(session: Session, consultation: Consultation) -> str:
    """Every equality record of the consultation, with no link to any response."""
    records = session.scalars(
        select(EqualityRecord)
        .where(EqualityRecord.consultation_id == consultation.id)
        .order_by(EqualityRecord.id)
    ).all()
    names = list(EQUALITY_QUESTIONS)
    return csv_text(names, [[getattr(record, name) for name in names] for record in records])
