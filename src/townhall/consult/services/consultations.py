"""Building a consultation: details, alternatives, questions, documents, wards, linked schemes, status.

Every change is audited in the same transaction as the change itself.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from townhall.consult.audit import record
from townhall.consult.models import (
    Alternative,
    Choice,
    Consultation,
    Document,
    LinkedScheme,
    Question,
    Section,
    StatusChange,
    User,
    Version,
    Ward,
)
from townhall.consult.models.base import utc_now
from townhall.consult.rules.closing import Closing, closing
from townhall.consult.rules.details import ConsultationDetails, QuestionDetails
from townhall.consult.rules.links import NOT_LINKED, PROPOSAL, alternative_link
from townhall.consult.rules.questions import OTHER_LABEL, SCALE_LABELS
from townhall.consult.rules.routing import options_problem, order_problems, removal_problem
from townhall.consult.rules.uploads import DocumentType
from townhall.consult.services import versions, wards
from townhall.consult.services.refusals import ChangeRefusedError as ChangeRefusedError
from townhall.consult.services.routing import routed


class PublishRefusedError(ChangeRefusedError):
    """A draft that cannot be published yet: each missing part, keyed by the overview's section."""

    def __init__(self, missing: dict[str, str]) -> None:
        super().__init__(" ".join(missing.values()))
        self.missing = missing


def may_change(consultation: Consultation, user: User) -> bool:
    """Admins, and the consultation's owners (any officer while it has none, as before owners)."""
    return (
        user.role == "admin"
        or not consultation.owners
        or any(owner.id == user.id for owner in consultation.owners)
    )


def set_owners(
    session: Session, consultation: Consultation, owner_ids: set[int], user: User
) -> None:
    """The officers and admins who may change it (at least one)."""
    owners = list(
        session.scalars(
            select(User).where(User.id.in_(owner_ids), User.role.in_(("admin", "officer")))
        )
    )
    if not owners:
        raise ChangeRefusedError("Select at least one owner")
    old = ", ".join(owner.email for owner in consultation.owners) or "none"
    consultation.owners = owners
    record(
        session,
        user,
        "set owners",
        f"consultation {consultation.id}",
        f"Old: {old}\nNew: " + ", ".join(owner.email for owner in owners),
    )


def require_sign_off(
    session: Session, consultation: Consultation, required: bool, user: User
) -> None:
    """Whether publishing needs an admin's sign-off first (drafts only)."""
    _require_draft(consultation, "change whether it needs sign-off")
    consultation.sign_off_required = required
    _draft_changed(consultation)
    record(
        session,
        user,
        "require sign-off" if required else "drop sign-off",
        f"consultation {consultation.id}",
    )


def sign_off(session: Session, consultation: Consultation, user: User) -> None:
    """An admin signs the draft off for publishing, as it stands now."""
    _require_draft(consultation, "sign it off")
    if user.role != "admin":
        raise ChangeRefusedError("Only an admin can sign a consultation off")
    consultation.signed_off_by, consultation.signed_off_at = user.email, utc_now()
    record(session, user, "sign off consultation", f"consultation {consultation.id}")


def _draft_changed(consultation: Consultation) -> None:
    """Any change to a draft needs signing off again."""
    consultation.signed_off_by = consultation.signed_off_at = None


def delete_draft(session: Session, consultation: Consultation, user: User) -> None:
    """Delete a draft and everything in it (a published consultation is never deleted)."""
    _require_draft(consultation, "delete it")
    record(
        session,
        user,
        "delete draft",
        f"consultation {consultation.id}",
        f"{consultation.title} ({consultation.slug})",
    )
    session.delete(consultation)


def clone(session: Session, consultation: Consultation, user: User) -> Consultation:
    """A new draft copying the consultation's details, alternatives, questions (with their report
    links), documents, wards and schemes; owned by `user`; dates and outcome left as they were."""
    slug = consultation.slug[:70] + "-copy"
    number = 1
    while slug_taken(session, slug):
        number += 1
        slug = f"{consultation.slug[:66]}-copy-{number}"
    copy = Consultation(
        owners=[user],
        slug=slug,
        title=("Copy of " + consultation.title)[:200],
        summary=consultation.summary,
        proposal=consultation.proposal,
        contact=consultation.contact,
        opens_on=consultation.opens_on,
        closes_on=consultation.closes_on,
        status="draft",
        wards=list(consultation.wards),
        alternatives=[
            Alternative(
                position=a.position,
                title=a.title,
                description=a.description,
                reason_not_preferred=a.reason_not_preferred,
            )
            for a in consultation.alternatives
        ],
        schemes=[
            LinkedScheme(position=s.position, scheme_name=s.scheme_name, label=s.label)
            for s in consultation.schemes
        ],
    )
    session.add(copy)
    session.flush()
    new_links = {
        alternative_link(old.id): alternative_link(new.id)
        for old, new in zip(consultation.alternatives, copy.alternatives, strict=True)
    } | {PROPOSAL: PROPOSAL, NOT_LINKED: NOT_LINKED}
    copy.sections = [
        Section(position=section.position, title=section.title, intro=section.intro)
        for section in consultation.sections
    ]
    new_sections = dict(zip(consultation.sections, copy.sections, strict=True))
    copy.questions = [
        Question(
            position=q.position,
            kind=q.kind,
            prompt=q.prompt,
            hint=q.hint,
            required=q.required,
            max_length=q.max_length,
            speaks_to=new_links.get(q.speaks_to, NOT_LINKED),
            section=new_sections.get(q.section) if q.section else None,
            choices=[
                Choice(
                    position=c.position,
                    label=c.label,
                    speaks_to=new_links.get(c.speaks_to, NOT_LINKED),
                    is_other=c.is_other,
                )
                for c in q.choices
            ],
        )
        for q in consultation.questions
    ]
    new_choices = {
        old.id: new
        for old_question, new_question in zip(consultation.questions, copy.questions, strict=True)
        for old, new in zip(old_question.choices, new_question.choices, strict=True)
    }
    for old_question, new_question in zip(consultation.questions, copy.questions, strict=True):
        new_question.shown_if = [new_choices[c.id] for c in old_question.shown_if]
    copy.documents = [
        Document(
            title=d.title,
            filename=d.filename,
            content_type=d.content_type,
            size_bytes=d.size_bytes,
            sha256=d.sha256,
            content=d.content,
        )
        for d in consultation.documents
    ]
    record(
        session,
        user,
        "clone consultation",
        f"consultation {copy.id}",
        f"from consultation {consultation.id}",
    )
    return copy


def move(
    session: Session, consultation: Consultation, kind: str, item_id: int, up: bool, user: User
) -> None:
    """Move an alternative or a question one place up or down (drafts only)."""
    _require_draft(consultation, f"reorder the {kind}s")
    items: list[Alternative | Question] = list(
        consultation.alternatives if kind == "alternative" else consultation.questions
    )
    index = next((i for i, item in enumerate(items) if item.id == item_id), None)
    other = None if index is None else index - 1 if up else index + 1
    if index is None or other is None or not 0 <= other < len(items):
        return
    if isinstance(items[index], Question):
        _check_question_move(consultation, items[index], items[other], index, other)
    items[index].position, items[other].position = items[other].position, items[index].position
    consultation.alternatives.sort(key=lambda item: item.position)
    consultation.questions.sort(key=lambda item: item.position)
    _draft_changed(consultation)
    record(
        session,
        user,
        f"move {kind}",
        f"consultation {consultation.id}",
        f"{kind} {index + 1} {'up' if up else 'down'}",
    )


def _check_question_move(
    consultation: Consultation,
    moving: Alternative | Question,
    past: Alternative | Question,
    index: int,
    other: int,
) -> None:
    """Refuse a move out of the question's section, or one that breaks routing (naming both)."""
    assert isinstance(moving, Question) and isinstance(past, Question)
    if moving.section is not past.section:
        where = f"section “{moving.section.title}”" if moving.section else "its place"
        raise ChangeRefusedError(
            f"Question {moving.position} is the {'first' if other < index else 'last'} in "
            f"{where}: change its section to move it further"
        )
    order = list(consultation.questions)
    order[index], order[other] = order[other], order[index]
    if problems := order_problems(routed(order)):
        raise ChangeRefusedError(". ".join(problems))


def slug_taken(session: Session, slug: str, except_id: int | None = None) -> bool:
    """True if another consultation already uses this web address name."""
    found = session.scalar(select(Consultation.id).where(Consultation.slug == slug))
    return found is not None and found != except_id


def create_consultation(session: Session, details: ConsultationDetails, user: User) -> Consultation:
    """A new draft consultation."""
    consultation = Consultation(
        owners=[user],
        slug=details.slug,
        title=details.title,
        summary=details.summary,
        proposal=details.proposal,
        contact=details.contact,
        opens_on=details.opens_on,
        closes_on=details.closes_on,
        status="draft",
    )
    session.add(consultation)
    session.flush()
    record(session, user, "create consultation", f"consultation {consultation.id}", details.title)
    return consultation


def update_consultation(
    session: Session,
    consultation: Consultation,
    details: ConsultationDetails,
    user: User,
    reason: str = "",
) -> None:
    """Change the details: freely in a draft (the audit entry lists which fields changed), and
    once published only as a correction with its reason; never the web address once published."""
    if consultation.status != "draft":
        if details.slug != consultation.slug:
            raise ChangeRefusedError(
                "The web address cannot change once the consultation is published"
            )
        correct(session, consultation, reason, user, lambda: _set_details(consultation, details))
        return
    changed = [
        name
        for name in ("slug", "title", "summary", "proposal", "contact", "opens_on", "closes_on")
        if getattr(consultation, name) != getattr(details, name)
    ]
    for name in changed:
        setattr(consultation, name, getattr(details, name))
    _draft_changed(consultation)
    record(
        session,
        user,
        "edit consultation",
        f"consultation {consultation.id}",
        "changed: " + ", ".join(changed),
    )


def _set_details(consultation: Consultation, details: ConsultationDetails) -> None:
    for name in ("title", "summary", "proposal", "contact", "opens_on", "closes_on"):
        setattr(consultation, name, getattr(details, name))


def closing_now(consultation: Consultation) -> Closing:
    """When it closes or closed: an officer's last "Close now" while closed, else the end of the
    closing day."""
    closes = [change.at for change in consultation.status_changes if change.status == "closed"]
    return closing(
        consultation.status,
        consultation.closes_on,
        closes[-1] if closes else None,
        datetime.now(UTC),
    )


def is_closed(consultation: Consultation, today: date | None = None) -> bool:
    """Closed by an officer, or past the end of its closing day."""
    when = today or date.today()
    return consultation.status == "closed" or (
        consultation.status == "published" and when > consultation.closes_on
    )


def require_not_closed(consultation: Consultation, doing: str) -> None:
    """Refuse any change to a closed consultation but its outcome (reopen it to change more)."""
    if is_closed(consultation):
        raise ChangeRefusedError(
            f'You cannot {doing} once the consultation has closed; only "We asked, you said, '
            'we did" can still change'
        )


def first_version(consultation: Consultation) -> None:
    """Keep what residents were shown as version 1, for a consultation published before versions
    were kept (its first publication's time and actor)."""
    if consultation.status == "draft" or consultation.versions:
        return
    published = next((c for c in consultation.status_changes if c.status == "published"), None)
    consultation.versions.append(
        Version(
            number=1,
            made_at=published.at if published else consultation.created_at,
            actor=published.actor if published else "",
            reason="",
            changes="",
            content=json.dumps(versions.snapshot(consultation)),
        )
    )


def correct(
    session: Session,
    consultation: Consultation,
    reason: str,
    user: User,
    change: Callable[[], None],
) -> None:
    """Make `change` to a published consultation as a correction: the next version keeps what
    residents now see, says what changed and why, and the audit log keeps old and new text."""
    require_not_closed(consultation, "correct it")
    if not reason.strip():
        raise ChangeRefusedError("Enter what changed and why, to show on the public page")
    first_version(consultation)
    before = versions.snapshot(consultation)
    change()
    after = versions.snapshot(consultation)
    found = versions.differences(before, after)
    if not found:
        raise ChangeRefusedError("Nothing was changed, so there is nothing to correct")
    number = consultation.versions[-1].number + 1
    consultation.versions.append(
        Version(
            number=number,
            actor=user.email,
            reason=reason,
            changes="; ".join(d.part for d in found),
            content=json.dumps(after),
        )
    )
    for difference in found:
        record(
            session,
            user,
            "correct consultation",
            f"consultation {consultation.id}",
            f"Version {number}, {difference.part}. Why: {reason}\n"
            f"Old: {difference.old}\nNew: {difference.new}",
        )


def edit_alternative(
    session: Session,
    consultation: Consultation,
    alternative_id: int,
    values: dict[str, str],
    user: User,
    reason: str = "",
) -> None:
    """Change an alternative's wording: freely in a draft, as a correction once published."""
    alternative = next((a for a in consultation.alternatives if a.id == alternative_id), None)
    if alternative is None:
        raise ChangeRefusedError("There is no such alternative")

    def change() -> None:
        alternative.title = values["title"]
        alternative.description = values["description"]
        alternative.reason_not_preferred = values["reason_not_preferred"]

    if consultation.status != "draft":
        correct(session, consultation, reason, user, change)
        return
    change()
    _draft_changed(consultation)
    record(session, user, "edit alternative", f"consultation {consultation.id}", values["title"])


def edit_question(
    session: Session,
    consultation: Consultation,
    question: Question,
    details: QuestionDetails,
    user: User,
    reason: str = "",
) -> None:
    """Change a question's wording and options: anything but its kind in a draft; once published
    only its wording, hint and the wording of its options (as many as before), as a correction."""
    if details.kind != question.kind:
        raise ChangeRefusedError("A question's kind cannot change; remove it and add a new one")
    labels = SCALE_LABELS if question.kind == "scale" else details.choices
    if details.other:
        labels = (*labels, OTHER_LABEL)
    if consultation.status != "draft":
        if len(labels) != len(question.choices) or details.required != question.required:
            raise ChangeRefusedError(
                "Once published, only the wording of a question, its hint and the wording of its "
                "options can be corrected (the same number of options, in the same order)"
            )

        def reword() -> None:
            question.prompt, question.hint = details.prompt, details.hint
            for choice, label in zip(question.choices, labels, strict=True):
                choice.label = label

        correct(session, consultation, reason, user, reword)
        return
    question.prompt, question.hint = details.prompt, details.hint
    question.required, question.max_length = details.required, details.max_length
    kept = {(choice.label, choice.is_other): choice for choice in question.choices}
    question.choices = [
        kept.get((label, is_other)) or Choice(label=label, position=index, is_other=is_other)
        for index, label in enumerate(labels, 1)
        for is_other in [details.other and index == len(labels)]
    ]
    for index, choice in enumerate(question.choices, 1):
        choice.position = index
    if problem := options_problem(
        routed(consultation.questions), question.id, [c.id for c in question.choices if c.id]
    ):
        raise ChangeRefusedError(problem)
    _draft_changed(consultation)
    record(session, user, "edit question", f"consultation {consultation.id}", details.prompt)


def set_outcome(session: Session, consultation: Consultation, outcome: str, user: User) -> None:
    """Say what the council did with what residents said (published or closed consultations)."""
    if consultation.status == "draft":
        raise ChangeRefusedError("A draft has no outcome yet: publish it first")
    old, consultation.outcome = consultation.outcome, outcome
    record(
        session,
        user,
        "set outcome",
        f"consultation {consultation.id}",
        f"Old: {old}\nNew: {outcome}",
    )


def add_alternative(
    session: Session,
    consultation: Consultation,
    title: str,
    description: str,
    reason: str,
    user: User,
) -> None:
    """Add an alternative the council considered, with why it was not preferred (drafts only:
    once published, what residents were asked about changes only by correction)."""
    _require_draft(consultation, "add an alternative")
    position = len(consultation.alternatives) + 1
    consultation.alternatives.append(
        Alternative(
            position=position, title=title, description=description, reason_not_preferred=reason
        )
    )
    _draft_changed(consultation)
    record(session, user, "add alternative", f"consultation {consultation.id}", title)


def remove_alternative(
    session: Session, consultation: Consultation, alternative_id: int, user: User
) -> None:
    """Remove an alternative (only while the consultation is a draft)."""
    _require_draft(consultation, "remove an alternative")
    for alternative in consultation.alternatives:
        if alternative.id == alternative_id:
            consultation.alternatives.remove(alternative)
            _unlink(consultation, alternative_link(alternative_id))
            _draft_changed(consultation)
            record(
                session,
                user,
                "remove alternative",
                f"consultation {consultation.id}",
                alternative.title,
            )
            return


def _unlink(consultation: Consultation, link: str) -> None:
    """Clear every question's and option's link to a removed alternative."""
    for question in consultation.questions:
        if question.speaks_to == link:
            question.speaks_to = NOT_LINKED
        for choice in question.choices:
            if choice.speaks_to == link:
                choice.speaks_to = NOT_LINKED


def set_links(
    session: Session,
    consultation: Consultation,
    question: Question,
    question_link: str,
    option_links: dict[int, str],
    user: User,
) -> None:
    """What a question, and each of its options, speaks to in the report (any status: the link
    is the council's reading of the answers, not what residents were asked); audited old and new."""
    names = {PROPOSAL: "the proposal", NOT_LINKED: "nothing"} | {
        alternative_link(a.id): a.title for a in consultation.alternatives
    }
    changes = []
    if question.speaks_to != question_link:
        changes.append(
            f"question: {names.get(question.speaks_to, 'nothing')} -> {names[question_link]}"
        )
        question.speaks_to = question_link
    for choice in question.choices:
        link = option_links.get(choice.id, choice.speaks_to)
        if choice.speaks_to != link:
            changes.append(
                f"“{choice.label}”: {names.get(choice.speaks_to, 'nothing')} -> {names[link]}"
            )
            choice.speaks_to = link
    if changes:
        record(
            session,
            user,
            "link question for the report",
            f"consultation {consultation.id}",
            f"Question {question.position}: " + "; ".join(changes),
        )


def add_question(
    session: Session, consultation: Consultation, details: QuestionDetails, user: User
) -> None:
    """Add a question at the end; scale questions get the five agree/disagree options."""
    _require_draft(consultation, "add a question")
    labels = SCALE_LABELS if details.kind == "scale" else details.choices
    choices = [Choice(position=index, label=label) for index, label in enumerate(labels, 1)]
    if details.other:
        choices.append(Choice(position=len(choices) + 1, label=OTHER_LABEL, is_other=True))
    question = Question(
        position=len(consultation.questions) + 1,
        kind=details.kind,
        prompt=details.prompt,
        hint=details.hint,
        required=details.required,
        max_length=details.max_length,
        speaks_to=details.speaks_to,
        choices=choices,
    )
    consultation.questions.append(question)
    _draft_changed(consultation)
    record(session, user, "add question", f"consultation {consultation.id}", details.prompt)


def remove_question(
    session: Session, consultation: Consultation, question_id: int, user: User
) -> None:
    """Remove a question and renumber the rest (only while a draft: answers may refer to it)."""
    _require_draft(consultation, "remove a question")
    if problem := removal_problem(routed(consultation.questions), question_id):
        raise ChangeRefusedError(problem)
    for question in consultation.questions:
        if question.id == question_id:
            consultation.questions.remove(question)
            _draft_changed(consultation)
            record(
                session, user, "remove question", f"consultation {consultation.id}", question.prompt
            )
    for position, question in enumerate(consultation.questions, 1):
        question.position = position


def add_document(
    session: Session,
    consultation: Consultation,
    title: str,
    filename: str,
    kind: DocumentType,
    content: bytes,
    user: User,
) -> None:
    """Store an uploaded document (already checked for type and size; not once closed)."""
    require_not_closed(consultation, "add a document")
    consultation.documents.append(
        Document(
            title=title,
            filename=filename,
            content_type=kind.content_type,
            size_bytes=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            content=content,
        )
    )
    record(
        session,
        user,
        "upload document",
        f"consultation {consultation.id}",
        f"{title} ({filename}, {len(content):,} bytes)",
    )


def remove_document(
    session: Session, consultation: Consultation, document_id: int, user: User
) -> None:
    """Remove a document (not once closed)."""
    require_not_closed(consultation, "remove a document")
    for document in consultation.documents:
        if document.id == document_id:
            consultation.documents.remove(document)
            record(
                session, user, "remove document", f"consultation {consultation.id}", document.title
            )
            return


def set_wards(session: Session, consultation: Consultation, ward_ids: set[int], user: User) -> None:
    """The wards residents can say they live in (not once closed)."""
    require_not_closed(consultation, "change the wards")
    wards = list(session.scalars(select(Ward).where(Ward.id.in_(ward_ids)).order_by(Ward.name)))
    consultation.wards = wards
    record(
        session,
        user,
        "set wards",
        f"consultation {consultation.id}",
        ", ".join(ward.name for ward in wards),
    )


def add_ward(session: Session, name: str, user: User | None) -> Ward:
    """A ward by name (created if new; names trimmed and compared without case)."""
    return wards.add(session, name, user, actor="command line")


def link_scheme(
    session: Session, consultation: Consultation, scheme_name: str, label: str, user: User
) -> None:
    """Link a Council Tax Support scheme to the "what would I pay" page (not once closed)."""
    require_not_closed(consultation, "link a scheme")
    position = len(consultation.schemes) + 1
    consultation.schemes.append(
        LinkedScheme(position=position, scheme_name=scheme_name, label=label)
    )
    record(
        session, user, "link scheme", f"consultation {consultation.id}", f"{scheme_name}: {label}"
    )


def unlink_scheme(session: Session, consultation: Consultation, link_id: int, user: User) -> None:
    """Remove a linked scheme (not once closed)."""
    require_not_closed(consultation, "unlink a scheme")
    for link in consultation.schemes:
        if link.id == link_id:
            consultation.schemes.remove(link)
            record(
                session, user, "unlink scheme", f"consultation {consultation.id}", link.scheme_name
            )
            return


def publish(session: Session, consultation: Consultation, user: User) -> None:
    """Publish a draft: it needs a question, the alternatives the council considered, and how
    residents can ask about it or respond another way (all missing parts are named at once)."""
    _require_draft(consultation, "publish it")
    missing = {}  # in the overview's order, keyed by the section each message links to
    if not consultation.contact.strip():
        missing["contact"] = (
            "Add the contact details, saying who is running the consultation and how residents can ask questions or respond another way, before publishing"
        )
    if not consultation.alternatives:
        missing["alternatives"] = (
            "Add the alternatives the council considered, and why they were not preferred, before publishing"
        )
    if not consultation.questions:
        missing["questions"] = "Add at least one question before publishing"
    if consultation.sign_off_required and consultation.signed_off_by is None:
        missing["sign-off"] = "An admin must sign the consultation off before it is published"
    if missing:
        raise PublishRefusedError(missing)
    _change_status(session, consultation, "published", "", user, "publish")
    consultation.versions.append(
        Version(
            number=1,
            actor=user.email,
            reason="",
            changes="",
            content=json.dumps(versions.snapshot(consultation)),
        )
    )


def close(session: Session, consultation: Consultation, user: User) -> None:
    """Close a published consultation now."""
    if consultation.status != "published":
        raise ChangeRefusedError("Only a published consultation can be closed")
    _change_status(session, consultation, "closed", "", user, "close")


def reopen(
    session: Session,
    consultation: Consultation,
    reason: str,
    closes_on: date,
    today: date,
    user: User,
) -> None:
    """Reopen a closed consultation with a reason and a new closing date."""
    if consultation.status != "closed":
        raise ChangeRefusedError("Only a closed consultation can be reopened")
    if closes_on < today:
        raise ChangeRefusedError("The new closing date must be today or later")
    consultation.closes_on = closes_on
    _change_status(session, consultation, "published", reason, user, "reopen")


def _change_status(
    session: Session, consultation: Consultation, status: str, reason: str, user: User, action: str
) -> None:
    consultation.status = status
    consultation.status_changes.append(StatusChange(status=status, reason=reason, actor=user.email))
    record(session, user, f"{action} consultation", f"consultation {consultation.id}", reason)


def _require_draft(consultation: Consultation, doing: str) -> None:
    if consultation.status != "draft":
        raise ChangeRefusedError(f"You can only {doing} while the consultation is a draft")


def by_reference(session: Session, given: str) -> Consultation | None:
    """A consultation as a person names it: its number (3), its web address name, or a web
    address of its public or staff page (https://…/consultations/<name>, /staff/consultations/3)."""
    text = given.strip().rstrip("/")
    if "/" in text:
        parts = text.split("/")
        if "consultations" not in parts or parts.index("consultations") + 1 >= len(parts):
            return None
        text = parts[parts.index("consultations") + 1]
    if text.isdigit():
        return session.get(Consultation, int(text))
    return by_slug(session, text)


def by_slug(session: Session, slug: str) -> Consultation | None:
    """The consultation with this web address name."""
    return session.scalar(select(Consultation).where(Consultation.slug == slug))


def all_wards(session: Session) -> list[Ward]:
    """Every ward, by name."""
    return list(session.scalars(select(Ward).order_by(Ward.name)))
