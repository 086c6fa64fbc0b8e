"""Save and come back later: a link, shown once and e-mailed only when asked (the address never
kept), brings a resident's answers back once, on any device, until it expires or the response is
sent; only its digest is stored, and no equality answer or receipt address is ever saved with it."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from consult_client import DEMO, Service, make_service, post_form
from consult_smtp import Mailbox, smtp_server
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from test_consult_journey import answer_everything

from townhall.consult.demo import load_demo
from townhall.consult.models import Journey, ResumeLink
from townhall.consult.services.resume_links import link_expiry, token_digest

LINK = re.compile(r'<a href="https://testserver(/consultations/[^"]+/resume/([^"]+))">')


def test_a_link_lasts_its_days_or_until_the_close_whichever_is_first() -> None:
    now = datetime(2026, 12, 6, 10, tzinfo=UTC)
    closes = datetime(2026, 12, 20, 23, 59, tzinfo=UTC)
    assert link_expiry(now, 30, closes) == closes
    assert link_expiry(now, 7, closes) == now + timedelta(days=7)


def _save(client: TestClient, data: dict[str, object] | None = None) -> tuple[str, str, str]:
    """The link's path, its token and the page that showed it."""
    saved = post_form(client, f"{DEMO}/respond/save", data=data)
    assert saved.status_code == 200, saved.text  # type: ignore[attr-defined]
    assert saved.headers["cache-control"] == "no-store"  # type: ignore[attr-defined]
    found = LINK.search(saved.text)  # type: ignore[attr-defined]
    assert found, saved.text  # type: ignore[attr-defined]
    return found.group(1), found.group(2), saved.text  # type: ignore[attr-defined]


def _resume(service: Service, path: str) -> object:
    other_device = service.client()
    page = other_device.get(path)
    assert "Carry on with your response" in page.text
    return post_form(other_device, path)


def _demo(tmp_path: Path, **settings: object) -> Service:
    """The demo consultation on SQLite (links and journeys are plain rows on either database)."""
    service = make_service(f"sqlite:///{tmp_path / 'townhall.db'}", **settings)
    with service.session() as session, session.begin():
        load_demo(session, date.today())
    return service


def test_a_resident_saves_and_carries_on_elsewhere_once(tmp_path: Path) -> None:
    demo_service = _demo(tmp_path)
    client = demo_service.client()
    answer_everything(demo_service, client, "My answer, saved for later.")
    path, token, _ = _save(client)
    with demo_service.session() as session:
        stored = session.scalars(select(ResumeLink)).one()
        assert stored.token_digest == token_digest(token) != token  # only the digest is kept
        journey = session.get_one(Journey, stored.journey_token)
        assert "age_band" not in journey.data and "Female" not in journey.data

    carried = _resume(demo_service, path)
    assert carried.headers["location"] == f"{DEMO}/respond/check"  # type: ignore[attr-defined]
    # The link works once: a second use (here, or by anyone who copied it) is refused.
    again = _resume(demo_service, path)
    assert again.status_code == 404  # type: ignore[attr-defined]
    assert "This link no longer works" in again.text  # type: ignore[attr-defined]

    # Asking again makes a new link, and the older one stops working.
    old_path, _, _ = _save(client)
    new_path, _, _ = _save(client)
    assert _resume(demo_service, old_path).status_code == 404  # type: ignore[attr-defined]
    resumed_device = demo_service.client()
    resumed_device.get(new_path)
    assert post_form(resumed_device, new_path).status_code == 303  # type: ignore[attr-defined]
    check = resumed_device.get(f"{DEMO}/respond/check").text
    assert "My answer, saved for later." in check
    assert "Not given" in check  # equality answers stay with the browser that gave them

    # An expired link is refused.
    expired_path, _, _ = _save(client)
    with demo_service.session() as session, session.begin():
        session.execute(
            update(ResumeLink).values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
        )
    assert _resume(demo_service, expired_path).status_code == 404  # type: ignore[attr-defined]

    # Sending the response ends the journey and every link to it.
    last_path, _, _ = _save(client)
    post_form(client, f"{DEMO}/respond/check", f"{DEMO}/respond/submit")
    with demo_service.session() as session:
        assert session.scalars(select(ResumeLink)).all() == []
    assert _resume(demo_service, last_path).status_code == 404  # type: ignore[attr-defined]


def test_the_link_is_emailed_and_no_address_is_kept(tmp_path: Path) -> None:
    mailbox = Mailbox()
    with smtp_server(mailbox) as url:
        service = _demo(tmp_path, smtp_url=url, mail_from="Council <consultation@example.gov.uk>")
        client = service.client()
        answer_everything(service, client)
        post_form(client, f"{DEMO}/respond/contact", data={"email": "receipt@example.org"})
        wrong = post_form(client, f"{DEMO}/respond/save", data={"email": "not an address"})
        assert wrong.status_code == 400  # type: ignore[attr-defined]
        path, token, page = _save(client, {"email": "me@example.org"})
        assert "We have sent the link to the email address you gave" in page
    [sent] = mailbox.received
    assert sent.recipients == ["me@example.org"]
    assert f"https://testserver{path}" in mailbox.bodies()[0]
    with service.session() as session:
        journey = session.scalars(select(Journey)).one()
        # Neither the link's address nor the receipt address typed earlier waits with the
        # saved answers: the resident is asked for a receipt address again.
        assert "example.org" not in journey.data
    assert token not in str(mailbox.received[0].message["Subject"])
