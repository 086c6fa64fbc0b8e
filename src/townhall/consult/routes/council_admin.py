"""Admins set the council's identity (name, contacts, colours, logo) and its privacy notice,
accessibility statement and cookies page; every change is audited."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from townhall.consult.access import admin_only, database
from townhall.consult.forms import read_form, text_values, upload
from townhall.consult.models import User
from townhall.consult.pages import council_of, render
from townhall.consult.rules.council import (
    IDENTITY_FIELDS,
    MAX_LOGO_BYTES,
    Logo,
    contrast_ratio,
    identity_problems,
    read_logo,
)
from townhall.consult.security.csrf import require_csrf
from townhall.consult.services import council as service
from townhall.consult.services.legal_pages import DEFAULTS, page_text

router = APIRouter(prefix="/staff/council", dependencies=[Depends(require_csrf)])
FIELDS = (*IDENTITY_FIELDS, "header_colour", "header_text_colour")
PAGE_ADDRESSES = {
    "privacy": "privacy_notice",
    "accessibility": "accessibility_statement",
    "cookies": "cookies_page",
}
MAX_PAGE_CHARACTERS = 50_000


def _identity_page(
    request: Request, values: dict[str, str], errors: dict[str, str], status: int = 200
) -> Response:
    ratio = None
    if "header_colour" not in errors and "header_text_colour" not in errors:
        ratio = contrast_ratio(values["header_text_colour"], values["header_colour"])
    context = {
        "values": values,
        "errors": errors,
        "ratio": ratio,
        "max_logo_kb": MAX_LOGO_BYTES // 1024,
        "page_addresses": PAGE_ADDRESSES,
        "page_titles": service.PAGE_TITLES,
    }
    return render(request, "council/settings.html", context, status)


@router.get("")
def identity(request: Request, user: User = Depends(admin_only)) -> Response:
    """The council's name, contacts, colours and logo, and links to its pages."""
    council = council_of(request)
    values = {field: str(getattr(council, field)) for field in FIELDS}
    if not council.named:
        values["name"] = ""
    return _identity_page(request, values, {})


@router.post("")
def save_identity(
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(admin_only),
    session: Session = Depends(database),
) -> Response:
    """Keep the details, or show every problem at once (a colour pair under 4.5:1 is refused)."""
    values = text_values(form, FIELDS)
    values["header_colour"] = values["header_colour"].lower()
    values["header_text_colour"] = values["header_text_colour"].lower()
    errors = identity_problems(values)
    if errors:
        return _identity_page(request, values, errors, 400)
    service.save_identity(session, request.app.state.settings, values, user)
    session.commit()
    request.app.state.council.forget()
    return RedirectResponse("/staff/council?saved=details", status_code=303)


@router.post("/logo")
def save_logo(
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(admin_only),
    session: Session = Depends(database),
) -> Response:
    """Replace the logo with a checked PNG or JPEG, or remove it (`remove` ticked)."""
    new: Logo | None = None
    if form.get("remove") != "yes":
        chosen = upload(form, "logo")
        found = read_logo(chosen.file.read(MAX_LOGO_BYTES + 1) if chosen else b"")
        if isinstance(found, str):
            council = council_of(request)
            values = {field: str(getattr(council, field)) for field in FIELDS}
            return _identity_page(request, values, {"logo": found}, 400)
        new = found
    service.save_logo(session, request.app.state.settings, new, user)
    session.commit()
    request.app.state.council.forget()
    return RedirectResponse("/staff/council?saved=logo", status_code=303)


def _page_name(address: str) -> str:
    page = PAGE_ADDRESSES.get(address)
    if page is None:
        raise HTTPException(status_code=404, detail="There is no such page.")
    return page


def _text_page(
    request: Request, address: str, text: str, errors: dict[str, str], status: int = 200
) -> Response:
    page = _page_name(address)
    context = {
        "address": address,
        "public_address": f"/{address}",
        "page_title": service.PAGE_TITLES[page],
        "values": {"text": text},
        "errors": errors,
        "is_default": council_of(request).page(page) == "",
    }
    return render(request, "council/page_form.html", context, status)


@router.get("/pages/{address}")
def page_form(address: str, request: Request, user: User = Depends(admin_only)) -> Response:
    """One page's text to edit (the default, written from the settings, until it is changed)."""
    page = _page_name(address)
    text = page_text(page, council_of(request), request.app.state.settings)
    return _text_page(request, address, text, {})


@router.post("/pages/{address}")
def save_page(
    address: str,
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(admin_only),
    session: Session = Depends(database),
) -> Response:
    """Keep the page's text; "restore" goes back to the default."""
    page = _page_name(address)
    settings = request.app.state.settings
    council = council_of(request)
    default = DEFAULTS[page](council, settings)
    text = default if form.get("restore") == "yes" else text_values(form, ("text",))["text"]
    if not text:
        errors = {"text": f"Enter the {service.PAGE_TITLES[page].lower()}, or restore the default"}
        return _text_page(request, address, text, errors, 400)
    if len(text) > MAX_PAGE_CHARACTERS:
        errors = {
            "text": f"The page must be {MAX_PAGE_CHARACTERS:,} characters or fewer "
            f"(it has {len(text):,})"
        }
        return _text_page(request, address, text, errors, 400)
    service.save_page(session, settings, page, text, default, user)
    session.commit()
    request.app.state.council.forget()
    return RedirectResponse(f"/staff/council?saved={address}", status_code=303)
