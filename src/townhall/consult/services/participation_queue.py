"""What is waiting for moderation in each consultation: statements, ideas and comments."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from townhall.consult.models import Consultation, Idea, IdeaComment, Statement


@dataclass(frozen=True)
class Waiting:
    """A consultation and how many of each kind of contribution wait for an officer."""

    consultation: Consultation
    statements: int
    ideas: int
    comments: int

    @property
    def total(self) -> int:
        return self.statements + self.ideas + self.comments


def waiting(session: Session) -> list[Waiting]:
    """Every consultation with its pending counts: those with most waiting first, then newest."""
    statements = dict(
        session.execute(
            select(Statement.consultation_id, func.count())
            .where(Statement.moderation == "pending")
            .group_by(Statement.consultation_id)
        ).all()
    )
    ideas = dict(
        session.execute(
            select(Idea.consultation_id, func.count())
            .where(Idea.moderation == "pending")
            .group_by(Idea.consultation_id)
        ).all()
    )
    comments = dict(
        session.execute(
            select(Idea.consultation_id, func.count())
            .join(IdeaComment, IdeaComment.idea_id == Idea.id)
            .where(IdeaComment.moderation == "pending")
            .group_by(Idea.consultation_id)
        ).all()
    )
    rows = [
        Waiting(c, statements.get(c.id, 0), ideas.get(c.id, 0), comments.get(c.id, 0))
        for c in session.scalars(select(Consultation).order_by(Consultation.created_at.desc()))
    ]
    return sorted(rows, key=lambda row: -row.total)
