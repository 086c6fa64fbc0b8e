"""Opinion statements in the database: adding, moderating, voting (one vote each, replaced), counts.

Officer actions are audited in the same transaction as the change they record.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from townhall.consult.analysis.opinion import Vote, VoteValue
from townhall.consult.audit import record
from townhall.consult.models import Consultation, Statement, StatementVote, User, utc_now


@dataclass(frozen=True)
class StatementTally:
    """An approved statement with its votes counted (no voter is named); plain values, so it
    can be kept after its database session ends."""

    id: int
    text: str
    origin: str
    agree: int
    disagree: int
    passed: int

    @property
    def votes(self) -> int:
        return self.agree + self.disagree + self.passed


def add_officer_statement(
    session: Session, consultation: Consultation, text: str, user: User
) -> Statement:
    """An officer's statement, shown at once (officers write them; no moderation needed)."""
    statement = Statement(
        consultation_id=consultation.id,
        text=text,
        origin="officer",
        moderation="approved",
        moderated_at=utc_now(),
        moderated_by=user.email,
    )
    session.add(statement)
    session.flush()
    record(session, user, "add statement", f"statement {statement.id}", text)
    return statement


def submit_resident_statement(
    session: Session, consultation: Consultation, text: str, participant: str
) -> Statement:
    """A resident's statement, held for an officer to approve before anyone sees it."""
    statement = Statement(
        consultation_id=consultation.id,
        text=text,
        origin="resident",
        moderation="pending",
        author_token=participant,
    )
    session.add(statement)
    return statement


def statements(session: Session, consultation: Consultation, moderation: str) -> list[Statement]:
    """The consultation's statements in one moderation state, oldest first."""
    return list(
        session.scalars(
            select(Statement)
            .where(Statement.consultation_id == consultation.id, Statement.moderation == moderation)
            .order_by(Statement.id)
        )
    )


def approved_statement(
    session: Session, consultation: Consultation, statement_id: int
) -> Statement | None:
    """An approved statement of this consultation, or None (pending and rejected are never shown)."""
    return session.scalar(
        select(Statement).where(
            Statement.id == statement_id,
            Statement.consultation_id == consultation.id,
            Statement.moderation == "approved",
        )
    )


def moderate_statement(
    session: Session, statement: Statement, decision: str, reason: str, user: User
) -> None:
    """Approve or reject a statement (with the reason), audited."""
    statement.moderation = "approved" if decision == "approve" else "rejected"
    statement.reason = reason
    statement.moderated_at = utc_now()
    statement.moderated_by = user.email
    record(
        session,
        user,
        f"{decision} statement",
        f"statement {statement.id}",
        f"{statement.text}\nReason: {reason}" if reason else statement.text,
    )


def my_votes(session: Session, consultation: Consultation, participant: str) -> dict[int, int]:
    """This participant's votes on the consultation's statements, by statement id."""
    rows = session.execute(
        select(StatementVote.statement_id, StatementVote.value)
        .join(Statement, Statement.id == StatementVote.statement_id)
        .where(
            Statement.consultation_id == consultation.id,
            StatementVote.participant == participant,
        )
    ).all()
    return {int(statement_id): int(value) for statement_id, value in rows}


def cast_vote(session: Session, statement: Statement, participant: str, value: int) -> None:
    """Record a vote; a participant's earlier vote on the same statement is replaced, not added.

    The unique (statement, participant) constraint settles two first votes sent at once: the
    loser's insert fails inside a savepoint and becomes an update.
    """
    if _replace_vote(session, statement, participant, value):
        return
    try:
        with session.begin_nested():
            session.add(
                StatementVote(statement_id=statement.id, participant=participant, value=value)
            )
    except IntegrityError:
        _replace_vote(session, statement, participant, value)


def _replace_vote(session: Session, statement: Statement, participant: str, value: int) -> bool:
    existing = session.scalar(
        select(StatementVote).where(
            StatementVote.statement_id == statement.id, StatementVote.participant == participant
        )
    )
    if existing is None:
        return False
    existing.value = value
    existing.voted_at = utc_now()
    return True


def tallies(session: Session, consultation: Consultation) -> list[StatementTally]:
    """Every approved statement with its agree, disagree and pass counts."""
    counts: dict[tuple[int, int], int] = {
        (statement_id, value): count
        for statement_id, value, count in session.execute(
            select(StatementVote.statement_id, StatementVote.value, func.count())
            .join(Statement, Statement.id == StatementVote.statement_id)
            .where(Statement.consultation_id == consultation.id)
            .group_by(StatementVote.statement_id, StatementVote.value)
        ).all()
    }
    return [
        StatementTally(
            s.id,
            s.text,
            s.origin,
            counts.get((s.id, 1), 0),
            counts.get((s.id, -1), 0),
            counts.get((s.id, 0), 0),
        )
        for s in statements(session, consultation, "approved")
    ]


def participant_count(session: Session, consultation: Consultation) -> int:
    """How many different participants have voted on this consultation's approved statements."""
    return (
        session.scalar(
            select(func.count(func.distinct(StatementVote.participant)))
            .join(Statement, Statement.id == StatementVote.statement_id)
            .where(Statement.consultation_id == consultation.id, Statement.moderation == "approved")
        )
        or 0
    )


def votes_for_analysis(session: Session, consultation: Consultation) -> list[Vote]:
    """Votes on approved statements for the opinion-group analysis, statements named by id."""
    rows = session.execute(
        select(StatementVote.participant, StatementVote.statement_id, StatementVote.value)
        .join(Statement, Statement.id == StatementVote.statement_id)
        .where(Statement.consultation_id == consultation.id, Statement.moderation == "approved")
        .order_by(StatementVote.id)
    ).all()
    return [
        Vote(participant, str(statement_id), _value(value))
        for participant, statement_id, value in rows
    ]


def _value(value: int) -> VoteValue:
    return 1 if value > 0 else -1 if value < 0 else 0
