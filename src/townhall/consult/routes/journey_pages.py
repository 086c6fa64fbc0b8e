"""What every page of a resident's journey needs: the consultation, this session's journey, the
page to show instead when it is closed or the journey is missing, and the order of the pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from townhall.consult.models import Consultation
from townhall.consult.pages import render
from townhall.consult.routes.public import published
from townhall.consult.rules.availability import availability
from townhall.consult.security.throttle import RateLimiter, client_key
from townhall.consult.services.journeys import JourneyData, load_journey
from townhall.consult.services.routing import shown_for
from townhall.consult.services.shapes import Standing
from townhall.consult.settings import Settings

NO_WARD = "none"


def open_or_refuse(request: Request, consultation: Consultation | Standing) -> Response | None:
    """The closed page (403) when the consultation is not taking responses today."""
    state = availability(
        consultation.status, consultation.opens_on, consultation.closes_on, date.today()
    )
    if state == "open":
        return None
    if isinstance(consultation, Standing):  # the full row, for when it closed (refusals only)
        with request.app.state.reader() as session:
            full = session.get(Consultation, consultation.id)
            if full is not None:
                return render(
                    request, "resident/closed.html", {"consultation": full, "state": state}, 403
                )
    return render(
        request, "resident/closed.html", {"consultation": consultation, "state": state}, 403
    )


def journey_token(request: Request, slug: str) -> str | None:
    journeys = request.session.get("journeys", {})
    token = journeys.get(slug) if isinstance(journeys, dict) else None
    return token if isinstance(token, str) else None


def held_equality(request: Request, slug: str) -> dict[str, str]:
    """The equality answers this session holds for `slug` (given with consent, else none).

    They live in the resident's signed session cookie, never in the journey's row, so no stored
    row ever holds them beside the rest of the response (docs/security.md).
    """
    held = request.session.get("equality", {})
    answers = held.get(slug) if isinstance(held, dict) else None
    if not isinstance(answers, dict):
        return {}
    return {str(name): str(value) for name, value in answers.items()}


def hold_equality(request: Request, slug: str, answers: dict[str, str]) -> None:
    """Keep these equality answers in the session until the response is sent (none: forget)."""
    held = request.session.get("equality", {})
    held = (
        {key: value for key, value in held.items() if key != slug} if isinstance(held, dict) else {}
    )
    if answers:
        held[slug] = answers
    if held:
        request.session["equality"] = held
    else:
        request.session.pop("equality", None)


def rate_limited(request: Request, session: Session, limiter: RateLimiter) -> Response | None:
    """The too-many page (429) when this client has used `limiter`'s limit; None counts one
    (in `session`, a writing one, so it commits with what the request stores)."""
    if limiter.allowed(session, client_key(request)):
        return None
    return too_many(request)


def too_many(request: Request) -> Response:
    """The page for a client over a limit: wait a minute, nothing typed is lost."""
    return render(request, "too_many.html", {}, 429)


@dataclass
class JourneyPage:
    """The consultation and this session's journey for it, on a page of the journey."""

    consultation: Consultation
    token: str
    data: JourneyData

    def render(
        self,
        request: Request,
        template: str,
        page: str,
        context: dict[str, object],
        status: int = 200,
    ) -> Response:
        """A step of the journey, with its consultation, back link and where to return to."""
        return render(
            request,
            template,
            {
                "consultation": self.consultation,
                "back": previous_page(self.consultation, self.data, page),
                "return_to": request.query_params.get("return_to", ""),
                **context,
            },
            status,
        )


def journey_page(
    request: Request, slug: str, session: Session, consultation: Consultation | None = None
) -> JourneyPage | Response:
    """This session's journey on an open consultation, or the page to show instead: the closed
    page, or the consultation's start page when this session has not started a response."""
    consultation = consultation or published(session, slug)
    if (refusal := open_or_refuse(request, consultation)) is not None:
        return refusal
    token = journey_token(request, slug)
    data = load_journey(session, token, consultation.id) if token else None
    if token is None or data is None:
        return RedirectResponse(f"/consultations/{slug}", status_code=303)
    return JourneyPage(consultation, token, data)


def asks_email(request: Request) -> bool:
    """Residents are asked for an e-mail address only when the service can send the receipt."""
    settings: Settings = request.app.state.settings
    return settings.receipts_by_email


def _pages(consultation: Consultation, data: JourneyData, with_contact: bool) -> list[str]:
    """The journey's pages in order, after the consultation's start page: only the questions
    this journey's answers are asked (routing)."""
    shown = shown_for(consultation.questions, data.answers)
    return [
        "about",
        *[f"question/{q.position}" for q in consultation.questions if q.id in shown],
        "equality",
        *(["contact"] if with_contact else []),
        "check",
    ]


def next_after(
    consultation: Consultation,
    data: JourneyData,
    page: str,
    form: FormData | None = None,
    with_contact: bool = True,
) -> str:
    """The page after `page` (`with_contact` matters only to the equality page's successor).

    Coming from the check page, the resident goes back to it, unless their new answer opens a
    question they have not seen yet: then to that question first.
    """
    base = f"/consultations/{consultation.slug}/respond"
    order = _pages(consultation, data, with_contact)
    if form is not None and form.get("return_to") == "check":
        unseen = [
            f"question/{q.position}"
            for q in consultation.questions
            if q.id not in data.answers and f"question/{q.position}" in order
        ]
        return f"{base}/{unseen[0]}?return_to=check" if unseen else f"{base}/check"
    index = order.index(page) if page in order else _place_of(consultation, order, page)
    return f"{base}/{order[index + 1]}"


def _place_of(consultation: Consultation, order: list[str], page: str) -> int:
    """Where a question no longer asked would be in `order`: after the last one before it."""
    position = int(page.removeprefix("question/"))
    asked = [
        order.index(f"question/{q.position}")
        for q in consultation.questions
        if q.position < position and f"question/{q.position}" in order
    ]
    return max(asked, default=0)


def previous_page(
    consultation: Consultation, data: JourneyData, page: str, with_contact: bool = True
) -> str:
    """The page before `page` (`with_contact` matters only to the check page's back link)."""
    order = ["start", *_pages(consultation, data, with_contact)]
    index = order.index(page) if page in order else _place_of(consultation, order, page) + 1
    before = order[index - 1]
    if before == "start":
        return f"/consultations/{consultation.slug}"
    return f"/consultations/{consultation.slug}/respond/{before}"


def carry_on_page(consultation: Consultation, data: JourneyData) -> str:
    """Where a resident coming back carries on: the first page they have not done yet (who they
    are, a question asked that they have not seen, equality monitoring), else the check page."""
    base = f"/consultations/{consultation.slug}/respond"
    if not data.respondent_type or not data.ward:
        return f"{base}/about"
    shown = shown_for(consultation.questions, data.answers)
    for question in consultation.questions:
        if question.id in shown and question.id not in data.answers:
            return f"{base}/question/{question.position}"
    return f"{base}/check" if data.seen_equality else f"{base}/equality"
