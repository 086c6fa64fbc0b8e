"""Receipt addresses are never kept past `TOWNHALL_RECEIPT_ADDRESS_DAYS`, on SQLite and PostgreSQL:
older ones deleted with the reason kept and newer ones left, with no mail server set, by the
function, by the web service's background task and by `townhall consult send-receipts`."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

import pytest
from consult_client import Service
from sqlalchemy import select
from test_consult_receipts import add_response, stored
from typer.testing import CliRunner

from townhall.cli import app as cli_app
from townhall.consult import background_receipts
from townhall.consult.models import AuditEntry, Response
from townhall.consult.services.receipt_retention import address_cutoff, purge_expired_addresses

A_MINUTE = 1 / (24 * 60)  # in days


def test_the_cutoff_is_the_limit_before_now() -> None:
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    assert address_cutoff(now, 7) == datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
    assert address_cutoff(now, 1) == datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def audit_details(service: Service) -> list[tuple[str, str, str]]:
    with service.session() as session:
        rows = session.execute(select(AuditEntry.actor, AuditEntry.action, AuditEntry.detail))
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_only_addresses_older_than_the_limit_are_deleted_with_the_reason_kept(
    demo_service: Service, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    old = add_response(demo_service, "old@example.org", days_ago=7 + A_MINUTE)
    newer = add_response(demo_service, "newer@example.org", days_ago=7 - A_MINUTE * 60)
    old_without = add_response(demo_service, None, days_ago=30)
    before = audit_details(demo_service)
    writer = demo_service.app.state.writer  # no mail server is set on this service
    assert not demo_service.settings.receipts_by_email

    assert purge_expired_addresses(writer, 7) == 1
    gone = stored(demo_service, old)
    assert gone.receipt_email is None and gone.receipt_sent_at is None
    assert gone.receipt_failure == "not sent within 7 days" and gone.receipt_retry_at is None
    assert stored(demo_service, newer).receipt_email == "newer@example.org"
    assert stored(demo_service, newer).receipt_failure is None
    assert stored(demo_service, old_without).receipt_failure is None  # never had an address
    assert audit_details(demo_service) == [
        *before,
        ("receipt retention", "delete receipt addresses", "1 address not sent within 7 days"),
    ]
    assert "deleted 1 receipt address not sent within 7 days" in caplog.text
    assert "@example.org" not in caplog.text + repr(audit_details(demo_service))

    assert purge_expired_addresses(writer, 7) == 0  # nothing left: no second audit entry
    assert len(audit_details(demo_service)) == len(before) + 1
    assert purge_expired_addresses(writer, 1) == 1  # a shorter limit reaches the newer one
    assert stored(demo_service, newer).receipt_failure == "not sent within 1 day"


def test_the_web_service_deletes_expired_addresses_at_start_and_then_periodically(
    demo_service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(background_receipts, "PURGE_INTERVAL_SECONDS", 0.05)
    at_start = add_response(demo_service, "start@example.org", days_ago=8)
    kept = add_response(demo_service, "kept@example.org", days_ago=1)
    with demo_service.client() as client:  # as a context manager, the app's lifespan runs
        assert stored(demo_service, at_start).receipt_email is None  # deleted before serving
        later = add_response(demo_service, "later@example.org", days_ago=8)
        deadline = time.monotonic() + 120
        while stored(demo_service, later).receipt_email is not None:
            assert time.monotonic() < deadline, "the background task did not delete the address"
            time.sleep(0.05)
        assert client.get("/").status_code == 200
    assert stored(demo_service, later).receipt_failure == "not sent within 7 days"
    assert stored(demo_service, kept).receipt_email == "kept@example.org"


def test_send_receipts_without_a_mail_server_deletes_expired_addresses_and_sends_nothing(
    demo_service: Service, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TOWNHALL_SMTP_URL", raising=False)
    monkeypatch.delenv("TOWNHALL_MAIL_FROM", raising=False)
    old = add_response(demo_service, "old@example.org", days_ago=8)
    newer = add_response(demo_service, "newer@example.org", days_ago=2)
    runner = CliRunner()
    command = ["consult", "send-receipts", "--database-url", database_url]
    result = runner.invoke(cli_app, command)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Deleted 1 receipt address not sent within 7 days.",
        "Sent no receipts: no mail server is set "
        "(set TOWNHALL_SMTP_URL and TOWNHALL_MAIL_FROM to send them).",
    ]
    assert stored(demo_service, old).receipt_email is None
    assert stored(demo_service, newer).receipt_email == "newer@example.org"
    monkeypatch.setenv("TOWNHALL_RECEIPT_ADDRESS_DAYS", "1")
    shorter = runner.invoke(cli_app, command)
    assert shorter.exit_code == 0
    assert "Deleted 1 receipt address not sent within 1 day." in shorter.output
    assert "@example.org" not in result.output + shorter.output
    with demo_service.session() as session:
        assert session.scalars(select(Response.receipt_email)).all() == [None, None]


@pytest.mark.parametrize("days", ["0", "91", "a week"])
def test_a_wrong_time_limit_is_named_plainly(
    days: str, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOWNHALL_RECEIPT_ADDRESS_DAYS", days)
    database = f"sqlite:///{tmp_path}/none.db"
    result = CliRunner().invoke(cli_app, ["consult", "send-receipts", "--database-url", database])
    assert result.exit_code == 1 and "TOWNHALL_RECEIPT_ADDRESS_DAYS" in result.output
    assert isinstance(result.exception, SystemExit)
