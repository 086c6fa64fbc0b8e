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
from townhall.consult.routes.consultation_changes import (
    Changing,
    changing,
    question_of,
    staff_consultation,
)
from townhall.consult.routes.officer_consultations import change_or_refuse
from townhall.consult.rules.details import LIMITS, question_details, text_problems
from townhall.consult.rules.links import link_choices, valid_link
from townhall.consult.rules.questions import QUESTION_KINDS
from townhall.consult.rules.uploads import document_problem, document_type, safe_filename
from townhall.consult.security.csrf import require_csrf
from townhall.consult.services import consultations as service
from townhall.consult.services import sections
from townhall.tax.rules.scheme import bundled_scheme_names

router = APIRouter(
    prefix="/staff/consultations/{consultation_id}", dependencies=[Depends(require_csrf)]
)


def _done(consultation: Consultation, anchor: str = "") -> Response:
    return RedirectResponse(f"/staff/consultations/{consultation.id}{anchor}", status_code=303)


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


ALTERNATIVE_FIELDS = ("title", "description", "reason_not_preferred")


@router.post("/alternatives/new")
def add_alternative(
    request: Request,
    form: FormData = Depends(read_form),
    change: Changing = Depends(changing),
) -> Response:
    """Add the alternative; the reason it was not preferred is required (Gunning principles)."""
    values = text_values(form, ALTERNATIVE_FIELDS)
    errors = text_problems(values, ALTERNATIVE_FIELDS)
    if not errors and (
        refused := change.refusal(
            lambda c: service.add_alternative(
                change.session,
                c,
                values["title"],
                values["description"],
                values["reason_not_preferred"],
                change.user,
            )
        )
    ):
        errors = {"title": str(refused)}
    if errors:
        return _form_page(
            request, "officer/alternative.html", change.consultation, values, errors, 400
        )
    return _done(change.consultation)


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
    alternative_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    change: Changing = Depends(changing),
) -> Response:
    """Save the alternative's new wording (as a correction with its reason once published)."""
    _alternative(change.consultation, alternative_id)
    values = text_values(form, (*ALTERNATIVE_FIELDS, "correction"))
    errors = text_problems(values, ALTERNATIVE_FIELDS, ("correction",))
    if not errors and (
        refused := change.refusal(
            lambda c: service.edit_alternative(
                change.session, c, alternative_id, values, change.user, values["correction"]
            )
        )
    ):
        errors = {"correction": str(refused)}
    if errors:
        return _form_page(
            request,
            "officer/alternative.html",
            change.consultation,
            values,
            errors,
            400,
            alternative=_alternative(change.consultation, alternative_id),
        )
    return _done(change.consultation)


def _alternative(consultation: Consultation, alternative_id: int) -> Alternative:
    for alternative in consultation.alternatives:
        if alternative.id == alternative_id:
            return alternative
    raise HTTPException(status_code=404, detail="There is no such alternative.")


@router.post("/alternatives/{alternative_id}/remove")
def remove_alternative(
    alternative_id: int, request: Request, change: Changing = Depends(changing)
) -> Response:
    """Remove an alternative (drafts only)."""
    return change_or_refuse(
        request,
        change,
        lambda c: service.remove_alternative(change.session, c, alternative_id, change.user),
    )


@router.post("/{kind}s/{item_id}/move")
def move(
    kind: str,
    item_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    change: Changing = Depends(changing),
) -> Response:
    """Move an alternative, a question (within its section) or a section one place up or down
    (drafts only)."""
    if kind not in ("alternative", "question", "section"):
        raise HTTPException(status_code=404, detail="There is no such page.")
    up = form.get("direction") == "up"
    if kind == "section":
        return change_or_refuse(
            request,
            change,
            lambda c: sections.move_section(change.session, c, item_id, up, change.user),
        )
    return change_or_refuse(
        request,
        change,
        lambda c: service.move(change.session, c, kind, item_id, up, change.user),
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


QUESTION_FIELDS = (
    "kind",
    "prompt",
    "hint",
    "required",
    "max_length",
    "choices",
    "other",
    "exclusive",
)


def _question_page(
    request: Request,
    consultation: Consultation,
    values: dict[str, str],
    errors: dict[str, str],
    question: Question | None = None,
) -> Response:
    """The question form again, with what was typed and what is wrong (400)."""
    extra: dict[str, object] = (
        {"question": question} if question else {"links": _link_options(consultation)}
    )
    return _form_page(
        request,
        "officer/question.html",
        consultation,
        values,
        errors,
        400,
        kinds=QUESTION_KINDS,
        **extra,
    )


@router.post("/questions/new")
def add_question(
    request: Request,
    form: FormData = Depends(read_form),
    change: Changing = Depends(changing),
) -> Response:
    """Add the question at the end of its section (drafts only)."""
    consultation = change.consultation
    values = text_values(form, (*QUESTION_FIELDS, "speaks_to", "section"))
    details, errors = question_details(values, [a.id for a in consultation.alternatives])
    errors |= _section_problem(consultation, values["section"])

    def add(c: Consultation) -> None:
        assert details is not None
        service.add_question(change.session, c, details, change.user)
        sections.place(change.session, c, c.questions[-1], _section_id(values), change.user)

    if details is not None and not errors and (refused := change.refusal(add)):
        errors = {"kind": str(refused)}
    if errors:
        return _question_page(request, change.consultation, values, errors)
    return _done(change.consultation)


def _section_problem(consultation: Consultation, value: str) -> dict[str, str]:
    """A section chosen must be one of the consultation's (none is fine)."""
    if value and value not in {str(section.id) for section in consultation.sections}:
        return {"section": "Select a section from the list, or no section"}
    return {}


def _section_id(values: dict[str, str]) -> int | None:
    return int(values["section"]) if values.get("section") else None


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
    question = question_of(consultation, question_id)
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
        "section": str(question.section.id) if question.section else "",
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
    question_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    change: Changing = Depends(changing),
) -> Response:
    """Save the question (as a correction with its reason once published)."""
    consultation = change.consultation
    question = question_of(consultation, question_id)
    values = text_values(form, (*QUESTION_FIELDS, "correction", "section"))
    values["speaks_to"] = question.speaks_to
    if consultation.status != "draft":  # not on the form: a question stays in its section
        values["section"] = str(question.section.id) if question.section else ""
    details, errors = question_details(values, [a.id for a in consultation.alternatives])
    errors |= text_problems(values, (), ("correction",))
    errors |= _section_problem(consultation, values["section"])

    def edit(c: Consultation) -> None:
        assert details is not None
        edited = question_of(c, question_id)
        service.edit_question(change.session, c, edited, details, change.user, values["correction"])
        sections.place(change.session, c, edited, _section_id(values), change.user)

    if details is not None and not errors and (refused := change.refusal(edit)):
        # a draft's form has no correction box: a refusal there is about its options
        draft = change.consultation.status == "draft"
        errors = {"choices" if draft else "correction": str(refused)}
    question = question_of(change.consultation, question_id)
    if errors:
        return _question_page(request, change.consultation, values, errors, question)
    return _done(change.consultation, f"#question-{question.position}")


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
    question = question_of(consultation, question_id)
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
    question_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    change: Changing = Depends(changing),
) -> Response:
    """Keep the links (audited with the old and new link of each part that changed)."""
    consultation = change.consultation
    question = question_of(consultation, question_id)
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
        change.session,
        consultation,
        question,
        values["speaks_to"],
        {c.id: values[f"option-{c.id}"] for c in question.choices},
        change.user,
    )  # at any status: links are the council's reading of the answers
    change.session.commit()
    return _done(consultation, f"#question-{question.position}")


@router.post("/questions/{question_id}/remove")
def remove_question(
    question_id: int, request: Request, change: Changing = Depends(changing)
) -> Response:
    """Remove a question (drafts only)."""
    return change_or_refuse(
        request,
        change,
        lambda c: service.remove_question(change.session, c, question_id, change.user),
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
    request: Request,
    form: FormData = Depends(read_form),
    change: Changing = Depends(changing),
) -> Response:
    """Store the document if its type, content and size are acceptable."""
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
    if not errors and chosen is not None and kind is not None:
        filename = safe_filename(chosen.filename or "")
        if refused := change.refusal(
            lambda c: service.add_document(
                change.session, c, values["title"], filename, kind, content, change.user
            )
        ):
            errors = {"document": str(refused)}
    if errors or chosen is None or kind is None:
        return _form_page(
            request,
            "officer/document.html",
            change.consultation,
            values,
            errors,
            400,
            max_mb=max_bytes // (1024 * 1024),
        )
    return _done(change.consultation)


@router.post("/documents/{document_id}/remove")
def remove_document(
    document_id: int, request: Request, change: Changing = Depends(changing)
) -> Response:
    """Remove a document."""
    return change_or_refuse(
        request,
        change,
        lambda c: service.remove_document(change.session, c, document_id, change.user),
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
    request: Request,
    form: FormData = Depends(read_form),
    change: Changing = Depends(changing),
) -> Response:
    """Keep the ticked wards."""
    ticked = {int(value) for value in all_values(form).get("ward", []) if value.isdigit()}
    return change_or_refuse(
        request, change, lambda c: service.set_wards(change.session, c, ticked, change.user)
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
    request: Request,
    form: FormData = Depends(read_form),
    change: Changing = Depends(changing),
) -> Response:
    """Only schemes shipped with Townhall can be linked (never a file path)."""
    values = text_values(form, ("scheme_name", "label"))
    errors = text_problems(values, ("label",))
    if not is_bundled(values["scheme_name"]):
        errors["scheme_name"] = "Select a scheme"
    if errors:
        return _form_page(
            request,
            "officer/scheme.html",
            change.consultation,
            values,
            errors,
            400,
            schemes=bundled_scheme_names(),
        )
    return change_or_refuse(
        request,
        change,
        lambda c: service.link_scheme(
            change.session, c, values["scheme_name"], values["label"], change.user
        ),
    )


@router.post("/schemes/{link_id}/remove")
def remove_scheme(link_id: int, request: Request, change: Changing = Depends(changing)) -> Response:
    """Unlink a scheme."""
    return change_or_refuse(
        request, change, lambda c: service.unlink_scheme(change.session, c, link_id, change.user)
    )
