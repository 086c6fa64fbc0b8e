"""A receipt e-mail is sent once in the sense that can be promised: at least once to the mail
server, every copy with the same Message-ID, so the copies are one message to anything that
removes duplicates. A server that hangs up after keeping the message, and a sender killed between
sending and recording it, each lead to one retry with the same Message-ID; on SQLite and
PostgreSQL."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from consult_client import Service, make_service
from consult_smtp import Mailbox, smtp_server
from test_consult_receipts import SENDER, add_response, send, stored

from townhall.consult.demo import load_demo
from townhall.consult.models import utc_now
from townhall.consult.services.receipt_sending import SendCounts
from townhall.consult.services.receipts import CLAIM_FOR


@pytest.fixture
def mailbox() -> Mailbox:
    return Mailbox()


@pytest.fixture
def smtp_url(mailbox: Mailbox) -> Iterator[str]:
    with smtp_server(mailbox) as url:
        yield url


@pytest.fixture
def mail_service(database_url: str, smtp_url: str) -> Iterator[Service]:
    """The demo consultation on a service with a mail server set."""
    made = make_service(database_url, smtp_url=smtp_url, mail_from=SENDER)
    with made.session() as session, session.begin():
        load_demo(session, date.today())
    yield made
    made.app.state.engine.dispose()


# A sender process that dies (SIGKILL, so no clean-up runs) the moment after the server accepted
# the receipt and before it records it sent.
KILLED_AFTER_SENDING = """
import os, signal, sys
from townhall.consult.database import make_engine, session_factory
from townhall.consult.mail.server import parse_smtp_url
from townhall.consult.services import receipt_sending

receipt_sending.mark_sent = lambda *args: os.kill(os.getpid(), signal.SIGKILL)
engine = make_engine(sys.argv[1])
receipt_sending.send_due_receipts(
    session_factory(engine), session_factory(engine, writing=True), parse_smtp_url(sys.argv[2]),
    sys.argv[3],
)
"""


def message_ids(received_by: Mailbox) -> list[str]:
    with received_by.lock:
        return [str(item.message["Message-ID"]) for item in received_by.received]


def test_a_server_that_hangs_up_after_accepting_gets_the_same_message_id_again(
    mail_service: Service, smtp_url: str, mailbox: Mailbox
) -> None:
    reference = add_response(mail_service, "resident@example.org")
    mailbox.hang_up_after_accepting = 1
    start = utc_now()
    failed = send(mail_service, smtp_url, start)
    assert failed == SendCounts(failed=1, reasons=["the server closed the connection"])
    first = stored(mail_service, reference)
    assert first.receipt_email == "resident@example.org" and first.receipt_claimed_by is None
    assert send(mail_service, smtp_url, start + timedelta(seconds=30)) == SendCounts()  # not yet
    assert send(mail_service, smtp_url, start + timedelta(minutes=2)) == SendCounts(sent=1)
    ids = message_ids(mailbox)
    assert len(ids) == 2 and len(set(ids)) == 1  # two copies, one message
    assert ids[0] == first.receipt_message_id and ids[0].endswith("@example.gov.uk>")
    assert reference not in ids[0]  # the Message-ID is random, not the reference
    done = stored(mail_service, reference)
    assert done.receipt_email is None and done.receipt_sent_at is not None


def test_a_sender_killed_between_sending_and_recording_is_retried_with_the_same_message_id(
    mail_service: Service, smtp_url: str, mailbox: Mailbox
) -> None:
    reference = add_response(mail_service, "resident@example.org")
    other = add_response(mail_service, None)
    killed = subprocess.run(
        [
            sys.executable,
            "-c",
            KILLED_AFTER_SENDING,
            mail_service.settings.database_url,
            smtp_url,
            SENDER,
        ],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    assert len(message_ids(mailbox)) == 1
    claimed = stored(mail_service, reference)
    # The dead sender's claim is still there: the address, the attempt, who held it, the lease.
    assert claimed.receipt_email == "resident@example.org" and claimed.receipt_attempts == 1
    assert claimed.receipt_claimed_by is not None and claimed.receipt_sent_at is None
    assert claimed.receipt_message_id == message_ids(mailbox)[0]
    # Until the claim runs out nobody else sends it (the dead sender might still be sending).
    assert send(mail_service, smtp_url) == SendCounts()
    assert len(message_ids(mailbox)) == 1
    # Then the next run sends it once more, with the same Message-ID, and records it.
    later = utc_now() + CLAIM_FOR + timedelta(seconds=1)
    assert send(mail_service, smtp_url, later) == SendCounts(sent=1)
    assert send(mail_service, smtp_url, later + timedelta(hours=3)) == SendCounts()
    ids = message_ids(mailbox)
    assert len(ids) == 2 and len(set(ids)) == 1
    done = stored(mail_service, reference)
    assert done.receipt_email is None and done.receipt_claimed_by is None
    assert done.receipt_attempts == 2
    assert stored(mail_service, other).receipt_sent_at is None  # no address, nothing sent
