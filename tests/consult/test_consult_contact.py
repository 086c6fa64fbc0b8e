"""How residents contact the council about a consultation, on SQLite and PostgreSQL: officers enter
it (optional in a draft, needed to publish, audited), residents see it escaped with its line
breaks on the consultation's page, the closed page, the receipt page and the receipt e-mail, and
migration 0006 adds and removes it without touching any other row."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import pytest
from alembic import command
from alembic.config import Config
from consult_client import DEMO, Service, csrf_from, make_service, past, post_form
from consult_smtp import Mailbox, smtp_server
from sqlalchemy import func, inspect, select, text
from test_consult_journey import answer_everything

from townhall.consult.database import make_engine
from townhall.consult.demo import CONTACT, load_demo
from townhall.consult.mail.receipt import Receipt, new_message_id, receipt_message
from townhall.consult.mail.server import parse_smtp_url
from townhall.consult.migrate import alembic_config
from townhall.consult.models import (
    Answer,
    AuditEntry,
    Consultation,
    EqualityRecord,
    Question,
    Response,
)
from townhall.consult.services.receipt_sending import SendCounts, send_due_receipts

SENDER = "Example Council <consultation@council.example>"
DETAILS = {
    "title": "Library opening hours",
    "slug": "library-hours",
    "summary": "We propose shorter opening hours on Mondays.",
    "proposal": "Close at 1pm on Mondays.",
    "opens_on": "2026-01-01",
    "closes_on": "2099-01-31",
}
# What an officer might paste, markup and all: it must be shown as text, one line per line.
HOSTILE = "Libraries <script>alert(1)</script> team\nEmail: books&more@council.example"
HOSTILE_HTML = (
    "Libraries &lt;script&gt;alert(1)&lt;/script&gt; team<br>Email: books&amp;more@council.example"
)


def set_contact(service: Service, contact: str) -> None:
    with service.session() as session, session.begin():
        consultation = session.scalar(select(Consultation))
        assert consultation is not None
        consultation.contact = contact


def test_a_draft_needs_no_contact_but_publishing_does(service: Service) -> None:
    service.add_user("officer@example.org", "officer")
    officer = service.signed_in("officer@example.org")
    form = officer.get("/staff/consultations/new").text
    assert 'name="contact"' in form and "accessible formats" in form  # the hint
    created = post_form(officer, "/staff/consultations/new", data=DETAILS)
    assert created.status_code == 303
    base = created.headers["location"]
    overview = officer.get(base).text
    assert "None yet: needed before publishing" in overview
    # Every missing part at once, each linking to its section of the overview.
    refused = post_form(officer, base, f"{base}/publish", data={"confirm": "yes"})
    assert refused.status_code == 400
    for section in ("contact", "alternatives", "questions"):
        assert f'href="#{section}"' in refused.text and f'id="{section}"' in refused.text
    assert "Add the contact details, saying who is running the consultation" in refused.text
    post_form(
        officer,
        f"{base}/alternatives/new",
        data={
            "title": "Close a branch",
            "description": "Close one.",
            "reason_not_preferred": "No.",
        },
    )
    post_form(officer, f"{base}/questions/new", data={"kind": "scale", "prompt": "Agree?"})
    refused = post_form(officer, base, f"{base}/publish", data={"confirm": "yes"})
    assert refused.status_code == 400 and 'href="#contact"' in refused.text
    assert 'href="#questions"' not in refused.text and 'href="#alternatives"' not in refused.text
    with service.session() as session:
        assert session.scalar(select(Consultation.status)) == "draft"

    # Too long: refused with every typed value kept.
    too_long = post_form(
        officer, f"{base}/edit", data={**DETAILS, "contact": "x" * 2001, "title": "Kept title"}
    )
    assert too_long.status_code == 400
    assert "The contact details must be 2,000 characters or fewer" in too_long.text
    assert 'href="#contact"' in too_long.text and "x" * 2001 in too_long.text
    assert 'value="Kept title"' in too_long.text
    # The edit form shows the stored contact as typed (escaped in the textarea).
    saved = post_form(officer, f"{base}/edit", data={**DETAILS, "contact": HOSTILE})
    assert saved.status_code == 303
    edit_form = officer.get(f"{base}/edit").text
    assert "Libraries &lt;script&gt;alert(1)&lt;/script&gt; team\nEmail" in edit_form
    assert HOSTILE_HTML in officer.get(base).text
    assert post_form(officer, base, f"{base}/publish", data={"confirm": "yes"}).status_code == 303
    with service.session() as session:
        edits = session.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == "edit consultation")
        ).all()
        assert list(edits) == ["changed: contact"]

    public = service.client().get("/consultations/library-hours").text
    assert "Ask a question or respond another way" in public
    assert HOSTILE_HTML in public and "<script>" not in public


def test_a_contact_given_when_creating_is_kept(service: Service) -> None:
    service.add_user("officer@example.org", "officer")
    officer = service.signed_in("officer@example.org")
    contact = "Libraries team\r\nPhone: 0121 496 0999"  # a browser sends CRLF line ends
    created = post_form(officer, "/staff/consultations/new", data={**DETAILS, "contact": contact})
    assert created.status_code == 303
    with service.session() as session:
        assert (
            session.scalar(select(Consultation.contact)) == "Libraries team\nPhone: 0121 496 0999"
        )


def test_the_demonstration_gives_placeholder_contact_details(demo_service: Service) -> None:
    page = demo_service.client().get(DEMO).text
    email = "consultation@birmingham.example"
    assert f'<a href="mailto:{email}">{email}</a><br>' in page  # e-mail and phone are links
    assert '<a href="tel:01214960000">0121 496 0000</a>' in page
    assert "large print" in page


def test_residents_see_the_contact_escaped_on_the_receipt_and_closed_pages(
    demo_service: Service,
) -> None:
    set_contact(demo_service, HOSTILE)
    client = demo_service.client()
    answer_everything(demo_service, client)
    post_form(client, f"{DEMO}/respond/check", f"{DEMO}/respond/submit")
    receipt = client.get(f"{DEMO}/respond/receipt").text
    assert "Questions about this consultation" in receipt
    assert HOSTILE_HTML in receipt and "<script>" not in receipt
    assert "quote it if you contact the council" in receipt  # beside the contact, still

    late = demo_service.client()
    answer_everything(demo_service, late)
    token = csrf_from(late.get(f"{DEMO}/respond/check").text)
    with demo_service.session() as session, session.begin():
        consultation = session.scalar(select(Consultation))
        assert consultation is not None
        consultation.opens_on, consultation.closes_on = past(30), past(1)
    # Sending (which reads only the consultation's standing) and any other journey page.
    sent = late.post(f"{DEMO}/respond/submit", data={"csrf_token": token})
    question = late.get(f"{DEMO}/respond/question/1")
    for closed in (sent, question):
        assert closed.status_code == 403
        page = closed.text
        assert "This consultation has closed" in page
        assert "Contact the council about this consultation" in page and HOSTILE_HTML in page
        assert "<script>" not in page
    start = late.get(DEMO).text
    assert "This consultation has closed" in start and HOSTILE_HTML in start


def test_without_a_contact_no_section_is_shown(demo_service: Service) -> None:
    set_contact(demo_service, "")  # a consultation published before contacts were asked for
    client = demo_service.client()
    assert "Ask a question or respond another way" not in client.get(DEMO).text
    answer_everything(demo_service, client)
    post_form(client, f"{DEMO}/respond/check", f"{DEMO}/respond/submit")
    receipt = client.get(f"{DEMO}/respond/receipt").text
    assert "Response sent" in receipt and "Questions about this consultation" not in receipt


@pytest.fixture
def mailbox() -> Mailbox:
    return Mailbox()


@pytest.fixture
def mail_service(database_url: str, mailbox: Mailbox) -> Iterator[tuple[Service, str]]:
    """The demo consultation, open today, on a service with a mail server; and the server's URL."""
    with smtp_server(mailbox) as url:
        made = make_service(database_url, smtp_url=url, mail_from=SENDER)
        with made.session() as session, session.begin():
            load_demo(session, date.today())
        yield made, url
        made.app.state.engine.dispose()


def respond_with_email(service: Service) -> str:
    """Answer the demo, asking for a receipt by e-mail; the receipt page."""
    client = service.client()
    answer_everything(service, client)
    email = {"email": "resident@example.org"}
    assert post_form(client, f"{DEMO}/respond/contact", data=email).status_code == 303
    post_form(client, f"{DEMO}/respond/check", f"{DEMO}/respond/submit")
    return client.get(f"{DEMO}/respond/receipt").text


def sent_bodies(service: Service, url: str, mailbox: Mailbox) -> tuple[str, str]:
    """Send the receipts due; the plain text and HTML of the one sent, with plain line ends."""
    counts = send_due_receipts(
        service.app.state.reader, service.app.state.writer, parse_smtp_url(url), SENDER
    )
    assert counts == SendCounts(sent=1)
    message = mailbox.received[0].message
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert plain is not None and html is not None
    return tuple(part.get_content().replace("\r\n", "\n") for part in (plain, html))  # as sent


def test_the_receipt_email_gives_the_contact(
    mail_service: tuple[Service, str], mailbox: Mailbox
) -> None:
    service, url = mail_service
    page = respond_with_email(service)
    assert "a copy of this receipt is on its way" in page.lower()
    assert "consultation@birmingham.example" in page
    plain, html = sent_bodies(service, url, mailbox)
    assert (
        "Questions about this consultation, or to respond another way:\n" + CONTACT + "\n" in plain
    )
    assert "quote your reference number" in plain  # the generic line stays beside it
    assert "E-mail: consultation@birmingham.example<br>\nPhone: 0121 496 0000" in html


def test_the_receipt_email_escapes_the_contact_in_html_only(
    mail_service: tuple[Service, str], mailbox: Mailbox
) -> None:
    service, url = mail_service
    set_contact(service, HOSTILE)
    respond_with_email(service)
    plain, html = sent_bodies(service, url, mailbox)
    assert HOSTILE in plain  # plain text is not markup, so it is not escaped
    assert "Libraries &lt;script&gt;alert(1)&lt;/script&gt; team<br>" in html
    assert "books&amp;more@council.example" in html and "<script>" not in html


def test_a_receipt_without_a_contact_keeps_the_generic_line_only() -> None:
    receipt = Receipt("Library opening hours", "7KQM-29XD", datetime(2026, 1, 5, tzinfo=UTC))
    message = receipt_message(receipt, SENDER, "resident@example.org", new_message_id(SENDER))
    for subtype in ("plain", "html"):
        body = message.get_body((subtype,))
        assert body is not None
        content = body.get_content()
        assert "quote your reference number" in content
        assert "Questions about this consultation" not in content


def test_migrations_since_0003_come_off_and_back_on_keeping_every_row(
    database_url: str,
) -> None:
    service = make_service(database_url)  # migrated to the newest revision
    with service.session() as session, session.begin():
        load_demo(session, date.today())
    client = service.client()
    answer_everything(service, client)
    post_form(client, f"{DEMO}/respond/check", f"{DEMO}/respond/submit")
    service.app.state.engine.dispose()
    engine = make_engine(database_url)  # SQLite with foreign keys on, as the service runs it

    def counts() -> tuple[int | None, ...]:
        with engine.connect() as connection:
            return tuple(
                connection.scalar(select(func.count()).select_from(table))
                for table in (Consultation, Question, Response, Answer)
            )

    def migrate(step: Callable[[Config, str], None], revision: str) -> None:
        config = alembic_config(database_url)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            step(config, revision)

    def columns(table: str = "consult_consultations") -> set[str]:
        with engine.connect() as connection:
            return {column["name"] for column in inspect(connection).get_columns(table)}

    before = counts()
    assert before == (1, 5, 1, 10) and "contact" in columns()
    migrate(command.downgrade, "0003")  # 0006 contact, 0005 receipt columns, 0004 rate events
    # A rebuilt table would have cascaded deletes to questions, responses and answers.
    assert counts() == before and "contact" not in columns()
    assert "receipt_attempts" not in columns("consult_responses")
    migrate(command.upgrade, "head")
    assert counts() == before
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT contact FROM consult_consultations")) == ""
        # The resident's equality answers, pending when 0007 came off, were released then and
        # came back through 0007's shuffled rebuild.
        assert connection.scalar(select(func.count()).select_from(EqualityRecord)) == 1
    engine.dispose()
