"""Rendering pages: the Jinja2 templates (autoescaped) with what every page needs."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from townhall.consult.analysis.assignment import confidence_in_words
from townhall.consult.formatting import contact_html, markdown_html, markdown_page_html
from townhall.consult.models import Consultation
from townhall.consult.rules.closing import closing_words, moment_words
from townhall.consult.security.csrf import FIELD, csrf_token
from townhall.consult.services.consultations import closing_now
from townhall.consult.services.council import UNNAMED, Council, CouncilCache

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


def long_date(value: date | datetime | None) -> str:
    """A date as GOV.UK writes it: 2 December 2012."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def date_time(value: datetime | None) -> str:
    """A moment in UK time as GOV.UK writes it: 2 December 2012 at 4:05pm."""
    return moment_words(value) if value is not None else ""


def closing_of(consultation: Consultation, inline: bool = False) -> str:
    """When the consultation closes or closed ("Closed early on …" after "Close now"); `inline`
    starts it in lower case, for the middle of a sentence."""
    words = closing_words(closing_now(consultation))
    return words[0].lower() + words[1:] if inline else words


def pounds(value: float) -> str:
    """An amount of money as £1,234.56."""
    return f"£{value:,.2f}"


def make_templates() -> Jinja2Templates:
    """The service's templates with its filters; autoescaping is on for every .html file."""
    templates = Jinja2Templates(directory=str(TEMPLATES))
    templates.env.filters["long_date"] = long_date
    templates.env.filters["pounds"] = pounds
    templates.env.filters["date_time"] = date_time
    templates.env.filters["closing"] = closing_of
    templates.env.filters["markdown"] = markdown_html
    templates.env.filters["markdown_page"] = markdown_page_html
    templates.env.filters["contact"] = contact_html
    templates.env.filters["confidence_words"] = confidence_in_words
    templates.env.globals["csrf_field"] = FIELD
    return templates


def council_of(request: Request) -> Council:
    """The council running the service, as every page shows it (the service's own name in an
    app made without the council's store)."""
    cache: CouncilCache | None = getattr(request.app.state, "council", None)
    if cache is None:
        return UNNAMED
    return cache.get(request.app.state.reader, request.app.state.settings)


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> Response:
    """The page `name` with `context`, this session's CSRF token and the signed-in user (if any)."""
    templates: Jinja2Templates = request.app.state.templates
    full = {
        "csrf_token": csrf_token(request),
        "signed_in": getattr(request.state, "user", None),
        "identity": council_of(request),  # the council running the service, for every page
        **(context or {}),
    }
    return templates.TemplateResponse(request, name, full, status_code=status_code)
