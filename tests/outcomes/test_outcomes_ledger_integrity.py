"""The ledger cannot fork or be cut short unseen: appends are serialised on SQLite and PostgreSQL,
and a published, signed head catches removed or rewritten entries."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from townhall.cli import app
from townhall.outcomes.anchor import Head, check_anchor, current_head, sign, signature_holds
from townhall.outcomes.ledger import GENESIS, Ledger, LedgerError, entry_hash
from townhall.outcomes.verification import record_submission, verify

runner = CliRunner()
WIDE = {"COLUMNS": "200"}
KEY = {"TOWNHALL_LEDGER_KEY": "a test key, never a real one", **WIDE}
WRITERS = 12


def test_twelve_appends_at_once_make_one_chain(database_url: str) -> None:
    Ledger(database_url).engine.dispose()  # the tables exist before the writers start
    start = threading.Barrier(WRITERS)
    failures: list[BaseException] = []

    def submit(number: int) -> None:
        ledger = Ledger(database_url)
        try:
            start.wait()
            record_submission(
                ledger, f"people-{number}.csv", f"file {number}".encode(), "people", "P", "provider"
            )
        except BaseException as error:  # reported below, so a failed writer fails the test
            failures.append(error)
        finally:
            ledger.engine.dispose()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    ledger = Ledger(database_url)
    recorded = ledger.entries()
    # One chain: twelve entries, each after a different one, the first after the genesis hash.
    assert len(recorded) == WRITERS
    assert len({entry.previous_hash for entry in recorded}) == WRITERS
    assert recorded[0].previous_hash == GENESIS and verify(ledger) == []
    ledger.engine.dispose()


def _submit_in_a_process(database_url: str, number: int, start: object) -> None:
    """One writer process: its own engine and connection, released at the same moment as the rest."""
    ledger = Ledger(database_url)
    start.wait()  # type: ignore[attr-defined]
    record_submission(
        ledger, f"p{number}.csv", f"file {number}".encode(), "people", "P", "provider"
    )
    ledger.engine.dispose()


def test_twelve_processes_appending_at_once_make_one_chain(database_url: str) -> None:
    Ledger(database_url).engine.dispose()
    context = multiprocessing.get_context("fork")  # forked: no second import of the whole package
    start = context.Barrier(WRITERS)
    writers = [
        context.Process(target=_submit_in_a_process, args=(database_url, n, start))
        for n in range(WRITERS)
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert [writer.exitcode for writer in writers] == [0] * WRITERS
    ledger = Ledger(database_url)
    recorded = ledger.entries()
    assert len(recorded) == WRITERS
    assert len({entry.previous_hash for entry in recorded}) == WRITERS and verify(ledger) == []
    ledger.engine.dispose()


def test_a_second_entry_after_the_same_head_is_refused_by_the_database(database_url: str) -> None:
    ledger = Ledger(database_url)
    first = ledger.append("submission", "P", "provider", {"n": 1})
    forked = entry_hash("submission", "Q", "provider", first.created_at, {"n": 2}, GENESIS)
    with pytest.raises(Exception, match=r"(?i)unique"), ledger.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO ledger_entries (kind, actor, role, created_at, payload, "
                "previous_hash, entry_hash) VALUES ('submission', 'Q', 'provider', :at, "
                ":payload, :previous, :hash)"
            ),
            {"at": first.created_at, "payload": '{"n":2}', "previous": GENESIS, "hash": forked},
        )
    ledger.engine.dispose()


def test_a_ledger_made_before_the_fork_guard_gets_it_when_next_opened(database_url: str) -> None:
    ledger = Ledger(database_url)
    ledger.append("submission", "P", "provider", {"n": 1})
    with ledger.engine.begin() as connection:
        connection.execute(text("DROP INDEX ledger_entries_one_after_each"))
    ledger.engine.dispose()
    reopened = Ledger(database_url)
    with pytest.raises(Exception, match=r"(?i)unique"), reopened.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO ledger_entries (kind, actor, role, created_at, payload, "
                "previous_hash, entry_hash) VALUES ('submission', 'Q', 'provider', 'now', "
                ":payload, :previous, :hash)"
            ),
            {"payload": "{}", "previous": GENESIS, "hash": "f" * 64},
        )
    reopened.engine.dispose()


def _three_entries(database_url: str) -> Ledger:
    ledger = Ledger(database_url)
    for number in range(3):
        ledger.append("submission", "P", "provider", {"n": number})
    return ledger


def test_a_published_head_catches_the_last_entries_removed(database_url: str) -> None:
    ledger = _three_entries(database_url)
    head = current_head(ledger)
    assert head.entries == 3 and check_anchor(ledger, head) == []
    with ledger.engine.begin() as connection:
        connection.execute(text("DELETE FROM ledger_entries WHERE id = 3"))
    assert verify(ledger) == []  # the chain alone cannot see a cut end
    (finding,) = check_anchor(ledger, head)
    assert "counted 3 entries but the ledger holds 2" in finding.problem
    ledger.engine.dispose()


def test_a_published_head_catches_an_entry_rewritten_with_every_hash_after_it(
    database_url: str,
) -> None:
    ledger = _three_entries(database_url)
    head = current_head(ledger)
    # Rewrite entry 2's payload and recompute its hash and entry 3's, as a forger with write
    # access to the database would: the chain is whole again, but the published head is gone.
    recorded = ledger.entries()
    previous = recorded[0].entry_hash
    with ledger.engine.begin() as connection:
        for entry in recorded[1:]:
            payload = {"n": 99} if entry.id == 2 else entry.payload
            digest = entry_hash(
                entry.kind, entry.actor, entry.role, entry.created_at, payload, previous
            )
            connection.execute(
                text(
                    "UPDATE ledger_entries SET payload = :payload, previous_hash = :previous, "
                    "entry_hash = :hash WHERE id = :id"
                ),
                {
                    "payload": '{"n":99}' if entry.id == 2 else f'{{"n":{entry.payload["n"]}}}',
                    "previous": previous,
                    "hash": digest,
                    "id": entry.id,
                },
            )
            previous = digest
    assert verify(ledger) == []
    (finding,) = check_anchor(ledger, head)
    assert "rewritten" in finding.problem
    bare = Head(head.entry_hash, -1)
    assert "no entry's hash" in check_anchor(ledger, bare)[0].problem
    ledger.engine.dispose()


def test_a_signature_holds_only_under_its_key() -> None:
    head = sign(Head("a" * 64, 3), b"key one")
    assert signature_holds(head, b"key one")
    assert not signature_holds(head, b"key two")
    assert not signature_holds(Head("b" * 64, 3, head.signature), b"key one")
    assert not signature_holds(Head("a" * 64, 2, head.signature), b"key one")


def test_head_and_verify_against_it_from_the_command_line(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'ledger.db'}"
    people = tmp_path / "people.csv"
    people.write_text("person_id,cohort,group,start_date\np0,W1,treated,2013-01-01\n")
    for _ in range(3):
        submitted = runner.invoke(app, ["outcomes", "submit", str(people), "--database", database])
        assert submitted.exit_code == 0, submitted.output
    published = tmp_path / "head.json"
    shown = runner.invoke(
        app, ["outcomes", "head", "--out", str(published), "--database", database], env=KEY
    )
    assert shown.exit_code == 0, shown.output
    assert "entries    3" in shown.output and '"signature": "' in published.read_text()
    good = runner.invoke(
        app, ["outcomes", "verify", "--anchor", str(published), "--database", database], env=KEY
    )
    assert good.exit_code == 0 and "holds the published head" in good.output
    wrong_key = runner.invoke(
        app,
        ["outcomes", "verify", "--anchor", str(published), "--database", database],
        env={"TOWNHALL_LEDGER_KEY": "another key", **WIDE},
    )
    assert wrong_key.exit_code == 1 and "signature does not match" in wrong_key.output
    no_key = runner.invoke(
        app, ["outcomes", "verify", "--anchor", str(published), "--database", database], env=WIDE
    )
    assert no_key.exit_code == 1 and "set TOWNHALL_LEDGER_KEY" in no_key.output
    engine = create_engine(database)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM ledger_entries WHERE id = 3"))
    engine.dispose()
    cut = runner.invoke(
        app, ["outcomes", "verify", "--anchor", str(published), "--database", database], env=KEY
    )
    assert cut.exit_code == 1 and "its last 1 were removed" in cut.output


@pytest.mark.parametrize("command", ["verify", "head", "export"])
def test_a_missing_ledger_is_an_error_and_is_not_created(tmp_path: Path, command: str) -> None:
    missing = tmp_path / "no-such-ledger.db"
    result = runner.invoke(
        app, ["outcomes", command, "--database", f"sqlite:///{missing}"], env=WIDE
    )
    assert result.exit_code == 1 and "there is no ledger" in result.output
    assert not missing.exists() and "✓" not in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"PK\x03\x04 this is no database", "not a ledger database"), (b"", "not an outcomes ledger")],
)
def test_verify_refuses_a_file_that_is_not_a_ledger(
    tmp_path: Path, content: bytes, message: str
) -> None:
    impostor = tmp_path / "ledger.db"
    impostor.write_bytes(content)
    result = runner.invoke(
        app, ["outcomes", "verify", "--database", f"sqlite:///{impostor}"], env=WIDE
    )
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output
    assert impostor.read_bytes() == content


def test_a_folder_is_not_a_ledger(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="is a folder"):
        Ledger(f"sqlite:///{tmp_path}")


def test_a_payment_recorded_from_records_now_refused_is_a_finding_not_a_crash(
    database_url: str,
) -> None:
    import io

    import polars as pl

    from townhall.outcomes.payments import compute_payment
    from townhall.outcomes.records import validated
    from townhall.outcomes.spec import contract_from_toml
    from townhall.outcomes.verification import record_computation

    contracts = Path(__file__).parents[2] / "src/townhall/outcomes/contracts"
    contract_text = (contracts / "work-programme.toml").read_bytes()
    people = b"person_id,cohort,group,start_date\np0,W1,treated,2013-01-01\n"
    good = b"person_id,kind,date,end_date\np0,job_start,2013-03-01,2013-06-09\n"
    # As an older version would have recorded it: an event that ends before it starts.
    backwards = b"person_id,kind,date,end_date\np0,job_start,2013-07-01,2013-06-09\n"
    result = compute_payment(
        contract_from_toml(contract_text.decode(), "work-programme"),
        validated(
            pl.read_csv(io.BytesIO(people), infer_schema=False),
            pl.read_csv(io.BytesIO(good), infer_schema=False),
        ),
    )
    ledger = Ledger(database_url)
    entry = record_computation(
        ledger, contract_text, people, backwards, None, result, "DWP", "commissioner"
    )
    (finding,) = verify(ledger)
    assert finding.entry_id == entry and "no longer pass validation" in finding.problem
    assert "end_date" in finding.problem
    ledger.engine.dispose()
