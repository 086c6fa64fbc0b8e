"""Equality monitoring for officers: aggregate tables with small counts suppressed, and the
separate export file (shuffled by random key, so row order says nothing about who answered)."""

from __future__ import annotations

import csv
import io
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
from townhall.consult.services.exports import safe_cell

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
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    names = list(EQUALITY_QUESTIONS)
    writer.writerow(names)
    for record in records:
        writer.writerow([safe_cell(getattr(record, name)) for name in names])
    return buffer.getvalue()
