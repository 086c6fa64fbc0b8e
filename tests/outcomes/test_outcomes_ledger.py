"""The verification ledger on SQLite and PostgreSQL: roles, recomputation, tampering found."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import create_engine, text

from townhall.outcomes.ledger import Ledger, LedgerError
from townhall.outcomes.payments import compute_payment
from townhall.outcomes.records import validated
from townhall.outcomes.spec import contract_from_toml
from townhall.outcomes.verification import (
    record_computation,
    record_sign_off,
    record_submission,
    transparency_export,
    verify,
)

CONTRACTS = Path(__file__).parents[2] / "src/townhall/outcomes/contracts"
PEOPLE = b"person_id,cohort,group,start_date\np0,W1,treated,2013-01-01\np1,W1,treated,2013-01-01\n"
EVENTS = b"person_id,kind,date,end_date\np0,job_start,2013-03-01,2013-06-09\n"


def recorded(database_url: str) -> tuple[Ledger, int]:
    import io

    ledger = Ledger(database_url)
    contract_text = (CONTRACTS / "work-programme.toml").read_bytes()
    contract = contract_from_toml(contract_text.decode(), "work-programme")
    records = validated(
        pl.read_csv(io.BytesIO(PEOPLE), infer_schema=False),
        pl.read_csv(io.BytesIO(EVENTS), infer_schema=False),
    )
    result = compute_payment(contract, records)
    record_submission(ledger, "people.csv", PEOPLE, "people", "Acme Employment Ltd", "provider")
    record_submission(ledger, "events.csv", EVENTS, "events", "Acme Employment Ltd", "provider")
    computation = record_computation(
        ledger, contract_text, PEOPLE, EVENTS, None, result, "DWP commissioning", "commissioner"
    )
    record_sign_off(
        ledger,
        computation,
        "approved",
        "checked against HMRC RTI",
        "Independent verifier",
        "verifier",
    )
    return ledger, computation


def test_a_clean_ledger_verifies_and_recomputes(database_url: str) -> None:
    ledger, computation = recorded(database_url)
    assert verify(ledger) == []
    assert ledger.entry(computation).payload["total"] == "2000.00"  # 2 × £400 + 1 × £1,200


def test_roles_are_enforced(database_url: str) -> None:
    ledger, computation = recorded(database_url)
    with pytest.raises(LedgerError, match="a provider may not record a sign off"):
        record_sign_off(ledger, computation, "approved", "", "Acme Employment Ltd", "provider")


def test_tampering_with_an_entry_is_found_and_named(database_url: str) -> None:
    ledger, computation = recorded(database_url)
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE ledger_entries SET payload = REPLACE(payload, '2000.00', '9000.00') WHERE id = :id"
            ),
            {"id": computation},
        )
    engine.dispose()
    findings = verify(ledger)
    assert any(f.entry_id == computation and "altered" in f.problem for f in findings)
    assert any(f.entry_id == computation and "£9000.00 was recorded" in f.problem for f in findings)


def test_tampering_with_a_stored_file_is_found(database_url: str) -> None:
    ledger, computation = recorded(database_url)
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE ledger_blobs SET content = :c WHERE content = :old"),
            {"c": EVENTS + b"p1,job_start,2013-03-01,2013-12-01\n", "old": EVENTS},
        )
    engine.dispose()
    findings = verify(ledger)
    assert any(f.entry_id == computation and "altered" in f.problem for f in findings)


def test_removing_an_entry_breaks_the_chain(database_url: str) -> None:
    ledger, _ = recorded(database_url)
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM ledger_entries WHERE id = 2"))
    engine.dispose()
    assert any(f.entry_id == 3 and "link" in f.problem for f in verify(ledger))


def test_the_transparency_export_has_no_personal_records(database_url: str) -> None:
    ledger, computation = recorded(database_url)
    published = transparency_export(ledger)
    assert (
        published[0]["entry"] == computation
        and published[0]["sign_offs"][0]["decision"] == "approved"
    )
    flat = str(published)
    assert "p0" not in flat and "person_id" not in flat and "Acme" not in flat
