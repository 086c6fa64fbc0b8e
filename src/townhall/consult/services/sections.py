"""Sections of a consultation: questions grouped under a title, in the order residents meet them.

Questions are numbered through the whole consultation; those in no section come first, then
each section's, so a section's questions always follow one another.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from townhall.consult.audit import record
from townhall.consult.models import Consultation, Question, Section, User
from townhall.consult.rules.routing import order_problems
from townhall.consult.services.consultations import correct
from townhall.consult.services.refusals import ChangeRefusedError
from townhall.consult.services.routing import routed


def grouped(questions: Iterable[Question]) -> list[tuple[Section | None, list[Question]]]:
    """The questions in order, in runs of the same section (None: before the first section)."""
    groups: list[tuple[Section | None, list[Question]]] = []
    for question in questions:
        if groups and groups[-1][0] is question.section:
            groups[-1][1].append(question)
        else:
            groups.append((question.section, [question]))
    return groups


def _section_rank(consultation: Consultation) -> dict[int | None, int]:
    return {None: 0} | {section.id: index for index, section in enumerate(consultation.sections, 1)}


def renumber(consultation: Consultation) -> None:
    """Put the questions in section order (stable within each) and number them 1, 2, 3…; refuse
    an order that would ask a routed question before the one it depends on, naming both."""
    rank = _section_rank(consultation)
    ordered = sorted(
        consultation.questions,
        key=lambda q: (rank.get(q.section.id if q.section else None, 0), q.position),
    )
    if problems := order_problems(routed(ordered)):
        raise ChangeRefusedError(". ".join(problems))
    for position, question in enumerate(ordered, 1):
        question.position = position
    consultation.questions.sort(key=lambda q: q.position)


def _draft_only(consultation: Consultation, doing: str) -> None:
    if consultation.status != "draft":
        raise ChangeRefusedError(f"You can only {doing} while the consultation is a draft")


def section_by_id(consultation: Consultation, section_id: int) -> Section:
    """One of the consultation's sections (refused if it has no such section)."""
    found = next((s for s in consultation.sections if s.id == section_id), None)
    if found is None:
        raise ChangeRefusedError("There is no such section")
    return found


def add_section(
    session: Session, consultation: Consultation, title: str, intro: str, user: User
) -> Section:
    """A new section at the end (drafts only)."""
    _draft_only(consultation, "add a section")
    section = Section(position=len(consultation.sections) + 1, title=title, intro=intro)
    consultation.sections.append(section)
    consultation.signed_off_by = consultation.signed_off_at = None
    record(session, user, "add section", f"consultation {consultation.id}", title)
    return section


def edit_section(
    session: Session,
    consultation: Consultation,
    section_id: int,
    title: str,
    intro: str,
    user: User,
    reason: str = "",
) -> None:
    """Change a section's title and introduction: freely in a draft, once published only as a
    correction with its reason (residents may have read it)."""
    section = section_by_id(consultation, section_id)

    def change() -> None:
        section.title, section.intro = title, intro

    if consultation.status != "draft":
        correct(session, consultation, reason, user, change)
        return
    change()
    consultation.signed_off_by = consultation.signed_off_at = None
    record(session, user, "edit section", f"consultation {consultation.id}", title)


def move_section(
    session: Session, consultation: Consultation, section_id: int, up: bool, user: User
) -> None:
    """Move a section, with its questions, one place up or down (drafts only)."""
    _draft_only(consultation, "reorder the sections")
    sections = consultation.sections
    index = sections.index(section_by_id(consultation, section_id))
    other = index - 1 if up else index + 1
    if not 0 <= other < len(sections):
        return
    sections[index].position, sections[other].position = (
        sections[other].position,
        sections[index].position,
    )
    sections.sort(key=lambda s: s.position)
    renumber(consultation)
    consultation.signed_off_by = consultation.signed_off_at = None
    record(
        session,
        user,
        "move section",
        f"consultation {consultation.id}",
        f"{sections[other].title} {'up' if up else 'down'}",
    )


def remove_section(
    session: Session, consultation: Consultation, section_id: int, user: User
) -> None:
    """Remove a section (drafts only); its questions join the section before it, keeping their
    order, so no routing changes."""
    _draft_only(consultation, "remove a section")
    section = section_by_id(consultation, section_id)
    index = consultation.sections.index(section)
    before = consultation.sections[index - 1] if index else None
    for question in consultation.questions:
        if question.section is section:
            question.section = before
    consultation.sections.remove(section)
    for position, kept in enumerate(consultation.sections, 1):
        kept.position = position
    renumber(consultation)
    consultation.signed_off_by = consultation.signed_off_at = None
    record(session, user, "remove section", f"consultation {consultation.id}", section.title)


def place(
    session: Session,
    consultation: Consultation,
    question: Question,
    section_id: int | None,
    user: User,
) -> None:
    """Put a question in a section (None: before the first section), at the end of that
    section's questions if it moves; drafts only. Refused if routing would break."""
    section = section_by_id(consultation, section_id) if section_id is not None else None
    if question.section is section:
        if consultation.status == "draft":
            renumber(consultation)  # a new question joins the end of its section
        return
    _draft_only(consultation, "move a question to another section")
    question.section = section
    question.position = len(consultation.questions) + 1  # last of its new section
    renumber(consultation)
    consultation.signed_off_by = consultation.signed_off_at = None
    record(
        session,
        user,
        "move question to section",
        f"consultation {consultation.id}",
        f"{question.prompt} -> {section.title if section else 'no section'}",
    )
