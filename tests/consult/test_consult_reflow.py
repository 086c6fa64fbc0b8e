"""Reflow (WCAG 1.4.10): every page of the service, public and staff, fits a 320 px wide screen
without scrolling sideways, as a resident, an officer, a councillor and an administrator see it.

The pages are the app's own GET routes, so a new page fails `test_every_page_is_measured` until it
is given an address here (or a reason it is not a page). One browser, one context per role.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from consult_client import DEMO, PASSWORD, Service, make_service, post_form
from consult_sample_answers import add_answers
from consult_server import running
from fastapi.routing import APIRoute
from sqlalchemy import select
from test_consult_journey import answer_everything
from test_consult_statements_groups import plant

from townhall.consult.app import ROUTERS
from townhall.consult.demo import SLUG, load_demo
from townhall.consult.models import (
    Alternative,
    Answer,
    CommunityGroup,
    Consultation,
    Idea,
    Question,
    Response,
    Section,
    Statement,
    User,
    Ward,
)
from townhall.consult.services.consultations import first_version
from townhall.consult.services.participation_demo import load_participation_demo

WIDTH = 320

# GET routes that are not pages a person reads, with the reason.
NOT_PAGES = {
    "/deals/compare.svg": "an image shown on /deals/compare",
    "/mandate/{place}/map.svg": "an image shown on /mandate/{place}",
    "/consultations/{slug}/documents/{document_id}": "a download of the officer's own document",
    "/staff/consultations/{consultation_id}/export/equality.csv": "a CSV download",
    "/staff/consultations/{consultation_id}/export/responses.csv": "a CSV download",
    "/staff/consultations/{consultation_id}/export/responses.xlsx": "an Excel download",
    "/council.css": "the council's colours, a stylesheet",
    "/council/logo": "the council's logo, an image",
    "/healthz": "a health check for a load balancer",
    "/readyz": "a readiness check for a load balancer",
    "/consultations/{slug}/respond/save": "measured at 320 px by test_consult_routing_browser",
    "/consultations/{slug}/resume/{token}": "measured at 320 px by test_consult_routing_browser",
}

# The respondent journey's pages, visited in order by one resident part-way through responding.
JOURNEY = (
    "/consultations/{slug}/respond/about",
    "/consultations/{slug}/respond/question/{position}",
    "/consultations/{slug}/respond/equality",
    "/consultations/{slug}/respond/contact",
    "/consultations/{slug}/respond/check",
    "/consultations/{slug}/respond/receipt",
)

ADMIN_ONLY = ("/staff/users", "/staff/audit", "/staff/wards")


def page_routes() -> set[str]:
    """Every GET route of the app."""
    return {
        route.path
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute) and "GET" in route.methods
    }


def _addresses(service: Service) -> dict[str, tuple[str, str]]:
    """Each page route's address on the demo site, and who reads it: resident, officer, admin or
    councillor."""
    with service.session() as session:
        consultation = session.scalars(select(Consultation).where(Consultation.slug == SLUG)).one()
        slug, cid = consultation.slug, consultation.id
        draft = session.scalars(select(Consultation).where(Consultation.status == "draft")).one()
        text_question = session.scalars(select(Question).where(Question.kind == "text")).first()
        closed_question = session.scalars(select(Question).where(Question.kind != "text")).first()
        second = session.scalars(
            select(Question).where(Question.consultation_id == cid, Question.position == 2)
        ).one()
        section = session.scalars(select(Section)).one()
        assert text_question is not None and closed_question is not None
        qid = text_question.id
        themes_home = f"/staff/consultations/{cid}/questions/{qid}/themes"
        answer = session.scalars(select(Answer).where(Answer.question_id == qid)).first()
        response = session.scalars(select(Response).where(Response.reference.contains("-"))).one()
        ward = session.scalars(select(Ward).where(Ward.name == "Aston")).one()
        councillor = session.scalars(select(User).where(User.role == "councillor")).one()
        group = session.scalars(select(CommunityGroup)).one()
        idea = session.scalars(select(Idea)).first()
        statement = session.scalars(select(Statement)).first()
        alternative = session.scalars(select(Alternative)).first()
        assert answer and response and idea and statement and alternative
    officer = service.signed_in("officer@example.org")
    theme_key = re.search(r"split\?key=([\w-]+)", officer.get(themes_home).text)
    assert theme_key, "no themes found"
    token = service.app.state.preview_serializer.dumps({"consultation": draft.id})
    staff = f"/staff/consultations/{cid}"
    themes = f"{staff}/questions/{qid}/themes"
    public = {
        "/": "/",
        "/consultations/{slug}": f"/consultations/{slug}",
        "/consultations/{slug}/ideas": f"{DEMO}/ideas",
        "/consultations/{slug}/ideas/new": f"{DEMO}/ideas/new",
        "/consultations/{slug}/ideas/sent": f"{DEMO}/ideas/sent",
        "/consultations/{slug}/ideas/{idea_id:int}": f"{DEMO}/ideas/{idea.id}",
        "/consultations/{slug}/opinion-groups": f"{DEMO}/opinion-groups",
        "/consultations/{slug}/statements": f"{DEMO}/statements",
        "/consultations/{slug}/statements/new": f"{DEMO}/statements/new",
        "/consultations/{slug}/statements/sent": f"{DEMO}/statements/sent",
        "/consultations/{slug}/statements/{statement_id:int}": f"{DEMO}/statements/{statement.id}",
        "/consultations/{slug}/versions/{number}": f"{DEMO}/versions/1",
        "/consultations/{slug}/what-would-i-pay": f"{DEMO}/what-would-i-pay",
        "/consultations/{slug}/you-said-we-did": f"{DEMO}/you-said-we-did",
        "/consultations/{slug}/outcome": f"{DEMO}/outcome",
        "/privacy": "/privacy",
        "/accessibility": "/accessibility",
        "/cookies": "/cookies",
        "/deals": "/deals",
        "/deals/compare": "/deals/compare",
        "/deals/{deal_id}": "/deals/leeds",
        "/mandate": "/mandate",
        "/mandate/{place}": "/mandate/birmingham",
        "/mandate/{place}/who": "/mandate/birmingham/who?need=bins",
        "/outcomes": "/outcomes",
        "/preview/{token}": f"/preview/{token}",
        "/staff/sign-in": "/staff/sign-in",
    }
    officer_pages = {
        "/staff": "/staff",
        "/staff/consultations/new": "/staff/consultations/new",
        "/staff/consultations/{consultation_id}": staff,
        "/staff/consultations/{consultation_id}/alternatives/new": f"{staff}/alternatives/new",
        "/staff/consultations/{consultation_id}/alternatives/{alternative_id}/edit": (
            f"{staff}/alternatives/{alternative.id}/edit"
        ),
        "/staff/consultations/{consultation_id}/confirm/{action}": f"{staff}/confirm/close",
        "/staff/consultations/{consultation_id}/documents/upload": f"{staff}/documents/upload",
        "/staff/consultations/{consultation_id}/edit": f"{staff}/edit",
        "/staff/consultations/{consultation_id}/ideas": f"{staff}/ideas",
        "/staff/consultations/{consultation_id}/opinion-groups": f"{staff}/opinion-groups",
        "/staff/consultations/{consultation_id}/outcome": f"{staff}/outcome",
        "/staff/consultations/{consultation_id}/owners": f"{staff}/owners",
        "/staff/consultations/{consultation_id}/preview": f"{staff}/preview",
        "/staff/consultations/{consultation_id}/questions/new": f"{staff}/questions/new",
        "/staff/consultations/{consultation_id}/questions/{question_id}/edit": (
            f"{staff}/questions/{closed_question.id}/edit"
        ),
        "/staff/consultations/{consultation_id}/questions/{question_id}/links": (
            f"{staff}/questions/{closed_question.id}/links"
        ),
        "/staff/consultations/{consultation_id}/questions/{question_id}/themes": themes,
        "/staff/consultations/{consultation_id}/questions/{question_id}/themes/answers": (
            f"{themes}/answers"
        ),
        "/staff/consultations/{consultation_id}/questions/{question_id}/themes/answers/{answer_id}": (
            f"{themes}/answers/{answer.id}"
        ),
        "/staff/consultations/{consultation_id}/questions/{question_id}/themes/campaigns": (
            f"{themes}/campaigns"
        ),
        "/staff/consultations/{consultation_id}/questions/{question_id}/themes/delete": (
            f"{themes}/delete?key={theme_key.group(1)}"
        ),
        "/staff/consultations/{consultation_id}/questions/{question_id}/themes/split": (
            f"{themes}/split?key={theme_key.group(1)}"
        ),
        "/staff/consultations/{consultation_id}/reopen": f"{staff}/reopen",
        "/staff/consultations/{consultation_id}/questions/{question_id}/routing": (
            f"{staff}/questions/{second.id}/routing"
        ),
        "/staff/consultations/{consultation_id}/sections/new": f"/staff/consultations/{draft.id}/sections/new",
        "/staff/consultations/{consultation_id}/sections/{section_id}/edit": (
            f"/staff/consultations/{draft.id}/sections/{section.id}/edit"
        ),
        "/staff/consultations/{consultation_id}/responses/find": f"{staff}/responses/find",
        "/staff/consultations/{consultation_id}/responses/new": f"{staff}/responses/new",
        "/staff/consultations/{consultation_id}/responses/{reference}": (
            f"{staff}/responses/{response.reference}"
        ),
        "/staff/consultations/{consultation_id}/results": f"{staff}/results",
        "/staff/consultations/{consultation_id}/schemes/new": f"{staff}/schemes/new",
        "/staff/consultations/{consultation_id}/statements": f"{staff}/statements",
        "/staff/consultations/{consultation_id}/wards": f"{staff}/wards",
        "/staff/moderation": "/staff/moderation",
        "/staff/password": "/staff/password",
        "/staff/themes": "/staff/themes",
    }
    admin_pages = {
        "/staff/users": "/staff/users",
        "/staff/users/{user_id}/password": f"/staff/users/{councillor.id}/password",
        "/staff/users/{user_id}/wards": f"/staff/users/{councillor.id}/wards",
        "/staff/audit": "/staff/audit",
        "/staff/wards": "/staff/wards",
        "/staff/wards/{ward_id}/{action}": f"/staff/wards/{ward.id}/merge",
        "/staff/council": "/staff/council",
        "/staff/council/pages/{address}": "/staff/council/pages/privacy",
    }
    councillor_pages = {
        "/councillor": "/councillor",
        "/councillor/consultations/{consultation_id}/wards/{ward_id}": (
            f"/councillor/consultations/{cid}/wards/{ward.id}"
        ),
        "/wards": "/wards",
        "/wards/{ward_id}": f"/wards/{ward.id}",
        "/wards/{ward_id}/{section_name}/new": f"/wards/{ward.id}/groups/new",
        "/wards/{ward_id}/{section_name}/{item_id}/edit": f"/wards/{ward.id}/groups/{group.id}/edit",
    }
    return (
        {route: (address, "resident") for route, address in public.items()}
        | {route: (address, "officer") for route, address in officer_pages.items()}
        | {route: (address, "admin") for route, address in admin_pages.items()}
        | {route: (address, "councillor") for route, address in councillor_pages.items()}
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Service, str]]:
    """The demo with sample answers, statements, votes, ideas, themes and a community group, on
    SQLite behind a real server; an officer, an administrator and an Aston councillor."""
    database = tmp_path_factory.mktemp("reflow") / "townhall.db"
    # A mail server (never reached: no resident here asks for a receipt) so the journey has its
    # e-mail page.
    service = make_service(
        f"sqlite:///{database}", smtp_url="smtp://127.0.0.1:9", mail_from="consult@council.example"
    )
    with service.session() as session, session.begin():
        consultation = load_demo(session, date.today())
        add_answers(session, consultation)
        load_participation_demo(session, consultation)
        first_version(consultation)
    plant(service, 12, 12)
    service.add_user("officer@example.org", "officer")
    service.add_user("admin@example.org", "admin")
    service.add_user("aston@example.org", "councillor", ("Aston",))
    with service.session() as session, session.begin():
        aston = session.scalars(select(Ward).where(Ward.name == "Aston")).one()
        session.add(
            CommunityGroup(
                ward_id=aston.id,
                name="Aston Residents' Association of the Lozells and Newtown Estates",
                contact="aston.residents.association.secretary@example.org",
                updated_by="aston@example.org",
            )
        )
    officer = service.signed_in("officer@example.org")
    cid = 1
    question = f"/staff/consultations/{cid}/questions"
    with service.session() as session:
        qid = session.scalars(select(Question.id).where(Question.kind == "text")).one()
    themes = f"{question}/{qid}/themes"
    found = post_form(officer, themes, f"{themes}/candidates", data={"topics": "5"})
    assert found.status_code == 303, found  # type: ignore[attr-defined]
    assert post_form(officer, themes, f"{themes}/assign").status_code == 303  # type: ignore[attr-defined]
    draft = {
        "title": "Library opening hours",
        "slug": "library-hours",
        "summary": "Shorter hours on Mondays.",
        "proposal": "Close at 1pm on Mondays.",
        "contact": "libraries@council.example",
        "opens_on": "2026-01-01",
        "closes_on": "2099-01-31",
    }
    made = post_form(officer, "/staff/consultations/new", data=draft)
    assert made.status_code == 303, made  # type: ignore[attr-defined]
    with service.session() as session, session.begin():
        library = session.scalars(select(Consultation).where(Consultation.slug == "library-hours"))
        session.add(
            Section(
                consultation_id=library.one().id,
                position=1,
                title="Your library, and how often you go on a weekday afternoon",
                intro="",
            )
        )
    resident = service.client()
    answer_everything(service, resident)
    post_form(resident, f"{DEMO}/respond/check", f"{DEMO}/respond/submit")
    with running(service.app) as base_url:
        yield service, base_url
    service.app.state.engine.dispose()


def test_every_page_is_measured(site: tuple[Service, str]) -> None:
    service, _ = site
    measured = set(_addresses(service)) | set(NOT_PAGES) | set(JOURNEY)
    assert page_routes() == measured


# Runs in the page: its width, the screen's, and the first few elements that stick out beyond the
# screen's right edge (the innermost, so the message names the culprit, not its containers).
_WIDTHS = """
() => {
  const screen = document.scrollingElement.clientWidth;
  const out = [...document.body.querySelectorAll('*')].filter((element) =>
    element.getBoundingClientRect().right > screen + 1
    && ![...element.children].some((child) => child.getBoundingClientRect().right > screen + 1));
  const names = out.slice(0, 3).map((element) =>
    element.tagName.toLowerCase() + (element.className ? '.' + String(element.className).split(' ').join('.') : '')
    + ' "' + (element.textContent || '').trim().slice(0, 30) + '"');
  return [document.scrollingElement.scrollWidth, screen, names];
}
"""


def _signed_in(browser: Any, base: str, email: str | None) -> Any:
    context = browser.new_context(viewport={"width": WIDTH, "height": 800})
    page = context.new_page()
    if email:
        page.goto(base + "/staff/sign-in")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
    return page


def _overflow(page: Any, base: str, address: str) -> str | None:
    """Why the page at `address` does not fit the width, or was not shown (None when it fits)."""
    shown = page.goto(base + address)
    if shown is None or shown.status >= 400:
        return f"{address}: status {shown.status if shown else 'none'}"
    if not page.url.startswith(base + address.split("?")[0]):
        return f"{address}: sent on to {page.url.removeprefix(base)}"
    widths: tuple[int, int, list[str]] = page.evaluate(_WIDTHS)
    if widths[0] > widths[1]:
        return f"{address}: {widths[0]} px wide in {widths[1]} px ({', '.join(widths[2])})"
    return None


@pytest.mark.browser
def test_every_page_fits_320_px(browser: Any, site: tuple[Service, str]) -> None:
    service, base = site
    roles = {
        "resident": None,
        "officer": "officer@example.org",
        "admin": "admin@example.org",
        "councillor": "aston@example.org",
    }
    pages = {role: _signed_in(browser, base, email) for role, email in roles.items()}
    problems = [
        problem
        for address, role in _addresses(service).values()
        if (problem := _overflow(pages[role], base, address))
    ]
    for address in ("/staff", "/staff/consultations/1/results?ward=1"):
        if problem := _overflow(pages["admin"], base, address):
            problems.append(f"as admin: {problem}")
    resident = pages["resident"]
    client = service.client()
    answer_everything(service, client)
    resident.context.add_cookies(
        [{"name": name, "value": value, "url": base} for name, value in client.cookies.items()]
    )
    with service.session() as session:
        demo = session.scalars(select(Consultation).where(Consultation.slug == SLUG)).one()
        positions = len(demo.questions)
    journey = [f"{DEMO}/respond/about"]
    journey += [f"{DEMO}/respond/question/{n}" for n in range(1, positions + 1)]
    journey += [f"{DEMO}/respond/equality", f"{DEMO}/respond/contact", f"{DEMO}/respond/check"]
    problems += [problem for address in journey if (problem := _overflow(resident, base, address))]
    resident.get_by_role("button", name="Send response").click()
    resident.wait_for_url(f"**{DEMO}/respond/receipt")
    if problem := _overflow(resident, base, f"{DEMO}/respond/receipt"):
        problems.append(problem)
    for page in pages.values():
        page.context.close()
    assert problems == [], "\n".join(problems)
