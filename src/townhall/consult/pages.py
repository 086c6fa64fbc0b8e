"""Rendering pages: the Jinja2 templates (autoescaped) with what every page needs."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from townhall.consult.security.csrf import FIELD, csrf_token

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
LONDON = ZoneInfo("Europe/London")


def long_date(value: date | datetime | None) -> str:
    """A date as GOV.UK writes it: 2 December 2012."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def date_time(value: datetime | None) -> str:
    """A moment in UK time as GOV.UK writes it: 2 December 2012 at 4:05pm (stored times are UTC,
    without their zone on SQLite)."""
    if value is None:
        return ""
    local = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(LONDON)
    hour = local.hour % 12 or 12
    return f"{long_date(local)} at {hour}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}"


def pounds(value: float) -> str:
    """An amount of money as £1,234.56."""
    return f"£{value:,.2f}"


def make_templates() -> Jinja2Templates:
    """The service's templates with its filters; autoescaping is on for every .html file."""
    templates = Jinja2Templates(directory=str(TEMPLATES))
    templates.env.filters["long_date"] = long_date
    templates.env.filters["pounds"] = pounds
    templates.env.filters["date_time"] = date_time
    templates.env.globals["csrf_field"] = FIELD
    return templates


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> Response:
    """The page `name` with `context`, this session's CSRF token and the signed-in user (if any)."""
    templates: Jinja2Templates = request.app.state.templates
    full = {
        "csrf_token": csrf_token(request),
        "signed_in": getattr(request.state, "user", None),
        **(context or {}),
    }
    return templates.TemplateResponse(request, name, full, status_code=status_code)
