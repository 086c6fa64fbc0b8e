"""The council's own service: its name, contacts, colours (contrast checked) and logo (a checked
PNG or JPEG) on every page, and a privacy notice, accessibility statement and cookies page
written from its real settings, editable by an administrator and audited."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from consult_client import Service, make_service, post_form
from PIL import Image
from sqlalchemy import select

from townhall.consult.mail.receipt import Receipt, Signature, receipt_message
from townhall.consult.models import AuditEntry

IDENTITY = {
    "name": "Birmingham City Council",
    "address": "Council House\nVictoria Square\nBirmingham B1 1BB",
    "phone": "0121 496 0000",
    "email": "consultation@birmingham.example",
    "website": "https://www.birmingham.example",
    "data_protection_contact": "",
    "header_colour": "#1d70b8",
    "header_text_colour": "#ffffff",
}


@pytest.fixture
def council(tmp_path: Path) -> Iterator[Service]:
    """An empty service on SQLite with an admin and an officer (nothing here is database
    specific; the migration test covers both databases)."""
    service = make_service(f"sqlite:///{tmp_path / 't.db'}", receipt_address_days=5)
    service.add_user("admin@example.org", "admin")
    service.add_user("officer@example.org", "officer")
    yield service
    service.app.state.engine.dispose()


def png(width: int = 40, height: int = 20, trailer: bytes = b"") -> bytes:
    """A small PNG made here (optionally with bytes after its end, as a polyglot would have)."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (29, 112, 184)).save(out, format="PNG")
    return out.getvalue() + trailer


def test_every_page_links_the_legal_pages_written_from_the_real_settings(
    council: Service,
) -> None:
    client = council.client()
    home = client.get("/").text
    for address in ("/privacy", "/accessibility", "/cookies"):
        assert f'href="{address}"' in home
    privacy = client.get("/privacy").text
    assert "UK GDPR Article 6(1)(e)" in privacy and "Article 9(2)(a)" in privacy
    assert "after 5 days at most" in privacy  # TOWNHALL_RECEIPT_ADDRESS_DAYS, as set
    assert "Information Commissioner" in privacy and "0303 123 1113" in privacy
    cookies = client.get("/cookies").text
    assert "townhall_session" in cookies and "townhall_staff" in cookies
    assert "expires after 4 hours" in cookies  # TOWNHALL_SESSION_MAX_AGE_SECONDS
    statement = client.get("/accessibility").text
    for section in (
        "Feedback and contact information",
        "Enforcement procedure",
        "Compliance status",
    ):
        assert section in statement


def test_an_admin_sets_the_identity_every_page_shows(council: Service) -> None:
    admin = council.signed_in("admin@example.org")
    assert "Set the council's details" in admin.get("/staff").text
    low = {**IDENTITY, "header_text_colour": "#ffdd00", "header_colour": "#ffffff", "email": "x"}
    low["phone"] = "496 0000"
    refused = post_form(admin, "/staff/council", data=low)
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert "contrasts 1.35:1" in refused.text and "correct format" in refused.text  # type: ignore[attr-defined]
    assert "Enter the phone number with its area code" in refused.text  # type: ignore[attr-defined]
    assert post_form(admin, "/staff/council", data=IDENTITY).status_code == 303  # type: ignore[attr-defined]
    assert "Set the council's details" not in admin.get("/staff").text
    page = council.client().get("/").text
    assert "Birmingham City Council: consultations" in page
    assert '<a href="tel:01214960000">0121 496 0000</a>' in page
    assert 'href="mailto:consultation@birmingham.example"' in page
    assert "#1d70b8" in council.client().get("/council.css").text
    assert "Birmingham City Council is the controller" in council.client().get("/privacy").text
    with council.session() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "change council details")
        ).one()
        assert "Birmingham City Council" in entry.detail
    officer = council.signed_in("officer@example.org")
    assert officer.get("/staff/council").status_code == 403


def test_a_logo_must_be_a_real_png_or_jpeg_and_is_served_re_encoded(council: Service) -> None:
    admin = council.signed_in("admin@example.org")
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    for name, content in (
        ("logo.svg", svg),
        ("logo.png", b"not an image"),
        ("big.png", png(3000, 10)),
    ):
        refused = post_form(
            admin, "/staff/council", "/staff/council/logo", files={"logo": (name, content)}
        )
        assert refused.status_code == 400, name  # type: ignore[attr-defined]
    hidden = b"<script>alert(1)</script>"
    sent = post_form(
        admin,
        "/staff/council",
        "/staff/council/logo",
        files={"logo": ("logo.png", png(trailer=hidden))},
    )
    assert sent.status_code == 303  # type: ignore[attr-defined]
    served = council.client().get("/council/logo")
    assert served.headers["content-type"] == "image/png"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert hidden not in served.content and Image.open(io.BytesIO(served.content)).size == (40, 20)
    assert 'class="header-logo" src="/council/logo?v=' in council.client().get("/").text


def test_an_admin_rewrites_a_page_restores_the_default_and_both_are_audited(
    council: Service,
) -> None:
    admin = council.signed_in("admin@example.org")
    form = admin.get("/staff/council/pages/privacy").text
    assert "This is the default text" in form
    text = "## Who we are\n\nOur own notice. <script>x</script>"
    assert post_form(admin, "/staff/council/pages/privacy", data={"text": text}).status_code == 303  # type: ignore[attr-defined]
    shown = council.client().get("/privacy").text
    assert "<h2>Who we are</h2>" in shown and "Our own notice. &lt;script&gt;" in shown
    restored = post_form(admin, "/staff/council/pages/privacy", data={"restore": "yes"})
    assert restored.status_code == 303  # type: ignore[attr-defined]
    assert "Information Commissioner" in council.client().get("/privacy").text
    with council.session() as session:
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.target == "council")
        ).all()
    assert actions == ["change privacy notice", "change privacy notice"]


def test_a_receipt_is_signed_by_the_council_with_its_privacy_notice() -> None:
    receipt = Receipt("Council Tax Support", "7KQM-29XD", datetime(2026, 12, 1, tzinfo=UTC))
    signature = Signature(
        "Birmingham City Council", ("Phone: 0121 496 0000",), "https://consult.example/privacy"
    )
    message = receipt_message(
        receipt, "c@example.org", "r@example.org", "<1@example.org>", signature
    )
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Birmingham City Council\nPhone: 0121 496 0000" in text
    assert "https://consult.example/privacy" in text
