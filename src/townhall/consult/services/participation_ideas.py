"""Residents' ideas in the database: proposing, supporting, commenting, moderating, public status.

Officer actions are audited in the same transaction as the change they record.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from townhall.consult.audit import record
from townhall.consult.models import (
    Consultation,
    Idea,
    IdeaComment,
    IdeaSupport,
    User,
    Ward,
    utc_now,
)


@dataclass(frozen=True)
class IdeaView:
    """An idea as residents see it: its ward's name, support count and approved comments."""

    idea: Idea
    ward: str
    supporters: int
    comments: list[IdeaComment]
    supported_by_me: bool


def consultation_wards(session: Session, consultation: Consultation) -> list[Ward]:
    """The wards an idea can be about: the consultation's, or every ward when it names none."""
    if consultation.wards:
        return list(consultation.wards)
    return list(session.scalars(select(Ward).order_by(Ward.name)))


def propose_idea(
    session: Session,
    consultation: Consultation,
    title: str,
    description: str,
    ward_id: int | None,
    participant: str,
) -> Idea:
    """A resident's idea, held for moderation; it starts "under consideration" once approved."""
    idea = Idea(
        consultation_id=consultation.id,
        title=title,
        description=description,
        ward_id=ward_id,
        author_token=participant,
        moderation="pending",
        status="under_consideration",
    )
    session.add(idea)
    return idea


def ideas(session: Session, consultation: Consultation, moderation: str) -> list[Idea]:
    """The consultation's ideas in one moderation state, oldest first."""
    return list(
        session.scalars(
            select(Idea)
            .where(Idea.consultation_id == consultation.id, Idea.moderation == moderation)
            .order_by(Idea.id)
        )
    )


def approved_idea(session: Session, consultation: Consultation, idea_id: int) -> Idea | None:
    """An approved idea of this consultation, or None (pending and rejected ideas are not shown)."""
    return session.scalar(
        select(Idea).where(
            Idea.id == idea_id,
            Idea.consultation_id == consultation.id,
            Idea.moderation == "approved",
        )
    )


def idea_view(session: Session, idea: Idea, participant: str | None) -> IdeaView:
    """The idea with what residents may see of it."""
    ward = session.get(Ward, idea.ward_id) if idea.ward_id is not None else None
    return IdeaView(
        idea=idea,
        ward=ward.name if ward else "",
        supporters=len(idea.supports),
        comments=[c for c in idea.comments if c.moderation == "approved"],
        supported_by_me=participant is not None
        and any(s.participant == participant for s in idea.supports),
    )


def support(session: Session, idea: Idea, participant: str) -> None:
    """Add this participant's support, once: supporting again changes nothing."""
    if any(s.participant == participant for s in idea.supports):
        return
    try:
        with session.begin_nested():
            session.add(IdeaSupport(idea_id=idea.id, participant=participant))
    except IntegrityError:
        return


def comment(session: Session, idea: Idea, text: str, participant: str) -> IdeaComment:
    """A resident's comment, held for moderation."""
    made = IdeaComment(idea_id=idea.id, author_token=participant, text=text, moderation="pending")
    session.add(made)
    return made


def pending_comments(
    session: Session, consultation: Consultation
) -> list[tuple[IdeaComment, Idea]]:
    """Comments waiting for moderation on this consultation's ideas, with their idea."""
    rows = session.execute(
        select(IdeaComment, Idea)
        .join(Idea, Idea.id == IdeaComment.idea_id)
        .where(Idea.consultation_id == consultation.id, IdeaComment.moderation == "pending")
        .order_by(IdeaComment.id)
    ).all()
    return [(found, idea) for found, idea in rows]


def moderate_idea(session: Session, idea: Idea, decision: str, reason: str, user: User) -> None:
    """Approve or reject a proposed idea (with the reason), audited."""
    idea.moderation = "approved" if decision == "approve" else "rejected"
    idea.moderation_reason = reason
    record(session, user, f"{decision} idea", f"idea {idea.id}", _detail(idea.title, reason))


def moderate_comment(
    session: Session, found: IdeaComment, decision: str, reason: str, user: User
) -> None:
    """Approve or reject a comment (with the reason), audited."""
    found.moderation = "approved" if decision == "approve" else "rejected"
    found.reason = reason
    record(session, user, f"{decision} comment", f"comment {found.id}", _detail(found.text, reason))


def set_status(session: Session, idea: Idea, status: str, reason: str, user: User) -> None:
    """Give an idea its public status and the reason residents read, audited."""
    idea.status = status
    idea.status_reason = reason
    idea.status_at = utc_now()
    record(session, user, "set idea status", f"idea {idea.id}", _detail(status, reason))


def _detail(text: str, reason: str) -> str:
    return f"{text}\nReason: {reason}" if reason else text
