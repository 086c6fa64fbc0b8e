"""`townhall outcomes` as a commissioner, provider and verifier use it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from townhall.cli import app

runner = CliRunner()
WIDE = {"COLUMNS": "200"}


def test_pay_record_sign_off_verify_export_and_tampering(tmp_path: Path) -> None:
    folder, database = tmp_path / "s", f"sqlite:///{tmp_path / 'ledger.db'}"
    assert (
        runner.invoke(
            app,
            [
                "outcomes",
                "sample",
                "transforming-rehabilitation",
                "--members",
                "1500",
                "--events-per-member",
                "0.6",
                "--out",
                str(folder),
            ],
        ).exit_code
        == 0
    )
    data = ["--data", str(folder / "people.csv"), "--events", str(folder / "events.csv")]
    assert (
        runner.invoke(
            app, ["outcomes", "submit", str(folder / "people.csv"), "--database", database]
        ).exit_code
        == 0
    )
    paid = runner.invoke(
        app,
        [
            "outcomes",
            "pay",
            "transforming-rehabilitation",
            *data,
            "--record",
            "--database",
            database,
            "--xlsx",
            str(tmp_path / "lines.xlsx"),
        ],
        env=WIDE,
    )
    assert paid.exit_code == 0, paid.output
    assert "Total payable" in paid.output and (tmp_path / "lines.xlsx").exists()
    assert runner.invoke(app, ["outcomes", "sign-off", "2", "--database", database]).exit_code == 0
    refused = runner.invoke(app, ["outcomes", "sign-off", "1", "--database", database], env=WIDE)
    assert refused.exit_code == 1 and "not a computation" in refused.output
    assert runner.invoke(app, ["outcomes", "verify", "--database", database]).exit_code == 0
    export = tmp_path / "public.json"
    assert (
        runner.invoke(
            app, ["outcomes", "export", "--out", str(export), "--database", database]
        ).exit_code
        == 0
    )
    assert "P000" not in export.read_text()
    engine = create_engine(database)
    with engine.begin() as connection:
        connection.execute(text("UPDATE ledger_entries SET actor = 'someone else' WHERE id = 2"))
    engine.dispose()
    tampered = runner.invoke(app, ["outcomes", "verify", "--database", database], env=WIDE)
    assert tampered.exit_code == 1 and "Entry 2" in tampered.output and "altered" in tampered.output


def test_bad_records_are_listed_and_nothing_is_paid(tmp_path: Path) -> None:
    people, events = tmp_path / "people.csv", tmp_path / "events.csv"
    people.write_text("person_id,cohort,group,start_date\na,1,treated,2015-02-30\n")
    events.write_text("person_id,kind,date\nb,reoffence,2015-03-01\n")
    result = runner.invoke(
        app,
        [
            "outcomes",
            "pay",
            "transforming-rehabilitation",
            "--data",
            str(people),
            "--events",
            str(events),
        ],
        env=WIDE,
    )
    assert result.exit_code == 1
    assert (
        "start_date" in result.output
        and "person_id" in result.output
        and "Total payable" not in result.output
    )


def test_audit_and_detection_rates(tmp_path: Path) -> None:
    schedule = tmp_path / "schedule.csv"
    schedule.write_text(
        "period,target,achieved\n"
        + "".join(f"{i},{60 + 0.5 * i},{60 + (i % 3) * 0.2}\n" for i in range(24))
    )
    folder = tmp_path / "s"
    runner.invoke(
        app, ["outcomes", "sample", "work-programme", "--members", "500", "--out", str(folder)]
    )
    result = runner.invoke(
        app,
        [
            "outcomes",
            "audit",
            "work-programme",
            "--data",
            str(folder / "people.csv"),
            "--events",
            str(folder / "events.csv"),
            "--schedule",
            str(schedule),
        ],
        env=WIDE,
    )
    assert result.exit_code == 0, result.output
    assert "padding" in result.output and "FLAG" in result.output
    rates = runner.invoke(app, ["outcomes", "detection", "--runs", "3"], env=WIDE)
    assert rates.exit_code == 0 and "cream-skimming" in rates.output


def test_the_period_report_is_written_with_lines_evidence_and_balance(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    runner.invoke(
        app, ["outcomes", "sample", "peterborough-sib", "--members", "1000", "--out", str(folder)]
    )
    report = tmp_path / "period.html"
    result = runner.invoke(
        app,
        [
            "outcomes",
            "pay",
            "peterborough-sib",
            "--data",
            str(folder / "people.csv"),
            "--events",
            str(folder / "events.csv"),
            "--report",
            str(report),
            "--period",
            "2011/12",
        ],
        env=WIDE,
    )
    assert result.exit_code == 0, result.output
    html = report.read_text()
    for heading in (
        "Payment lines",
        "Outcomes against the baseline",
        "Balance before and after matching",
        "Gaming checks",
        "<svg",
    ):
        assert heading in html


def test_an_event_ending_before_it_starts_is_refused_and_nothing_is_paid(tmp_path: Path) -> None:
    people, events = tmp_path / "people.csv", tmp_path / "events.csv"
    people.write_text("person_id,cohort,group,start_date\np0,W1,treated,2013-01-01\n")
    # A job that "ended" on 9 June 2013 but started on 1 July 2013 would otherwise count as held
    # for a negative span; it is refused by row and field, and nothing is recorded or written.
    events.write_text("person_id,kind,date,end_date\np0,job_start,2013-07-01,2013-06-09\n")
    ledger, lines = tmp_path / "ledger.db", tmp_path / "lines.csv"
    result = runner.invoke(
        app,
        [
            "outcomes",
            "pay",
            "work-programme",
            "--data",
            str(people),
            "--events",
            str(events),
            "--record",
            "--database",
            f"sqlite:///{ledger}",
            "--csv",
            str(lines),
        ],
        env=WIDE,
    )
    assert result.exit_code == 1 and "end_date" in result.output
    assert "cannot end before it starts" in result.output and "Total payable" not in result.output
    assert not ledger.exists() and not lines.exists()
