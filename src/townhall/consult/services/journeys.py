"""A resident's journey: answers kept between pages, then submitted once as a response.

Submitting is idempotent: the journey's token is unique among responses, so a second submit (a
double click, a resent form, two tabs) finds the first response and returns its reference.
Equality answers are never part of a journey (the resident's session holds them until they
submit) and go to the pending pool in a transaction of their own once the response is stored
(services/equality_pool.py).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from townhall.consult.models import (
    Answer,
    Consultation,
    Journey,
    Question,
    Response,
    ResumeLink,
    utc_now,
)
from townhall.consult.rules.questions import (
    TYPED_KINDS,
    AnswerValue,
    QuestionSpec,
    answer_problem,
)
from townhall.consult.rules.references import new_reference
from townhall.consult.rules.respondents import respondent_type_problem
from townhall.consult.rules.routing import shown_questions
from townhall.consult.services.equality_pool import pool_equality
from townhall.consult.services.shapes import Shape


@dataclass
class JourneyData:
    """Everything a resident has entered so far."""

    respondent_type: str = ""
    ward: str = ""
    answers: dict[int, AnswerValue] = field(default_factory=dict)
    email: str = ""
    seen_equality: bool = False
    seen_contact: bool = False

    def to_json(self) -> str:
        """Stored form."""
        return json.dumps(
            {
                "respondent_type": self.respondent_type,
                "ward": self.ward,
                "answers": {str(key): value.to_data() for key, value in self.answers.items()},
                "email": self.email,
                "seen_equality": self.seen_equality,
                "seen_contact": self.seen_contact,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> JourneyData:
        """The inverse of `to_json`."""
        data = json.loads(text)
        return cls(
            respondent_type=data.get("respondent_type", ""),
            ward=data.get("ward", ""),
            answers={
                int(key): AnswerValue.from_data(value)
                for key, value in data.get("answers", {}).items()
            },
            email=data.get("email", ""),
            seen_equality=bool(data.get("seen_equality")),
            seen_contact=bool(data.get("seen_contact")),
        )


def question_spec(question: Question) -> QuestionSpec:
    """The rules' view of a stored question."""
    return QuestionSpec(
        kind=question.kind,
        required=question.required,
        max_length=question.max_length,
        other_id=next((c.id for c in question.choices if c.is_other), None),
        choice_ids=tuple(choice.id for choice in question.choices),
    )


JOURNEY_KEPT_DAYS = 30
_PURGE_ONE_START_IN = 100


def start_journey(session: Session, consultation: Consultation) -> str:
    """A new journey with a random token (the session keeps the token).

    Now and then (one start in a hundred) journeys untouched for 30 days are deleted, so
    abandoned answers are not kept for ever.
    """
    if secrets.randbelow(_PURGE_ONE_START_IN) == 0:
        purge_stale_journeys(session, utc_now() - timedelta(days=JOURNEY_KEPT_DAYS))
    token = secrets.token_urlsafe(24)
    session.add(Journey(token=token, consultation_id=consultation.id, data="{}"))
    return token


def purge_stale_journeys(session: Session, untouched_since: datetime) -> int:
    """Delete expired resume links, then journeys not changed since `untouched_since` unless a
    resume link still works for them; how many journeys went."""
    now = utc_now()
    session.execute(delete(ResumeLink).where(ResumeLink.expires_at <= now))
    result = session.execute(
        delete(Journey).where(
            Journey.updated_at < untouched_since,
            Journey.token.not_in(select(ResumeLink.journey_token)),
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


def load_journey(session: Session, token: str, consultation_id: int) -> JourneyData | None:
    """The journey's data, or None if there is no such journey for this consultation."""
    journey = session.get(Journey, token)
    if journey is None or journey.consultation_id != consultation_id:
        return None
    return JourneyData.from_json(journey.data)


def save_journey(session: Session, token: str, data: JourneyData) -> None:
    """Keep the journey's data (the caller commits)."""
    journey = session.get(Journey, token)
    if journey is not None:
        journey.data = data.to_json()
        journey.updated_at = utc_now()


def asked(shape: Shape, data: JourneyData) -> set[int]:
    """The ids of the questions this journey's answers are asked (routing)."""
    return shown_questions(
        shape.routed(), {key: value.choice_ids for key, value in data.answers.items()}
    )


def incomplete(shape: Shape, data: JourneyData) -> dict[str, str]:
    """Problems that stop a journey being submitted, keyed by the page that fixes each; only
    the questions its answers are asked count."""
    problems = {}
    if respondent_type_problem(data.respondent_type) or not data.ward:
        problems["about"] = "Tell us who you are responding as and where you live"
    shown = asked(shape, data)
    for question in shape.questions:
        if question.id not in shown:
            continue
        if problem := answer_problem(question.spec, data.answers.get(question.id, AnswerValue())):
            problems[f"question-{question.position}"] = f"Question {question.position}: {problem}"
    return problems


class JourneyGoneError(Exception):
    """The journey is neither in progress nor submitted (expired or never started)."""


class IncompleteError(Exception):
    """The journey lacks required answers; `problems` says which, by the page that fixes each."""

    def __init__(self, data: JourneyData, problems: dict[str, str]) -> None:
        super().__init__(", ".join(problems.values()))
        self.data = data
        self.problems = problems


class TooFastError(Exception):
    """This client has submitted its limit of responses for now; nothing was stored."""


def find_submitted(session: Session, token: str) -> str | None:
    """The reference of the response already submitted from this journey, if any."""
    return session.scalar(select(Response.reference).where(Response.journey_token == token))


def submit(
    factory: sessionmaker[Session],
    shape: Shape,
    token: str,
    keep_email: bool,
    admit: Callable[[Session], bool],
    equality: Mapping[str, str] | None = None,
) -> str:
    """Store the journey as a response (once) and return its receipt reference.

    The e-mail address for a receipt is stored only when `keep_email` (when one can be sent).
    `equality` (answers given with consent) goes to the pending pool after the response is
    stored, in a transaction of its own, and only when this call stored it (never on a repeat).

    One transaction checks for an earlier submit, checks the answers, asks `admit` (the rate
    limit, counted in the same transaction) and stores them, so a journey is stored exactly once
    even when the same form arrives twice at the same moment.
    """
    for _ in range(5):
        try:
            with factory() as session, session.begin():
                # Storing a response deletes its journey in the same transaction, so while the
                # journey is there it has not been submitted; once it is gone, look for the
                # response it became.
                data = _journey_data(session, token, shape.consultation_id)
                if data is None:
                    if (reference := find_submitted(session, token)) is not None:
                        return reference
                    raise JourneyGoneError
                if problems := incomplete(shape, data):
                    raise IncompleteError(data, problems)
                if not admit(session):
                    raise TooFastError
                reference = _store(session, shape, token, data, keep_email)
        except IntegrityError:
            continue  # the same journey submitted at the same time, or a reference collision
        if equality:
            pool_equality(factory, shape.consultation_id, equality)
        return reference
    with factory() as session:
        if (reference := find_submitted(session, token)) is not None:
            return reference
    raise JourneyGoneError


# The tables themselves, for the plain Core statements of `_store`.
_RESPONSES = Response.metadata.tables[Response.__tablename__]
_ANSWERS = Answer.metadata.tables[Answer.__tablename__]
_JOURNEYS = Journey.metadata.tables[Journey.__tablename__]


_JOURNEY_DATA = select(_JOURNEYS.c.consultation_id, _JOURNEYS.c.data).where(
    _JOURNEYS.c.token == bindparam("token")
)
_DELETE_JOURNEY = delete(_JOURNEYS).where(_JOURNEYS.c.token == bindparam("token"))
_INSERT_RESPONSE = insert(_RESPONSES).returning(_RESPONSES.c.id)
_INSERT_ANSWERS = insert(_ANSWERS)


def _journey_data(session: Session, token: str, consultation_id: int) -> JourneyData | None:
    """Like `load_journey`, with one plain query (no ORM object), as submitting runs often."""
    row = session.connection().execute(_JOURNEY_DATA, {"token": token}).first()
    if row is None or row.consultation_id != consultation_id:
        return None
    return JourneyData.from_json(row.data)


def _store(session: Session, shape: Shape, token: str, data: JourneyData, keep_email: bool) -> str:
    """Insert the response and its answers, and delete the journey.

    Plain Core statements rather than the ORM's unit of work: this runs inside the write lock,
    so every millisecond saved here is saved for each submission queued behind it.
    """
    connection = session.connection()
    ward_ids = shape.ward_ids
    ward_id = int(data.ward) if data.ward.isdigit() and int(data.ward) in ward_ids else None
    reference = new_reference()
    response_id = connection.execute(
        _INSERT_RESPONSE,
        {
            "consultation_id": shape.consultation_id,
            "journey_token": token,
            "reference": reference,
            "submitted_at": utc_now(),
            "respondent_type": data.respondent_type,
            "ward_id": ward_id,
            "receipt_email": (data.email or None) if keep_email else None,
        },
    ).scalar_one()
    rows: list[dict[str, object]] = []
    shown = asked(shape, data)
    for question in shape.questions:
        answer = data.answers.get(question.id)
        if answer is None or answer.is_empty() or question.id not in shown:
            continue  # a question not asked never has an answer stored
        if question.kind in TYPED_KINDS:
            rows.append(_answer_row(response_id, question.id, text=answer.text))
        elif question.kind == "ranking":
            rows.extend(
                _answer_row(response_id, question.id, choice_id=choice_id, rank=int(rank))
                for choice_id, rank in answer.ranks
            )
        else:
            rows.extend(
                _answer_row(
                    response_id,
                    question.id,
                    choice_id=choice_id,
                    text=answer.text if choice_id == question.spec.other_id else None,
                )
                for choice_id in answer.choice_ids
            )
    if rows:
        connection.execute(_INSERT_ANSWERS, rows)
    connection.execute(_DELETE_JOURNEY, {"token": token})
    return reference


def _answer_row(
    response_id: int,
    question_id: int,
    choice_id: int | None = None,
    rank: int | None = None,
    text: str | None = None,
) -> dict[str, object]:
    """One row of `consult_answers` (every row has every column, for one multi-row insert)."""
    return {
        "response_id": response_id,
        "question_id": question_id,
        "choice_id": choice_id,
        "rank": rank,
        "text": text,
    }
