"""A consultation's shape for taking a response: its questions (fixed once published, so kept in
memory) and its wards (which officers may still change, so read each time)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, lazyload

from townhall.consult.models import Consultation, consultation_wards
from townhall.consult.rules.questions import QuestionSpec


@dataclass(frozen=True)
class QuestionShape:
    """What storing and checking an answer needs to know about a question."""

    id: int
    position: int
    kind: str
    spec: QuestionSpec


@dataclass(frozen=True)
class Shape:
    """A consultation's id, questions and current ward ids."""

    consultation_id: int
    questions: tuple[QuestionShape, ...]
    ward_ids: frozenset[int]


class ShapeCache:
    """Questions of published consultations, read from the database once per process."""

    def __init__(self) -> None:
        self._questions: dict[int, tuple[QuestionShape, ...]] = {}
        self._lock = threading.Lock()

    def consultation(self, session: Session, slug: str) -> Consultation | None:
        """The consultation's own row, without loading its parts."""
        return session.scalar(
            select(Consultation).options(lazyload("*")).where(Consultation.slug == slug)
        )

    def shape(self, session: Session, consultation: Consultation) -> Shape:
        """The consultation's shape; questions cached only once it is no longer a draft."""
        with self._lock:
            questions = self._questions.get(consultation.id)
        if questions is None:
            questions = tuple(
                QuestionShape(
                    question.id,
                    question.position,
                    question.kind,
                    QuestionSpec(
                        kind=question.kind,
                        required=question.required,
                        max_length=question.max_length,
                        choice_ids=tuple(choice.id for choice in question.choices),
                    ),
                )
                for question in consultation.questions
            )
            if consultation.status != "draft":
                with self._lock:
                    self._questions[consultation.id] = questions
        ward_ids = frozenset(
            session.scalars(
                select(consultation_wards.c.ward_id).where(
                    consultation_wards.c.consultation_id == consultation.id
                )
            )
        )
        return Shape(consultation.id, questions, ward_ids)
