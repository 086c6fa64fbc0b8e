"""Responses that reach the council another way (paper, phone), typed in by an officer; finding
any response by its receipt reference; withdrawing one at the resident's request.

Withdrawing deletes the response and its answers (the resident asked for it to be taken out), and
the audit log keeps who withdrew which reference, when and why. Equality answers are stored apart
from responses and cannot be matched to them, so they stay in the aggregates.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from townhall.consult.audit import record
from townhall.consult.models import Answer, Consultation, Response, User
from townhall.consult.rules.questions import TYPED_KINDS, AnswerValue
from townhall.consult.rules.references import is_reference, new_reference
from townhall.consult.services.routing import shown_for

CHANNELS = {"paper": "On paper (by post or by hand)", "phone": "By phone"}
CHANNEL_NAMES = {"online": "Online", "paper": "On paper", "phone": "By phone"}


@dataclass(frozen=True)
class EnteredResponse:
    """A paper or phone response as the officer typed it, already checked."""

    channel: str
    received_on: date
    respondent_type: str
    ward_id: int | None
    answers: dict[int, AnswerValue]


def normalised_reference(text: str) -> str:
    """A reference as typed ("7kqm 29xd", "7KQM29XD") in its printed form, "7KQM-29XD"."""
    letters = re.sub(r"[^0-9A-Z]", "", text.upper())
    return f"{letters[:4]}-{letters[4:]}" if len(letters) == 8 else text.strip().upper()


def enter_response(
    session: Session, consultation: Consultation, entered: EnteredResponse, user: User
) -> str:
    """Store the response, marked as entered by `user`; its new receipt reference."""
    reference = new_reference()
    while session.scalar(select(Response.id).where(Response.reference == reference)):
        reference = new_reference()
    response = Response(
        consultation_id=consultation.id,
        journey_token="entered-" + secrets.token_hex(16),
        reference=reference,
        respondent_type=entered.respondent_type,
        ward_id=entered.ward_id,
        channel=entered.channel,
        entered_by=user.email,
        received_on=entered.received_on,
    )
    shown = shown_for(consultation.questions, entered.answers)
    for question in consultation.questions:
        answer = entered.answers.get(question.id)
        if answer is None or answer.is_empty() or question.id not in shown:
            continue  # a question not asked never has an answer stored
        if question.kind in TYPED_KINDS:
            response.answers.append(Answer(question_id=question.id, text=answer.text))
        elif question.kind == "ranking":
            response.answers.extend(
                Answer(question_id=question.id, choice_id=choice_id, rank=int(rank))
                for choice_id, rank in answer.ranks
            )
        else:
            other = next((c.id for c in question.choices if c.is_other), None)
            response.answers.extend(
                Answer(
                    question_id=question.id,
                    choice_id=choice_id,
                    text=answer.text if choice_id == other else None,
                )
                for choice_id in answer.choice_ids
            )
    session.add(response)
    session.flush()
    record(
        session,
        user,
        "enter response",
        f"consultation {consultation.id}",
        f"{reference}: {CHANNEL_NAMES[entered.channel].lower()}, received "
        f"{entered.received_on.isoformat()}",
    )
    return reference


def find_response(session: Session, consultation: Consultation, typed: str) -> Response | None:
    """The consultation's response with this receipt reference, however it was typed."""
    reference = normalised_reference(typed)
    if not is_reference(reference):
        return None
    return session.scalar(
        select(Response).where(
            Response.consultation_id == consultation.id, Response.reference == reference
        )
    )


def withdraw_response(
    session: Session, consultation: Consultation, response: Response, reason: str, user: User
) -> None:
    """Take a response out at the resident's request: deleted with its answers, audited."""
    how = CHANNEL_NAMES.get(response.channel, response.channel).lower()
    record(
        session,
        user,
        "withdraw response",
        f"consultation {consultation.id}",
        f"{response.reference} ({how}, sent {response.submitted_at:%Y-%m-%d %H:%M}) withdrawn at "
        f"the resident's request. Why: {reason}",
    )
    session.delete(response)
