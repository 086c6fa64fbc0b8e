"""A consultation's shape for taking a response: its standing (status and dates, read each time),
its questions (fixed once published, so kept in memory) and its wards (which officers may still
change, so read each time). Statements are built once and run on the session's connection, as
submitting runs hundreds of times a second."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from townhall.consult.models import Consultation, consultation_wards
from townhall.consult.rules.questions import QuestionSpec
from townhall.consult.rules.routing import Condition, Routed
from townhall.consult.services.routing import condition_of


@dataclass(frozen=True)
class QuestionShape:
    """What storing and checking an answer needs to know about a question."""

    id: int
    position: int
    kind: str
    spec: QuestionSpec
    condition: Condition | None = None


@dataclass(frozen=True)
class Shape:
    """A consultation's id, questions and current ward ids."""

    consultation_id: int
    questions: tuple[QuestionShape, ...]
    ward_ids: frozenset[int]

    def routed(self) -> list[Routed]:
        """The questions as routing sees them (words are not needed to decide what was asked)."""
        return [Routed(q.id, q.position, "", q.condition) for q in self.questions]


@dataclass(frozen=True)
class Standing:
    """What deciding whether a consultation takes responses needs (and the closed page shows)."""

    id: int
    slug: str
    title: str
    status: str
    opens_on: date
    closes_on: date
    contact: str


_STANDING = select(
    Consultation.id,
    Consultation.slug,
    Consultation.title,
    Consultation.status,
    Consultation.opens_on,
    Consultation.closes_on,
    Consultation.contact,
).where(Consultation.slug == bindparam("slug"))
_WARD_IDS = select(consultation_wards.c.ward_id).where(
    consultation_wards.c.consultation_id == bindparam("consultation_id")
)


class ShapeCache:
    """Questions of published consultations, read from the database once per process."""

    def __init__(self) -> None:
        self._questions: dict[int, tuple[QuestionShape, ...]] = {}
        self._lock = threading.Lock()

    def standing(self, session: Session, slug: str) -> Standing | None:
        """The consultation's status and dates, in one small query."""
        row = session.connection().execute(_STANDING, {"slug": slug}).first()
        return Standing(*row) if row is not None else None

    def shape(self, session: Session, standing: Standing) -> Shape:
        """The consultation's shape; questions cached only once it is no longer a draft."""
        with self._lock:
            questions = self._questions.get(standing.id)
        if questions is None:
            consultation = session.get_one(Consultation, standing.id)
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
                        other_id=next((c.id for c in question.choices if c.is_other), None),
                    ),
                    condition_of(question),
                )
                for question in consultation.questions
            )
            if standing.status != "draft":
                with self._lock:
                    self._questions[standing.id] = questions
        ward_ids = frozenset(
            session.connection().execute(_WARD_IDS, {"consultation_id": standing.id}).scalars()
        )
        return Shape(standing.id, questions, ward_ids)
