"""The CLI's bad-input catalogue: each case is a user's mistake, run through the real command.

Every case asserts the same three things: the command exits non-zero without a traceback; its
message names the file, row or field and what was expected (the `says` fragments); and nothing in
the working folder changed: no output created or overwritten, no ledger entry added (the folder is
compared byte for byte before and after).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))
from cli_workspace import make_workspace, snapshot

from townhall.cli import app, output

runner = CliRunner()
UTF8 = "saved as UTF-8"
CP1252 = "Windows-1252"


@dataclass(frozen=True)
class Case:
    """One mistake: the command (paths relative to the workspace, written {w}/name) and the
    fragments its message must hold."""

    name: str
    command: str
    says: tuple[str, ...]


def case(name: str, command: str, *says: str) -> object:
    return pytest.param(Case(name, command, says), id=name)


LEDGER = "--database sqlite:///{w}/ledger.db"
PAY = "outcomes pay work-programme --data {w}/people.csv --events {w}/events.csv"
RUN = "tax run default-2013 --caseload"

CASES = [
    # Files that are not what their names say.
    case("scheme-junk", "tax validate {w}/junk.toml", "junk.toml", "binary data"),
    case("scheme-folder", "tax validate {w}/a-folder", "a-folder", "not a folder"),
    case("scheme-missing", "tax validate {w}/nowhere.toml", "nowhere.toml", "a scheme file"),
    case("caseload-junk-xlsx", f"{RUN} {{w}}/junk.xlsx", "junk.xlsx", "an Excel workbook"),
    case("caseload-junk-csv", f"{RUN} {{w}}/junk.csv", "junk.csv", "binary data"),
    case("caseload-junk-parquet", f"{RUN} {{w}}/junk.parquet", "junk.parquet", "a Parquet file"),
    case("caseload-folder", f"{RUN} {{w}}/a-folder", "a-folder", "not a folder"),
    case(
        "non-dependants-junk",
        f"{RUN} {{w}}/claims.csv --non-dependants {{w}}/junk.csv",
        "junk.csv",
        "binary data",
    ),
    case("run-scheme-junk", "tax run {w}/junk.toml --caseload {w}/claims.csv", "junk.toml"),
    case("household-scheme-junk", "tax household --scheme {w}/junk.toml", "junk.toml"),
    case("national-figures-junk", "tax national --figures {w}/junk.csv", "junk.csv", "binary"),
    # Text files not in UTF-8: say so, and how to save them.
    case("scheme-cp1252", "tax validate {w}/cp1252.toml", "cp1252.toml", CP1252, UTF8),
    case("caseload-cp1252", f"{RUN} {{w}}/cp1252.csv", "cp1252.csv", "line 2", CP1252, UTF8),
    case(
        "mapping-cp1252",
        f"{RUN} {{w}}/claims.csv --mapping {{w}}/cp1252.toml",
        "cp1252.toml",
        "UTF-8",
    ),
    case("national-cp1252", "tax national --figures {w}/cp1252.csv", "cp1252.csv", CP1252),
    case(
        "answers-cp1252",
        "consult analysis mask {w}/cp1252-answers.csv --out {w}/masked.csv",
        "cp1252-answers.csv",
        CP1252,
        UTF8,
    ),
    case(
        "themes-cp1252",
        "consult analysis assign {w}/answers.csv --themes {w}/cp1252.toml --out {w}/a.csv",
        "cp1252.toml",
        CP1252,
    ),
    case(
        "people-cp1252",
        "outcomes pay work-programme --data {w}/cp1252-people.csv --events {w}/events.csv",
        "cp1252-people.csv",
        CP1252,
    ),
    case("contract-cp1252", "outcomes validate {w}/cp1252.toml", "cp1252.toml", CP1252),
    case("deal-cp1252", "deals validate {w}/cp1252.toml", "cp1252.toml", CP1252),
    case("register-cp1252", "mandate validate {w}/cp1252.toml", "cp1252.toml", CP1252),
    # Outputs that are a folder or one of the inputs.
    case(
        "run-output-is-input",
        f"{RUN} {{w}}/claims.csv --output {{w}}/claims.csv",
        "output",
        "one of the inputs",
    ),
    case("run-output-folder", f"{RUN} {{w}}/claims.csv --output {{w}}/a-folder", "not a folder"),
    case(
        "mask-output-is-input",
        "consult analysis mask {w}/answers.csv --out {w}/answers.csv",
        "original must be kept",
    ),
    case(
        "assign-output-is-themes",
        "consult analysis assign {w}/answers.csv --themes {w}/themes.toml --out {w}/themes.toml",
        "--out",
        "one of the inputs",
    ),
    case(
        "duplicates-output-is-input",
        "consult analysis duplicates {w}/answers.csv --out {w}/answers.csv",
        "--out",
        "one of the inputs",
    ),
    case(
        "export-over-the-ledger",
        f"outcomes export --out {{w}}/ledger.db {LEDGER}",
        "--out",
        "one of the inputs",
    ),
    case(
        "compare-xlsx-is-caseload",
        "tax compare default-2013 birmingham-2013 --caseload {w}/claims.csv --xlsx {w}/claims.csv",
        "--xlsx",
        "one of the inputs",
    ),
    case(
        "mask-output-folder",
        "consult analysis mask {w}/answers.csv --out {w}/a-folder",
        "a-folder",
        "not a folder",
    ),
    case("pay-csv-is-input", f"{PAY} --csv {{w}}/people.csv", "--csv", "one of the inputs"),
    case("pay-report-is-input", f"{PAY} --report {{w}}/events.csv", "--report", "inputs"),
    case("pay-xlsx-folder", f"{PAY} --xlsx {{w}}/a-folder", "--xlsx", "not a folder"),
    case("export-out-folder", f"outcomes export --out {{w}}/a-folder {LEDGER}", "not a folder"),
    case(
        "mandate-xlsx-folder",
        "mandate report birmingham --xlsx {w}/a-folder",
        "a-folder",
        "not a folder",
    ),
    # Caseload problems.
    case("caseload-nan", f"{RUN} {{w}}/nan.csv", "weekly_earnings", "row 2", "NaN"),
    case("caseload-infinity", f"{RUN} {{w}}/inf.csv", "capital", "inf"),
    case(
        "caseload-implausible", f"{RUN} {{w}}/implausible.csv", "weekly_earnings", "250000", "20000"
    ),
    case("caseload-negative", f"{RUN} {{w}}/negative.csv", "weekly_other_income", "-20"),
    case(
        "caseload-duplicate-ids",
        f"{RUN} {{w}}/duplicates.csv",
        "4 problems",  # both ids, each row of each, in the same pass
        "claim_id",
        "row 2",
        "row 3",
        "row 4",
        "row 5",
    ),
    case(
        "caseload-unknown-band",
        f"{RUN} {{w}}/unknown-band.csv",
        "band",
        "Z",
        "A, B, C, D, E, F, G or H",
    ),
    case(
        "caseload-missing-columns",
        f"{RUN} {{w}}/missing-columns.csv",
        "pensioner",
        "claimant_age",
    ),
    case("caseload-impossible-age", f"{RUN} {{w}}/impossible-age.csv", "claimant_age", "200"),
    case(
        "caseload-impossible-date",
        f"{RUN} {{w}}/impossible-birth.csv",
        "claimant_date_of_birth",
        "1980-02-30",
    ),
    # Scheme file problems.
    case(
        "scheme-unknown-lever",
        "tax validate {w}/unknown-lever.toml",
        "maximum_happiness",
        "no such field",
    ),
    case("scheme-wrong-type", "tax validate {w}/wrong-type.toml", "minimum_contribution", "lots"),
    case("scheme-broken-toml", "tax validate {w}/broken.toml", "broken.toml", "TOML"),
    # Consultation analysis.
    case(
        "mask-junk-xlsx",
        "consult analysis mask {w}/junk.xlsx --out {w}/m.csv",
        "junk.xlsx",
        "an Excel workbook",
    ),
    case(
        "mask-missing-column",
        "consult analysis mask {w}/answers.csv --out {w}/m.csv --column comment",
        "comment",
    ),
    case(
        "themes-junk",
        "consult analysis assign {w}/answers.csv --themes {w}/junk.toml --out {w}/a.csv",
        "junk.toml",
        "binary data",
    ),
    case(
        "themes-folder",
        "consult analysis assign {w}/answers.csv --themes {w}/a-folder --out {w}/a.csv",
        "a-folder",
        "not a folder",
    ),
    case(
        "themes-from-junk",
        "consult analysis themes {w}/junk.xlsx --out {w}/t.toml",
        "junk.xlsx",
        "an Excel workbook",
    ),
    case(
        "consult-database-junk",
        "consult export demo --output {w}/e.csv --database-url sqlite:///{w}/junk.db",
        "file is not a database",
    ),
    case(
        "consult-export-suffix",
        "consult export demo --output {w}/e.txt --database-url sqlite:///{w}/c.db",
        ".csv",
    ),
    case(
        "consult-migrate-junk",
        "consult migrate --dry-run --database-url sqlite:///{w}/junk.db",
        "file is not a database",
    ),
    case(
        "consult-backup-junk",
        "consult backup --out {w}/b.tar.gz --database-url sqlite:///{w}/junk.db",
        "junk.db",
        "file is not a database",
    ),
    case(
        "consult-backup-keep-needs-a-folder",
        "consult backup --out {w}/b.tar.gz --keep 3 --database-url sqlite:///{w}/junk.db",
        "--keep needs --out to be an existing folder",
    ),
    case(
        "consult-restore-not-a-backup",
        "consult restore {w}/notes.txt --database-url sqlite:///{w}/restored.db",
        "notes.txt is not a Townhall backup",
    ),
    case(
        "consult-restore-over-junk",
        "consult restore {w}/junk.csv --database-url sqlite:///{w}/junk.db",
        "junk.csv is not a Townhall backup",
    ),
    # Outcomes records.
    case(
        "events-end-before-start",
        f"outcomes pay work-programme --data {{w}}/people.csv --events "
        f"{{w}}/backwards-events.csv --record {LEDGER}",
        "end_date",
        "row 2",
        "cannot end before it starts",
    ),
    case(
        "people-empty-cohort",
        "outcomes pay work-programme --data {w}/empty-people.csv --events {w}/events.csv",
        "no rows",
        "at least one treated cohort member",
    ),
    case(
        "people-no-treated-member",
        "outcomes pay work-programme --data {w}/comparison-only.csv --events {w}/events.csv",
        "no treated member",
    ),
    case(
        "people-unnamed-cohort",
        "outcomes pay work-programme --data {w}/blank-cohort.csv --events {w}/events.csv",
        "cohort",
        "row 2",
        "the cohort's name",
    ),
    case(
        "people-impossible-date",
        "outcomes pay work-programme --data {w}/impossible-date.csv --events {w}/events.csv",
        "start_date",
        "2013-02-30",
        "YYYY-MM-DD",
    ),
    case("as-of-impossible", f"{PAY} --as-of 2013-02-30", "--as-of", "2013-02-30", "YYYY-MM-DD"),
    case("as-of-words", f"{PAY} --as-of yesterday --record {LEDGER}", "--as-of", "yesterday"),
    case(
        "events-unknown-person",
        "outcomes pay work-programme --data {w}/people.csv --events {w}/unknown-person.csv",
        "nobody",
        "a person_id in the people file",
    ),
    case(
        "people-unknown-group",
        "outcomes pay work-programme --data {w}/bad-group.csv --events {w}/events.csv",
        "pilot",
        "treated or comparison",
    ),
    case(
        "people-junk",
        "outcomes pay work-programme --data {w}/junk.csv --events {w}/events.csv",
        "junk.csv",
        "binary data",
    ),
    case(
        "people-folder",
        "outcomes pay work-programme --data {w}/a-folder --events {w}/events.csv",
        "not a folder",
    ),
    case(
        "sample-negative-members",
        "outcomes sample work-programme --members -5 --out {w}/sample",
        "--members",
        "greater than or equal to 1",
    ),
    case(
        "sample-negative-events",
        "outcomes sample work-programme --events-per-member -1 --out {w}/sample",
        "--events-per-member",
    ),
    case(
        "audit-schedule-columns",
        "outcomes audit work-programme --data {w}/people.csv --events {w}/events.csv "
        "--schedule {w}/schedule-columns.csv",
        "period, target and achieved",
    ),
    case(
        "audit-amounts-junk",
        "outcomes audit work-programme --data {w}/people.csv --events {w}/events.csv "
        "--amounts {w}/junk.csv",
        "junk.csv",
        "binary data",
    ),
    # Contracts.
    case("contract-junk", "outcomes validate {w}/junk.toml", "junk.toml", "binary data"),
    case(
        "contract-wrong-type",
        "outcomes validate {w}/bad-contract.toml",
        "window_days",
        "two years",
    ),
    case("contract-unknown-clause", "outcomes validate {w}/unknown-clause.toml", "bonus"),
    case("contract-negative-price", "outcomes validate {w}/negative-price.toml", "amount", "-1200"),
    case(
        "value-negative-cost-and-unsourced-saving",
        "outcomes value {w}/bad-value.toml --data {w}/people.csv --events {w}/events.csv "
        "--csv {w}/value.csv",
        "2 problems",
        "value.savings.0.source",
        "value.delivery.per_member",
        "-900",
    ),
    # The ledger.
    case(
        "verify-missing-ledger",
        "outcomes verify --database sqlite:///{w}/no-ledger.db",
        "there is no ledger",
    ),
    case("verify-junk-ledger", "outcomes verify --database sqlite:///{w}/junk.db", "not a ledger"),
    case(
        "verify-not-a-ledger",
        "outcomes verify --database sqlite:///{w}/claims.csv",
        "not a ledger",
    ),
    case("verify-bad-url", "outcomes verify --database nonsense", "not a database URL"),
    case("head-missing-ledger", "outcomes head --database sqlite:///{w}/none.db", "no ledger"),
    case(
        "sign-off-missing-ledger",
        "outcomes sign-off 1 --database sqlite:///{w}/none.db",
        "no ledger",
    ),
    case(
        "verify-anchor-neither",
        f"outcomes verify --anchor not-a-hash {LEDGER}",
        "neither a head file nor",
    ),
    case(
        "verify-anchor-text",
        f"outcomes verify --anchor {{w}}/notes.txt {LEDGER}",
        "notes.txt",
        "a head document",
    ),
    case(
        "verify-anchor-bad-fields",
        f"outcomes verify --anchor {{w}}/bad-head.json {LEDGER}",
        "head",
        "64-hex-digit",
        "entries",
    ),
    case(
        "submit-folder",
        f"outcomes submit {{w}}/a-folder {LEDGER}",
        "a-folder",
        "not a folder",
    ),
    case("submit-missing", f"outcomes submit {{w}}/gone.csv {LEDGER}", "gone.csv", "missing"),
    case(
        "submit-unknown-kind",
        f"outcomes submit {{w}}/people.csv --kind photos {LEDGER}",
        "--kind",
        "people, events or contract",
    ),
    case(
        "submit-binary-csv",
        f"outcomes submit {{w}}/junk.csv {LEDGER}",
        "junk.csv",
        "binary data",
    ),
    case("submit-bad-role", f"outcomes submit {{w}}/people.csv --role verifier {LEDGER}", "Only"),
    # Deals and mandate.
    case("deal-junk", "deals validate {w}/junk.toml", "junk.toml", "binary data"),
    case(
        "evidence-cp1252",
        "deals import-evidence leeds {w}/cp1252-notes.txt --register {w}/register",
        "cp1252-notes.txt",
        CP1252,
        UTF8,
    ),
    case(
        "evidence-junk-pdf",
        "deals import-evidence leeds {w}/junk.pdf --register {w}/register",
        "junk.pdf",
        "a readable .pdf file",
    ),
    case("register-junk", "mandate validate {w}/junk.toml", "junk.toml", "binary data"),
    case("register-folder", "mandate validate {w}/a-folder", "a-folder"),
]


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Print problem tables wide, so long temporary paths never wrap the words a case looks for."""
    for console in (output.console, output.error_console):
        monkeypatch.setattr(console, "_width", 400)


def test_the_catalogue_has_at_least_sixty_cases() -> None:
    assert len(CASES) >= 60


@pytest.mark.parametrize("given", CASES)
def test_bad_input_is_refused_clearly_and_changes_nothing(given: Case, tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path)
    before = snapshot(workspace)
    args = given.command.replace("{w}", str(workspace)).split()
    result = runner.invoke(app, args, env={"COLUMNS": "400"})
    said = " ".join(result.output.split())
    assert result.exit_code != 0, said
    assert result.exception is None or isinstance(result.exception, SystemExit), said
    assert "Traceback" not in result.output
    for fragment in given.says:
        row = re.fullmatch(r"row (\d+)", fragment)
        if row:  # a problem table gives the row in its own column
            assert re.search(rf"│ {row.group(1)} +│", said), f"no row {row.group(1)} in: {said}"
        else:
            assert fragment in said, f"{fragment!r} not in: {said}"
    assert snapshot(workspace) == before, "the command changed the working folder"
