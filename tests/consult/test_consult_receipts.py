"""Receipt e-mails through a real SMTP server, on SQLite and PostgreSQL: one receipt with the right
reference then the address deleted, failures retried then given up (address deleted), two senders
at once sending each receipt once, the web service's background sender, the cron command, the
receipt page saying a copy is on its way (never showing the address), no address asked for or kept
when no mail server is set, and TLS: STARTTLS to a named server, smtps://, a server without STARTTLS
and certificates the sender must not trust (trusting a test CA through SSL_CERT_FILE, as a council
would trust its own)."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import trustme
from consult_client import DEMO, Service, make_service, post_form
from consult_smtp import (
    Mailbox,
    Tls,
    closed_port_url,
    machine_name,
    server_certificate,
    smtp_server,
)
from sqlalchemy import select
from test_consult_journey import answer_everything
from typer.testing import CliRunner

from townhall.cli import app as cli_app
from townhall.consult.database import make_engine, session_factory
from townhall.consult.demo import load_demo
from townhall.consult.mail.server import parse_smtp_url
from townhall.consult.models import Consultation, Response, utc_now
from townhall.consult.rules.references import new_reference
from townhall.consult.services.receipt_sending import SendCounts, send_due_receipts
from townhall.consult.services.receipts import MAX_ATTEMPTS
from townhall.consult.settings import Settings

SENDER = "Birmingham City Council <consultation@example.gov.uk>"
TITLE = "Council Tax Support from April 2013: have your say"

ON_ITS_WAY = "A copy of this receipt is on its way"  # said only when one will be sent


@pytest.fixture
def mailbox() -> Mailbox:
    return Mailbox()


@pytest.fixture
def smtp_url(mailbox: Mailbox) -> Iterator[str]:
    with smtp_server(mailbox) as url:
        yield url


@pytest.fixture
def mail_service(database_url: str, smtp_url: str) -> Iterator[Service]:
    """The demo consultation, open today, on a service with a mail server set."""
    made = make_service(database_url, smtp_url=smtp_url, mail_from=SENDER)
    with made.session() as session, session.begin():
        load_demo(session, date.today())
    yield made
    made.app.state.engine.dispose()


def add_response(service: Service, email: str | None, days_ago: float = 0) -> str:
    """A stored response (as the submit step stores it) with this receipt address, submitted
    `days_ago`; its reference."""
    reference = new_reference()
    with service.session() as session, session.begin():
        consultation = session.scalar(select(Consultation))
        assert consultation is not None
        session.add(
            Response(
                consultation_id=consultation.id,
                journey_token=uuid.uuid4().hex,
                reference=reference,
                respondent_type="resident",
                receipt_email=email,
                submitted_at=utc_now() - timedelta(days=days_ago),
            )
        )
    return reference


def stored(service: Service, reference: str) -> Response:
    with service.session() as session:
        response = session.scalar(select(Response).where(Response.reference == reference))
        assert response is not None
        return response


def send(service: Service, smtp_url: str, at: datetime | None = None) -> SendCounts:
    """One run of the sender, as the cron command and the background task make it."""
    return send_due_receipts(
        service.app.state.reader,
        service.app.state.writer,
        parse_smtp_url(smtp_url),
        SENDER,
        clock=(lambda: at) if at is not None else utc_now,
    )


def test_a_response_with_an_address_gets_one_receipt_and_the_address_is_deleted(
    mail_service: Service, smtp_url: str, mailbox: Mailbox
) -> None:
    reference = add_response(mail_service, "resident@example.org")
    without = add_response(mail_service, None)
    assert send(mail_service, smtp_url) == SendCounts(sent=1)
    assert send(mail_service, smtp_url) == SendCounts()  # nothing left: sent once
    [received] = mailbox.received
    assert received.recipients == ["resident@example.org"]
    message = received.message
    assert message["To"] == "resident@example.org" and message["From"] == SENDER
    assert reference in message["Subject"] and TITLE in message["Subject"]
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert f"Your reference number: {reference}" in text
    assert f"Date sent: {date.today().day} {date.today():%B %Y}" in text
    assert "deleted as soon as it is sent" in text
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert f'<strong style="font-size: 24px;">{reference}</strong>' in html
    response = stored(mail_service, reference)
    assert response.receipt_email is None and response.receipt_sent_at is not None
    assert response.receipt_attempts == 1 and response.receipt_failure is None
    assert stored(mail_service, without).receipt_sent_at is None


def test_the_html_alternative_escapes_the_title(
    mail_service: Service, smtp_url: str, mailbox: Mailbox
) -> None:
    with mail_service.session() as session, session.begin():
        consultation = session.scalar(select(Consultation))
        assert consultation is not None
        consultation.title = "Support <script>alert(1)</script> & more"
    add_response(mail_service, "resident@example.org")
    assert send(mail_service, smtp_url).sent == 1
    message = mailbox.received[0].message
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html and "<script>" not in html
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "“Support <script>alert(1)</script> & more”" in text  # plain text is not escaped


def test_a_refused_connection_is_retried_then_given_up_and_the_address_deleted(
    mail_service: Service, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    reference = add_response(mail_service, "resident@example.org")
    down = closed_port_url()
    at = utc_now()
    for attempt in range(1, MAX_ATTEMPTS):
        assert send(mail_service, down, at) == SendCounts(
            failed=1, reasons=["the server refused the connection"]
        )
        assert send(mail_service, down, at) == SendCounts()  # not again until the retry time
        response = stored(mail_service, reference)
        assert response.receipt_email == "resident@example.org"
        assert response.receipt_attempts == attempt
        assert response.receipt_failure == "the server refused the connection"
        assert response.receipt_retry_at is not None
        at += timedelta(days=1)
    assert send(mail_service, down, at) == SendCounts(
        given_up=1, reasons=["the server refused the connection"]
    )
    response = stored(mail_service, reference)
    assert response.receipt_email is None and response.receipt_sent_at is None
    assert response.receipt_attempts == MAX_ATTEMPTS and response.receipt_retry_at is None
    assert response.receipt_failure == "the server refused the connection"
    assert send(mail_service, down, at + timedelta(days=1)) == SendCounts()
    assert "given up, address deleted" in caplog.text
    assert "resident@example.org" not in caplog.text


def test_a_recipient_the_server_refuses_is_given_up_at_once(
    mail_service: Service, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    refusing = Mailbox(refuse_recipients=True)
    reference = add_response(mail_service, "nobody@example.org")
    with smtp_server(refusing) as url:
        counts = send(mail_service, url)
    assert counts == SendCounts(given_up=1, reasons=["the server refused the recipient (550)"])
    response = stored(mail_service, reference)
    assert response.receipt_email is None and response.receipt_attempts == 1
    assert "nobody@example.org" not in caplog.text  # the server's reply repeats it; logs do not


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_the_user_name_and_password_in_the_url_sign_in(mail_service: Service) -> None:
    secured = Mailbox(login=("council", "p@ss word"))
    reference = add_response(mail_service, "resident@example.org")
    with smtp_server(secured) as url:
        signed_in = url.replace("smtp://", "smtp://council:p%40ss%20word@")
        assert send(mail_service, url).failed == 1  # no login: refused, tried again later
        assert send(mail_service, signed_in, utc_now() + timedelta(days=1)).sent == 1
    assert len(secured.received) == 1 and stored(mail_service, reference).receipt_email is None


def test_two_senders_at_once_send_each_receipt_once(
    mail_service: Service, database_url: str, smtp_url: str, mailbox: Mailbox
) -> None:
    references = {add_response(mail_service, f"resident{n}@example.org") for n in range(30)}
    start = threading.Barrier(2)
    results: list[SendCounts] = []

    def sender() -> None:
        engine = make_engine(database_url)  # an engine of its own, as another process has
        start.wait()
        results.append(
            send_due_receipts(
                session_factory(engine),
                session_factory(engine, writing=True),
                parse_smtp_url(smtp_url),
                SENDER,
            )
        )
        engine.dispose()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sum(result.sent for result in results) == 30
    subjects = [item.message["Subject"] for item in mailbox.received]
    sent_references = [subject.rsplit(" ", 1)[1] for subject in subjects]
    assert sorted(sent_references) == sorted(references)  # every receipt, none twice
    with mail_service.session() as session:
        assert session.scalars(select(Response.receipt_email)).all() == [None] * 30
        assert set(session.scalars(select(Response.receipt_attempts))) == {1}


def test_the_web_service_takes_the_address_and_sends_the_receipt_in_the_background(
    mail_service: Service, mailbox: Mailbox
) -> None:
    with mail_service.client() as client:  # as a context manager, the app's lifespan runs
        answer_everything(mail_service, client)
        asked = client.get(f"{DEMO}/respond/contact").text
        assert "deleted as soon as the receipt is sent (or after 7 days if it cannot be)" in asked
        given = post_form(client, f"{DEMO}/respond/contact", data={"email": "me@example.org"})
        assert given.status_code == 303  # type: ignore[attr-defined]
        check = client.get(f"{DEMO}/respond/check").text
        assert "Email for a receipt" in check and "me@example.org" in check
        sent = post_form(client, f"{DEMO}/respond/check", f"{DEMO}/respond/submit")
        assert sent.status_code == 303  # type: ignore[attr-defined]
        deadline = time.monotonic() + 120
        while not mailbox.received and time.monotonic() < deadline:
            time.sleep(0.1)
    [received] = mailbox.received
    with mail_service.session() as session:
        response = session.scalar(select(Response))
        assert response is not None and response.reference in received.message["Subject"]
        assert response.receipt_email is None and response.receipt_sent_at is not None


def test_without_a_mail_server_no_address_is_asked_for_or_kept(demo_service: Service) -> None:
    client = demo_service.client()
    answer_everything(demo_service, client)
    equality = {"age_band": "25 to 34", "consent": "yes"}
    after_equality = post_form(client, f"{DEMO}/respond/equality", data=equality)
    assert after_equality.headers["location"] == f"{DEMO}/respond/check"  # type: ignore[attr-defined]
    page = client.get(f"{DEMO}/respond/contact", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == f"{DEMO}/respond/check"
    posted = post_form(client, f"{DEMO}/respond/contact", data={"email": "me@example.org"})
    assert posted.status_code == 303  # type: ignore[attr-defined]
    check = client.get(f"{DEMO}/respond/check").text
    assert "Email for a receipt" not in check and 'name="email"' not in check
    assert "me@example.org" not in check
    assert f'href="{DEMO}/respond/equality"' in check  # the back link skips the e-mail page
    post_form(client, f"{DEMO}/respond/check", f"{DEMO}/respond/submit")
    with demo_service.session() as session:
        response = session.scalar(select(Response))
        assert response is not None and response.receipt_email is None


def test_the_receipt_page_says_a_copy_is_on_its_way_without_showing_the_address(
    mail_service: Service, smtp_url: str
) -> None:
    client = mail_service.client()  # not as a context manager: no background sending
    answer_everything(mail_service, client)
    post_form(client, f"{DEMO}/respond/contact", data={"email": "me@example.org"})
    post_form(client, f"{DEMO}/respond/check", f"{DEMO}/respond/submit")
    waiting = client.get(f"{DEMO}/respond/receipt").text
    assert "A copy of this receipt is on its way to the email address you gave." in waiting
    assert "We delete the address as soon as the receipt has been sent." in waiting
    assert "me@example.org" not in waiting and "example.org" not in waiting
    assert send(mail_service, smtp_url).sent == 1
    sent = client.get(f"{DEMO}/respond/receipt").text  # sent, the address gone: still true
    assert "A copy of this receipt is on its way" in sent and "me@example.org" not in sent
    with mail_service.session() as session, session.begin():
        response = session.scalar(select(Response))
        assert response is not None
        response.receipt_sent_at, response.receipt_failure = None, "not sent within 7 days"
    given_up = client.get(f"{DEMO}/respond/receipt").text  # never sent: no promise made
    assert "Response sent" in given_up and ON_ITS_WAY not in given_up


def receipt_page_without_an_address(service: Service) -> str:
    client = service.client()
    answer_everything(service, client)  # leaves the e-mail address blank
    post_form(client, f"{DEMO}/respond/check", f"{DEMO}/respond/submit")
    return client.get(f"{DEMO}/respond/receipt").text


def test_the_receipt_page_says_nothing_about_email_without_an_address(
    mail_service: Service,
) -> None:
    page = receipt_page_without_an_address(mail_service)
    assert "Response sent" in page and ON_ITS_WAY not in page


def test_the_receipt_page_says_nothing_about_email_without_a_mail_server(
    demo_service: Service,
) -> None:
    page = receipt_page_without_an_address(demo_service)
    assert "Response sent" in page and ON_ITS_WAY not in page


def test_send_receipts_command_reports_counts(
    mail_service: Service,
    database_url: str,
    smtp_url: str,
    mailbox: Mailbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runner = CliRunner()
    add_response(mail_service, "one@example.org")
    add_response(mail_service, "two@example.org")
    expired = add_response(mail_service, "expired@example.org", days_ago=8)
    monkeypatch.setenv("TOWNHALL_SMTP_URL", smtp_url)
    monkeypatch.setenv("TOWNHALL_MAIL_FROM", SENDER)
    command = ["consult", "send-receipts", "--database-url", database_url]
    sent = runner.invoke(cli_app, command)
    assert sent.exit_code == 0, sent.output
    assert sent.output.splitlines() == [
        "Deleted 1 receipt address not sent within 7 days.",  # first, so never sent
        "Sent 2 receipts; 0 failed and will be tried again; 0 given up (their addresses deleted).",
    ]
    assert sorted(item.recipients[0] for item in mailbox.received) == [
        "one@example.org",
        "two@example.org",
    ]
    assert stored(mail_service, expired).receipt_failure == "not sent within 7 days"
    add_response(mail_service, "three@example.org")
    monkeypatch.setenv("TOWNHALL_SMTP_URL", closed_port_url())
    failed = runner.invoke(cli_app, command)
    assert failed.exit_code == 1
    assert "Sent 0 receipts; 1 failed and will be tried again" in failed.output
    assert "the server refused the connection: 1" in failed.output
    assert "three@example.org" not in failed.output


def test_send_receipts_command_explains_missing_or_wrong_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    runner = CliRunner()
    database = f"sqlite:///{tmp_path}/none.db"
    command = ["consult", "send-receipts", "--database-url", database]
    monkeypatch.delenv("TOWNHALL_SMTP_URL", raising=False)
    monkeypatch.delenv("TOWNHALL_MAIL_FROM", raising=False)
    unset = runner.invoke(cli_app, command)  # without mail it still deletes: it needs the database
    assert unset.exit_code == 1 and "there is no database file" in unset.output
    monkeypatch.setenv("TOWNHALL_SMTP_URL", "smtp://council:hunter2secret@mail.example.org")
    no_sender = runner.invoke(cli_app, command)
    assert no_sender.exit_code == 1
    assert "TOWNHALL_MAIL_FROM (the address receipts come from) must be set" in no_sender.output
    monkeypatch.setenv("TOWNHALL_MAIL_FROM", SENDER)
    monkeypatch.setenv("TOWNHALL_SMTP_URL", "http://council:hunter2secret@mail.example.org")
    wrong = runner.invoke(cli_app, command)
    assert (
        wrong.exit_code == 1 and "TOWNHALL_SMTP_URL: the SMTP URL must start with" in wrong.output
    )
    assert "hunter2secret" not in wrong.output + no_sender.output
    monkeypatch.setenv("TOWNHALL_SMTP_URL", "smtp://council:hunter2secret@mail.example.org")
    missing = runner.invoke(cli_app, command)
    assert missing.exit_code == 1 and "there is no database file" in missing.output


@pytest.fixture
def trusted_ca(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> trustme.CA:
    """A certificate authority the sender trusts the way a deployment would: SSL_CERT_FILE."""
    ca = trustme.CA()
    bundle = tmp_path / "trusted-ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    return ca


@pytest.fixture
def named_host() -> str:
    """This machine by name, which smtp:// does not count as local, so STARTTLS is required."""
    name = machine_name()
    if name is None:
        pytest.skip("this machine has no name but localhost to reach a test mail server by")
    return name


def test_a_receipt_goes_over_starttls_to_a_named_server_signing_in_only_after_it(
    mail_service: Service, trusted_ca: trustme.CA, named_host: str
) -> None:
    secured = Mailbox(login=("council", "p@ss word"))  # and aiosmtpd refuses AUTH before STARTTLS
    reference = add_response(mail_service, "resident@example.org")
    certificate = server_certificate(trusted_ca, named_host)
    with smtp_server(secured, named_host, "starttls", certificate) as url:
        signed_in = url.replace("smtp://", "smtp://council:p%40ss%20word@")
        assert parse_smtp_url(signed_in).security == "starttls"
        assert send(mail_service, signed_in) == SendCounts(sent=1)
    [received] = secured.received
    assert received.tls_version in {"TLSv1.2", "TLSv1.3"}
    assert received.recipients == ["resident@example.org"]
    assert reference in received.message["Subject"]
    assert stored(mail_service, reference).receipt_email is None


def test_a_receipt_goes_over_smtps(mail_service: Service, trusted_ca: trustme.CA) -> None:
    delivered = Mailbox()
    reference = add_response(mail_service, "resident@example.org")
    with smtp_server(delivered, tls="implicit", certificate=server_certificate(trusted_ca)) as url:
        assert url.startswith("smtps://127.0.0.1:") and parse_smtp_url(url).security == "tls"
        assert send(mail_service, url) == SendCounts(sent=1)
    [received] = delivered.received
    assert received.tls_version in {"TLSv1.2", "TLSv1.3"}
    assert reference in received.message["Subject"]
    assert stored(mail_service, reference).receipt_email is None


def test_smtp_refuses_to_send_to_a_named_server_without_starttls(
    mail_service: Service, named_host: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    plain = Mailbox()
    reference = add_response(mail_service, "resident@example.org")
    with smtp_server(plain, named_host) as url:
        assert parse_smtp_url(url).security == "starttls"
        counts = send(mail_service, url)
    reason = "the server does not offer STARTTLS or login"
    assert counts == SendCounts(failed=1, reasons=[reason])
    assert plain.received == []
    response = stored(mail_service, reference)
    assert response.receipt_attempts == 1 and response.receipt_failure == reason
    assert response.receipt_email == "resident@example.org"  # kept to try again later
    assert f"not sent (attempt 1 of {MAX_ATTEMPTS}): {reason}" in caplog.text
    assert "resident@example.org" not in caplog.text


@pytest.mark.parametrize("tls", ["starttls", "implicit"])
@pytest.mark.parametrize("issuer", ["untrusted CA", "trusted CA, another name"])
def test_a_certificate_the_sender_must_not_trust_is_refused(
    mail_service: Service,
    trusted_ca: trustme.CA,
    named_host: str,
    caplog: pytest.LogCaptureFixture,
    tls: Tls,
    issuer: str,
) -> None:
    caplog.set_level(logging.WARNING)
    if issuer == "untrusted CA":
        certificate = server_certificate(trustme.CA(), named_host)  # not in SSL_CERT_FILE
    else:
        certificate = trusted_ca.issue_cert("mail.example.org")
    never = Mailbox()
    reference = add_response(mail_service, "resident@example.org")
    with smtp_server(never, named_host, tls, certificate) as url:
        counts = send(mail_service, url)
    reason = "TLS failed (CERTIFICATE_VERIFY_FAILED)"
    assert counts == SendCounts(failed=1, reasons=[reason])
    assert never.received == []
    assert stored(mail_service, reference).receipt_failure == reason
    assert "resident@example.org" not in caplog.text


def test_smtp_urls_and_from_addresses() -> None:
    server = parse_smtp_url("smtp://council:p%40ss@mail.example.org")
    assert (server.host, server.port, server.security) == ("mail.example.org", 587, "starttls")
    assert server.username == "council" and server.password is not None
    assert server.password.get_secret_value() == "p@ss" and "p@ss" not in repr(server)
    assert parse_smtp_url("smtps://mail.example.org").port == 465
    assert parse_smtp_url("smtps://mail.example.org").security == "tls"
    assert parse_smtp_url("smtp://127.0.0.1:1025").security == "none"  # only to this machine
    assert parse_smtp_url("smtp://localhost:25").security == "none"
    for wrong, says in [
        ("mail.example.org", "must start with smtp:// or smtps://"),
        ("smtp://council@mail.example.org", "both a user name and a password"),
        ("smtp://mail.example.org:port", "not a valid URL"),
        ("smtp://mail.example.org/path", "nothing after the server name"),
    ]:
        with pytest.raises(ValueError, match=says):
            parse_smtp_url(wrong)
    settings = Settings(smtp_url="smtp://127.0.0.1:1025", mail_from=" consult@example.gov.uk ")
    assert settings.mail_from == "consult@example.gov.uk" and settings.receipts_by_email
    assert not Settings(smtp_url="").receipts_by_email
    with pytest.raises(ValueError, match="must be an e-mail address"):
        Settings(smtp_url="smtp://127.0.0.1:1025", mail_from="Council")
