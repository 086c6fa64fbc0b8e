"""Officers build a consultation's parts: alternatives, questions, documents, wards, schemes."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from townhall.consult.access import database, staff
from townhall.consult.forms import all_values, read_form, text_values, upload
from townhall.consult.household_form import is_bundled
from townhall.consult.models import Alternative, Consultation, Question, User
from townhall.consult.pages import render
from townhall.consult.routes.officer_consultations import (
    change_or_refuse,
    changer,
    staff_consultation,
)
from townhall.consult.rules.details import LIMITS, question_details, text_problems
from townhall.consult.rules.links import link_choices, valid_link
from townhall.consult.rules.questions import QUESTION_KINDS
from townhall.consult.rules.uploads import document_problem, document_type, safe_filename
from townhall.consult.security.csrf import require_csrf
from townhall.consult.services import consultations as service
from townhall.tax.rules.scheme import bundled_scheme_names

router = APIRouter(
    prefix="/staff/consultations/{consultation_id}", dependencies=[Depends(require_csrf)]
)


def _done(consultation_id: int) -> Response:
    return RedirectResponse(f"/staff/consultations/{consultation_id}", status_code=303)


def _form_page(
    request: Request,
    template: str,
    consultation: Consultation,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
    **extra: object,
) -> Response:
    context = {
        "consultation": consultation,
        "values": values,
        "errors": errors,
        "limits": LIMITS,
        **extra,
    }
    return render(request, template, context, status)


@router.get("/alternatives/new")
def new_alternative(
    consultation_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Form for an alternative and why it was not preferred."""
    return _form_page(
        request, "officer/alternative.html", staff_consultation(session, consultation_id), {}, {}
    )


@router.post("/alternatives/new")
def add_alternative(
    consultation_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Add the alternative; the reason it was not preferred is required (Gunning principles)."""
    consultation = staff_consultation(session, consultation_id)
    values = text_values(form, ("title", "description", "reason_not_preferred"))
    if errors := text_problems(values, ("title", "description", "reason_not_preferred")):
        return _form_page(request, "officer/alternative.html", consultation, values, errors, 400)
    try:
        service.add_alternative(
            session,
            consultation,
            values["title"],
            values["description"],
            values["reason_not_preferred"],
            user,
        )
    except service.ChangeRefusedError as refused:
        session.rollback()
        consultation = staff_consultation(session, consultation_id)
        return _form_page(
            request, "officer/alternative.html", consultation, values, {"title": str(refused)}, 400
        )
    session.commit()
    return _done(consultation_id)


ALTERNATIVE_FIELDS = ("title", "description", "reason_not_preferred")


@router.get("/alternatives/{alternative_id}/edit")
def edit_alternative_page(
    consultation_id: int,
    alternative_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """The alternative's form, filled in (a correction once published)."""
    consultation = staff_consultation(session, consultation_id)
    alternative = _alternative(consultation, alternative_id)
    values = {name: getattr(alternative, name) for name in ALTERNATIVE_FIELDS}
    return _form_page(
        request, "officer/alternative.html", consultation, values, {}, alternative=alternative
    )


@router.post("/alternatives/{alternative_id}/edit")
def edit_alternative(
    consultation_id: int,
    alternative_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Save the alternative's new wording (as a correction with its reason once published)."""
    consultation = staff_consultation(session, consultation_id)
    alternative = _alternative(consultation, alternative_id)
    values = text_values(form, (*ALTERNATIVE_FIELDS, "correction"))
    errors = text_problems(values, ALTERNATIVE_FIELDS, ("correction",))
    if not errors:
        try:
            service.edit_alternative(
                session, consultation, alternative_id, values, user, values["correction"]
            )
        except service.ChangeRefusedError as refused:
            session.rollback()
            consultation = staff_consultation(session, consultation_id)
            alternative = _alternative(consultation, alternative_id)
            errors = {"correction": str(refused)}
    if errors:
        return _form_page(
            request,
            "officer/alternative.html",
            consultation,
            values,
            errors,
            400,
            alternative=alternative,
        )
    session.commit()
    return _done(consultation_id)


def _alternative(consultation: Consultation, alternative_id: int) -> Alternative:
    for alternative in consultation.alternatives:
        if alternative.id == alternative_id:
            return alternative
    raise HTTPException(status_code=404, detail="There is no such alternative.")


@router.post("/alternatives/{alternative_id}/remove")
def remove_alternative(
    consultation_id: int,
    alternative_id: int,
    request: Request,
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Remove an alternative (drafts only)."""
    return change_or_refuse(
        request,
        session,
        consultation_id,
        lambda c: service.remove_alternative(session, c, alternative_id, user),
    )


@router.post("/{kind}s/{item_id}/move")
def move(
    consultation_id: int,
    kind: str,
    item_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Move an alternative or a question one place up or down (drafts only)."""
    if kind not in ("alternative", "question"):
        raise HTTPException(status_code=404, detail="There is no such page.")
    up = form.get("direction") == "up"
    return change_or_refuse(
        request,
        session,
        consultation_id,
        lambda c: service.move(session, c, kind, item_id, up, user),
    )


@router.get("/questions/new")
def new_question(
    consultation_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Form for a question of any kind."""
    return _form_page(
        request,
        "officer/question.html",
        staff_consultation(session, consultation_id),
        {"max_length": "2000"},
        {},
        kinds=QUESTION_KINDS,
        links=_link_options(staff_consultation(session, consultation_id)),
    )


def _link_options(consultation: Consultation) -> list[tuple[str, str]]:
    return link_choices((a.id, a.title) for a in consultation.alternatives)


@router.post("/questions/new")
def add_question(
    consultation_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Add the question at the end (drafts only)."""
    consultation = staff_consultation(session, consultation_id)
    values = text_values(
        form,
        (
            "kind",
            "prompt",
            "hint",
            "required",
            "max_length",
            "choices",
            "speaks_to",
            "other",
            "exclusive",
        ),
    )
    details, errors = question_details(values, [a.id for a in consultation.alternatives])
    if details is None:
        return _form_page(
            request,
            "officer/question.html",
            consultation,
            values,
            errors,
            400,
            kinds=QUESTION_KINDS,
            links=_link_options(consultation),
        )
    try:
        service.add_question(session, consultation, details, user)
    except service.ChangeRefusedError as refused:
        session.rollback()
        return _form_page(
            request,
            "officer/question.html",
            consultation,
            values,
            {"kind": str(refused)},
            400,
            kinds=QUESTION_KINDS,
            links=_link_options(consultation),
        )
    session.commit()
    return _done(consultation_id)


def _question(consultation: Consultation, question_id: int) -> Question:
    for question in consultation.questions:
        if question.id == question_id:
            return question
    raise HTTPException(status_code=404, detail="There is no such question.")


@router.get("/questions/{question_id}/edit")
def edit_question_page(
    consultation_id: int,
    question_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """The question's form, filled in (only its wording once published, as a correction)."""
    consultation = staff_consultation(session, consultation_id)
    question = _question(consultation, question_id)
    values = {
        "kind": question.kind,
        "prompt": question.prompt,
        "hint": question.hint,
        "required": "yes" if question.required else "",
        "max_length": str(question.max_length),
        "choices": "\n".join(c.label for c in question.choices if not c.is_other)
        if question.kind != "scale"
        else "",
        "other": "yes" if any(c.is_other for c in question.choices) else "",
        "exclusive": "yes" if any(c.is_exclusive for c in question.choices) else "",
    }
    return _form_page(
        request,
        "officer/question.html",
        consultation,
        values,
        {},
        kinds=QUESTION_KINDS,
        question=question,
    )


@router.post("/questions/{question_id}/edit")
def edit_question(
    consultation_id: int,
    question_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Save the question (as a correction with its reason once published)."""
    consultation = staff_consultation(session, consultation_id)
    question = _question(consultation, question_id)
    values = text_values(
        form,
        (
            "kind",
            "prompt",
            "hint",
            "required",
            "max_length",
            "choices",
            "correction",
            "other",
            "exclusive",
        ),
    )
    values["speaks_to"] = question.speaks_to
    details, errors = question_details(values, [a.id for a in consultation.alternatives])
    errors |= text_problems(values, (), ("correction",))
    if details is not None and not errors:
        try:
            service.edit_question(
                session, consultation, question, details, user, values["correction"]
            )
        except service.ChangeRefusedError as refused:
            session.rollback()
            consultation = staff_consultation(session, consultation_id)
            question = _question(consultation, question_id)
            errors = {"correction": str(refused)}
    if details is None or errors:
        return _form_page(
            request,
            "officer/question.html",
            consultation,
            values,
            errors,
            400,
            kinds=QUESTION_KINDS,
            question=question,
        )
    session.commit()
    return RedirectResponse(
        f"/staff/consultations/{consultation_id}#question-{question.position}", status_code=303
    )


@router.get("/questions/{question_id}/links")
def links_page(
    consultation_id: int,
    question_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Say what a question and each of its options speak to, for the report (any status)."""
    consultation = staff_consultation(session, consultation_id)
    question = _question(consultation, question_id)
    values = {"speaks_to": question.speaks_to} | {
        f"option-{c.id}": c.speaks_to for c in question.choices
    }
    return _form_page(
        request,
        "officer/links.html",
        consultation,
        values,
        {},
        question=question,
        links=_link_options(consultation),
    )


@router.post("/questions/{question_id}/links")
def save_links(
    consultation_id: int,
    question_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Keep the links (audited with the old and new link of each part that changed)."""
    consultation = staff_consultation(session, consultation_id)
    question = _question(consultation, question_id)
    names = ["speaks_to", *(f"option-{c.id}" for c in question.choices)]
    values = text_values(form, names)
    ids = [a.id for a in consultation.alternatives]
    errors = {}
    if not valid_link(values["speaks_to"], ids):
        errors["speaks_to"] = "Select what the whole question speaks to"
    for number, choice in enumerate(question.choices, 1):
        if not valid_link(values[f"option-{choice.id}"], ids):
            errors[f"option-{choice.id}"] = (
                f"Select what option {number}, “{choice.label}”, speaks to"
            )
    if errors:
        return _form_page(
            request,
            "officer/links.html",
            consultation,
            values,
            errors,
            400,
            question=question,
            links=_link_options(consultation),
        )
    service.set_links(
        session,
        consultation,
        question,
        values["speaks_to"],
        {c.id: values[f"option-{c.id}"] for c in question.choices},
        user,
    )
    session.commit()
    return RedirectResponse(
        f"/staff/consultations/{consultation_id}#question-{question.position}", status_code=303
    )


@router.post("/questions/{question_id}/remove")
def remove_question(
    consultation_id: int,
    question_id: int,
    request: Request,
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Remove a question (drafts only)."""
    return change_or_refuse(
        request,
        session,
        consultation_id,
        lambda c: service.remove_question(session, c, question_id, user),
    )


@router.get("/documents/upload")
def new_document(
    consultation_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Form to upload a document."""
    max_mb = request.app.state.settings.max_upload_bytes // (1024 * 1024)
    return _form_page(
        request,
        "officer/document.html",
        staff_consultation(session, consultation_id),
        {},
        {},
        max_mb=max_mb,
    )


@router.post("/documents/upload")
def upload_document(
    consultation_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Store the document if its type, content and size are acceptable."""
    consultation = staff_consultation(session, consultation_id)
    max_bytes: int = request.app.state.settings.max_upload_bytes
    values = text_values(form, ("title",))
    errors = text_problems(values, ("title",), ())
    chosen = upload(form, "document")
    content = chosen.file.read(max_bytes + 1) if chosen else b""
    if chosen is None:
        errors["document"] = "Select a file to upload"
    elif problem := document_problem(chosen.filename or "", content, max_bytes):
        errors["document"] = problem
    kind = document_type(chosen.filename or "") if chosen else None
    if errors or chosen is None or kind is None:
        return _form_page(
            request,
            "officer/document.html",
            consultation,
            values,
            errors,
            400,
            max_mb=max_bytes // (1024 * 1024),
        )
    try:
        service.add_document(
            session,
            consultation,
            values["title"],
            safe_filename(chosen.filename or ""),
            kind,
            content,
            user,
        )
    except service.ChangeRefusedError as refused:
        session.rollback()
        return _form_page(
            request,
            "officer/document.html",
            staff_consultation(session, consultation_id),
            values,
            {"document": str(refused)},
            400,
            max_mb=max_bytes // (1024 * 1024),
        )
    session.commit()
    return _done(consultation_id)


@router.post("/documents/{document_id}/remove")
def remove_document(
    consultation_id: int,
    document_id: int,
    request: Request,
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Remove a document."""
    return change_or_refuse(
        request,
        session,
        consultation_id,
        lambda c: service.remove_document(session, c, document_id, user),
    )


@router.get("/wards")
def wards_page(
    consultation_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Tick the wards residents can choose from."""
    consultation = staff_consultation(session, consultation_id)
    chosen = {str(ward.id) for ward in consultation.wards}
    return render(
        request,
        "officer/wards.html",
        {
            "consultation": consultation,
            "wards": service.all_wards(session),
            "chosen": chosen,
            "errors": {},
        },
    )


@router.post("/wards")
def save_wards(
    consultation_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Keep the ticked wards."""
    ticked = {int(value) for value in all_values(form).get("ward", []) if value.isdigit()}
    return change_or_refuse(
        request,
        session,
        consultation_id,
        lambda c: service.set_wards(session, c, ticked, user),
    )


@router.get("/schemes/new")
def new_scheme(
    consultation_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Link a bundled Council Tax Support scheme to the calculator."""
    consultation = staff_consultation(session, consultation_id)
    return _form_page(
        request, "officer/scheme.html", consultation, {}, {}, schemes=bundled_scheme_names()
    )


@router.post("/schemes/new")
def add_scheme(
    consultation_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Only schemes shipped with Townhall can be linked (never a file path)."""
    consultation = staff_consultation(session, consultation_id)
    values = text_values(form, ("scheme_name", "label"))
    errors = text_problems(values, ("label",))
    if not is_bundled(values["scheme_name"]):
        errors["scheme_name"] = "Select a scheme"
    if errors:
        return _form_page(
            request,
            "officer/scheme.html",
            consultation,
            values,
            errors,
            400,
            schemes=bundled_scheme_names(),
        )
    return change_or_refuse(
        request,
        session,
        consultation_id,
        lambda c: service.link_scheme(session, c, values["scheme_name"], values["label"], user),
    )


@router.post("/schemes/{link_id}/remove")
def remove_scheme(
    consultation_id: int,
    link_id: int,
    request: Request,
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Unlink a scheme."""
    return change_or_refuse(
        request,
        session,
        consultation_id,
        lambda c: service.unlink_scheme(session, c, link_id, user),
    )
