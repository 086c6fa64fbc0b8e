"""Wards: added, listed, renamed, merged and removed; names trimmed and compared without case, so
" abbey " is the same ward as "Abbey". Every change is audited."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from townhall.consult.audit import record
from townhall.consult.models import (
    CommunityGroup,
    Engagement,
    Idea,
    Response,
    User,
    Ward,
    WardNote,
    consultation_wards,
    councillor_wards,
)

MAX_NAME = 120


class WardRefusedError(Exception):
    """A ward change that cannot be made (its message says why, for the page or command)."""


@dataclass(frozen=True)
class WardRow:
    """A ward with how much refers to it."""

    ward: Ward
    consultations: int
    responses: int
    councillors: int


def tidy(name: str) -> str:
    """A ward name trimmed, with runs of spaces made one."""
    return " ".join(name.split())


def name_problem(name: str) -> str | None:
    """Why a (tidied) ward name cannot be used, or None."""
    if not name:
        return "Enter the ward name"
    if len(name) > MAX_NAME:
        return f"The ward name must be {MAX_NAME} characters or fewer"
    return None


def find(session: Session, name: str) -> Ward | None:
    """The ward with this name, ignoring case and spacing."""
    return session.scalar(select(Ward).where(func.lower(Ward.name) == tidy(name).lower()))


def add(session: Session, name: str, user: User | None, actor: str = "") -> Ward:
    """The ward with this name, created if there is none (ignoring case and spacing)."""
    name = tidy(name)
    if problem := name_problem(name):
        raise WardRefusedError(problem)
    ward = find(session, name)
    if ward is None:
        ward = Ward(name=name)
        session.add(ward)
        session.flush()
        record(session, user, "add ward", f"ward {ward.id}", name, actor=actor)
    return ward


def listed(session: Session) -> list[WardRow]:
    """Every ward by name, with its consultations, responses and councillors."""

    def counts(column: object) -> dict[int, int]:
        return dict(session.execute(select(column, func.count()).group_by(column)).all())  # type: ignore[call-overload]

    consultations = counts(consultation_wards.c.ward_id)
    responses = counts(Response.ward_id)
    councillors = counts(councillor_wards.c.ward_id)
    return [
        WardRow(w, consultations.get(w.id, 0), responses.get(w.id, 0), councillors.get(w.id, 0))
        for w in session.scalars(select(Ward).order_by(func.lower(Ward.name)))
    ]


def rename(session: Session, ward: Ward, new_name: str, user: User | None, actor: str = "") -> None:
    """Give a ward a new name (not one another ward has, ignoring case)."""
    name = tidy(new_name)
    if problem := name_problem(name):
        raise WardRefusedError(problem)
    other = find(session, name)
    if other is not None and other.id != ward.id:
        raise WardRefusedError(
            f"There is already a ward called {other.name}: merge the two wards instead"
        )
    old, ward.name = ward.name, name
    record(session, user, "rename ward", f"ward {ward.id}", f"{old} -> {name}", actor=actor)


def merge(session: Session, source: Ward, target: Ward, user: User | None, actor: str = "") -> None:
    """Fold `source` into `target`: its responses, ideas, notes, consultations and councillors
    move to `target`, then `source` is deleted."""
    if source.id == target.id:
        raise WardRefusedError("Choose two different wards to merge")
    for model in (Response, Idea, WardNote, CommunityGroup, Engagement):
        session.execute(update(model).where(model.ward_id == source.id).values(ward_id=target.id))
    for table, owner in (
        (consultation_wards, consultation_wards.c.consultation_id),
        (councillor_wards, councillor_wards.c.user_id),
    ):
        moving = set(session.scalars(select(owner).where(table.c.ward_id == source.id)))
        already = set(session.scalars(select(owner).where(table.c.ward_id == target.id)))
        session.execute(delete(table).where(table.c.ward_id == source.id))
        for owner_id in sorted(moving - already):
            session.execute(insert(table).values({owner.key: owner_id, "ward_id": target.id}))
    record(
        session,
        user,
        "merge wards",
        f"ward {target.id}",
        f"{source.name} merged into {target.name}",
        actor=actor,
    )
    session.delete(source)
    session.flush()
    session.expire_all()


def remove(session: Session, ward: Ward, user: User | None, actor: str = "") -> None:
    """Remove a ward no response or idea names (merge it into another if any does)."""
    used = session.scalar(select(func.count()).where(Response.ward_id == ward.id)) or 0
    used += session.scalar(select(func.count()).where(Idea.ward_id == ward.id)) or 0
    if used:
        raise WardRefusedError(
            f"{ward.name} is named by {used} response(s) or idea(s): merge it into another ward "
            "instead, so they are kept"
        )
    record(session, user, "remove ward", f"ward {ward.id}", ward.name, actor=actor)
    session.delete(ward)
    session.flush()


def set_councillor_wards(
    session: Session, councillor: User, ward_ids: set[int], user: User
) -> None:
    """The wards a councillor represents (what their ward pages show)."""
    if councillor.role != "councillor":
        raise WardRefusedError("Only a councillor represents wards")
    wards = list(session.scalars(select(Ward).where(Ward.id.in_(ward_ids)).order_by(Ward.name)))
    old = ", ".join(w.name for w in councillor.wards) or "none"
    councillor.wards = wards
    record(
        session,
        user,
        "set councillor wards",
        f"user {councillor.id}",
        f"{councillor.email}: {old} -> " + (", ".join(w.name for w in wards) or "none"),
    )
