"""What every officer page about one consultation shares: the consultation (404 if there is
none), whether the signed-in officer may change it (its owners and admins; a refusal is a plain
403, audited), and a change made in one transaction: committed, or rolled back with the reason it
was refused. CSRF is checked by each router; each change audits itself in its service."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from townhall.consult.access import database, staff
from townhall.consult.audit import record
from townhall.consult.models import Consultation, Question, User
from townhall.consult.services.consultations import may_change
from townhall.consult.services.refusals import ChangeRefusedError


def staff_consultation(session: Session, consultation_id: int) -> Consultation:
    """A consultation by id for staff pages (any status), else 404."""
    consultation = session.get(Consultation, consultation_id)
    if consultation is None:
        raise HTTPException(status_code=404, detail="There is no such consultation.")
    return consultation


def question_of(consultation: Consultation, question_id: int) -> Question:
    """One of the consultation's questions by id, else 404."""
    for question in consultation.questions:
        if question.id == question_id:
            return question
    raise HTTPException(status_code=404, detail="There is no such question.")


def changer(
    consultation_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> User:
    """The signed-in officer, if they may change this consultation (its owners and admins); a
    refusal is audited with what was tried, as sign-in refusals are."""
    consultation = session.get(Consultation, consultation_id)
    if consultation is not None and not may_change(consultation, user):
        # In this request's own (writing) session: a second writer would wait for its lock.
        record(
            session,
            user,
            "refused: not an owner",
            f"consultation {consultation_id}",
            f"{request.method} {request.url.path}",
        )
        session.commit()
        raise HTTPException(
            status_code=403, detail="Only the consultation's owners and admins can change it."
        )
    return user


@dataclass
class Changing:
    """A consultation its owner (or an admin) is changing, in this request's writing session."""

    consultation: Consultation
    user: User
    session: Session

    def refusal(self, change: Callable[[Consultation], object]) -> ChangeRefusedError | None:
        """Make `change` and commit it; or roll back, load the consultation afresh (for the page
        that says why) and return the refusal."""
        try:
            change(self.consultation)
        except ChangeRefusedError as refused:
            self.session.rollback()
            self.consultation = staff_consultation(self.session, self.consultation.id)
            return refused
        self.session.commit()
        return None


def changing(
    consultation_id: int,
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Changing:
    """The consultation being changed, once its owner or an admin is known to be asking."""
    return Changing(staff_consultation(session, consultation_id), user, session)
