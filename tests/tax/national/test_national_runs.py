"""National runs on real authorities: the figures table, the scheme each authority runs, the
default marking, Dask totals identical to one process, and the report and workbook."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from townhall.cli import app
from townhall.problems import InvalidInputError
from townhall.tax.authorities.register import EXPECTED_COUNT, authority
from townhall.tax.national.figures import bundled_figures_text, figures_from_csv, read_figures
from townhall.tax.national.plan import (
    AuthorityRun,
    Candidate,
    chosen_entry,
    national_plan,
    previous_year,
)
from townhall.tax.national.report import grouped
from townhall.tax.national.run import run_dask, run_local
from townhall.tax.rules.scheme import Scheme, scheme_from_toml

CODES = [
    "E09000024",
    "E07000224",
    "E08000025",
    "E06000053",
]  # Merton, Arun, Birmingham, Isles of Scilly (none bundled)


def _scheme(name: str, year: str, council: str, code: str, band_d: str) -> Scheme:
    """A small scheme of a council: the default scheme's rules with a 10% minimum contribution."""
    text = f"""
extends = "default-2013"
name = "{name}"
title = "{name}"
year = "{year}"
[council]
name = "{council}"
ons_code = "{code}"
band_d_yearly = {band_d}
[levers]
minimum_contribution = {{ value = 0.1, source = "test scheme" }}
"""
    return scheme_from_toml(text, name)


@pytest.fixture(scope="module")
def schemes() -> dict[str, Scheme]:
    """Merton with its own Band D for 2026/27; Arun with England's average
    (as some bundled schemes have); Birmingham with only a 2013/14 scheme; the Isles of Scilly with none."""
    own = '{ value = 1600.0, source = "Merton Council, charges 2025-26" }'
    average = '{ value = 2280.0, source = "MHCLG: the average Band D in England" }'
    return {
        "merton-2026": _scheme("merton-2026", "2026/27", "London Borough of Merton", CODES[0], own),
        "arun-2026": _scheme("arun-2026", "2026/27", "Arun District Council", CODES[1], average),
        "birmingham-2013": _scheme(
            "birmingham-2013", "2013/14", "Birmingham City Council", CODES[2], own
        ),
    }


@pytest.fixture(scope="module")
def figures() -> pl.DataFrame:
    """The bundled figures of the four authorities, at 300 claims each."""
    table = read_figures().filter(pl.col("ons_code").is_in(CODES))
    return table.with_columns(pl.lit(300, dtype=pl.Int64).alias("claims"))


@pytest.fixture(scope="module")
def runs(figures: pl.DataFrame, schemes: dict[str, Scheme]) -> dict[str, AuthorityRun]:
    return {run.code: run for run in national_plan(figures, "2026/27", schemes)}


def test_the_bundled_figures_cover_every_authority_with_3_7_million_claims_each_sourced() -> None:
    table = read_figures()
    assert table.height == EXPECTED_COUNT == 296
    assert table["ons_code"].n_unique() == 296
    assert table["claims"].sum() == 3_700_000
    assert set(table["band_d_basis"]) <= {"published", "assumed"}
    assert table["band_d_source"].str.len_chars().min() > 20  # type: ignore[operator]
    # Every Band D is MHCLG's published 2026/27 area Band D: Merton's is £2,146.76.
    assert set(table["band_d_basis"]) == {"published"}
    assert table.filter(pl.col("ons_code") == "E09000024")["band_d_yearly"].item() == 2146.76
    # Boston's caseload is its council's published count; the rest share out what is left of 3.7m.
    boston = table.filter(pl.col("ons_code") == "E07000136")
    assert (boston["claims"].item(), boston["claims_basis"].item()) == (4700, "published")


def test_a_bad_figures_table_lists_every_problem_with_its_row() -> None:
    lines = bundled_figures_text().splitlines()
    header, first, second = lines[0], lines[1], lines[2]
    cells = first.split(",")
    cells[0], cells[2], cells[3] = "E99999999", "-5", "guessed"  # unknown code, Band D, basis
    text = "\n".join([header, ",".join(cells), second, second]) + "\n"
    text = text.replace(",0.394,", ",1.5,", 1)  # row 2's pensioner share above 1
    with pytest.raises(InvalidInputError) as caught:
        figures_from_csv(text, "figures.csv")
    found = {(problem.row, problem.field) for problem in caught.value.problems}
    assert {
        (2, "ons_code"),
        (2, "band_d_yearly"),
        (2, "band_d_basis"),
        (2, "pensioner_share"),
        (4, "ons_code"),  # row 3's authority again
    } <= found
    with pytest.raises(InvalidInputError) as caught:
        figures_from_csv("ons_code,name\nE06000001,Hartlepool\n", "short.csv")
    assert {p.field for p in caught.value.problems} >= {"band_d_yearly", "claims", "shares_source"}


def test_each_authority_runs_its_newest_scheme_of_the_year_or_the_year_before() -> None:
    merton = authority("Merton")
    entries = [
        Candidate("merton-2025", "2025/26", merton.ons_code),
        Candidate("merton-2026-option", "2026/27", merton.ons_code),
        Candidate("merton-2026", "2026/27", merton.ons_code),
        Candidate("merton-2027", "2027/28", merton.ons_code),
        Candidate("arun-2026", "2026/27", "E07000224"),
    ]
    assert previous_year("2026/27") == "2025/26"
    chosen = chosen_entry(merton, entries, "2026/27")
    assert chosen is not None and chosen.name == "merton-2026"  # the one named after the council
    chosen = chosen_entry(merton, entries[:1], "2026/27")
    assert chosen is not None and chosen.name == "merton-2025"
    assert chosen_entry(merton, entries[3:], "2026/27") is None  # 2027/28 is not this run's year


def test_band_d_is_the_councils_own_else_the_figures_tables(
    runs: dict[str, AuthorityRun],
) -> None:
    merton, arun = runs["E09000024"], runs["E07000224"]
    assert (merton.scheme_name, merton.status) == ("merton-2026", "bundled")
    # Merton's scheme states its council's Band D, £1,600: published, and used.
    assert (merton.band_d_yearly, merton.band_d_basis) == (1600.0, "published")
    # Arun's scheme uses England's average: the figures table's Band D for Arun, £2,487.24, is used.
    assert (arun.band_d_yearly, arun.band_d_basis) == (2487.24, "published")
    assert arun.scheme.council.band_d_total_yearly() == 2487.24


def test_authorities_without_a_scheme_of_the_year_run_the_default_scheme_marked(
    runs: dict[str, AuthorityRun],
) -> None:
    for code in ("E08000025", "E06000053"):  # Birmingham's only scheme is of 2013/14
        run = runs[code]
        assert run.status == "default"
        assert run.scheme_name == "default scheme 2026/27"
        assert run.scheme.year == "2026/27"
        assert run.scheme.levers.minimum_contribution.value == 0.0
        assert run.scheme.council.ons_code == code
    birmingham = runs["E08000025"].scheme
    # The prescribed pensioner scheme of 2026/27, not 2013/14's £163.50 a week (SI 2012/2885).
    assert birmingham.pensioner.applicable_amounts.single_weekly.value > 200.0
    assert birmingham.council.band_d_total_yearly() == 2362.9  # the figures table's, published


def test_a_two_worker_cluster_gives_exactly_the_single_process_totals(
    runs: dict[str, AuthorityRun],
) -> None:
    from distributed import Client, LocalCluster

    plan = list(runs.values())
    local = run_local(plan)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        distributed = run_dask(plan, client)
    assert distributed.workers == 2
    assert distributed.totals.sort("ons_code").equals(local.totals.sort("ons_code"))
    assert local.totals["claims"].sum() == 1200
    by_status = grouped(local.totals, "scheme_status")
    # By status: bundled (Merton, Arun: the test schemes miss nothing), default (the others).
    assert by_status["scheme_status"].to_list() == ["bundled", "default"]
    assert by_status["authorities"].to_list() == [2, 2]


def test_the_cli_writes_totals_report_and_a_formula_free_workbook(
    tmp_path: Path, figures: pl.DataFrame
) -> None:
    given = tmp_path / "figures.csv"
    figures.filter(pl.col("ons_code").is_in(CODES[2:])).write_csv(given)
    totals, report, workbook = tmp_path / "t.csv", tmp_path / "r.html", tmp_path / "w.xlsx"
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "tax",
            "national",
            "--figures",
            str(given),
            "--output",
            str(totals),
            "--report",
            str(report),
            "--workbook",
            str(workbook),
        ],
    )
    assert result.exit_code == 0, result.output
    written = pl.read_csv(totals)
    assert written["scheme_status"].to_list() == ["default", "default"]
    html = report.read_text(encoding="utf-8")
    assert "<svg" in html and "Cost by region" in html and "<script src" not in html
    book = load_workbook(workbook)
    assert book.sheetnames == [
        "Summary",
        "By authority",
        "By region",
        "By class",
        "Coverage",
        "Levers",
        "Lever spread",
        "Sources",
    ]
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert cells and not [cell.coordinate for cell in cells if cell.data_type == "f"]


def test_bad_figures_and_the_old_levers_table_stop_before_anything_is_written(
    tmp_path: Path,
) -> None:
    bad, output = tmp_path / "bad.csv", tmp_path / "t.csv"
    bad.write_text("ons_code,name\nE06000001,Hartlepool\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["tax", "national", "--figures", str(bad), "--output", str(output)])
    assert result.exit_code == 1 and not output.exists()
    assert "band_d_yearly" in result.output
    result = runner.invoke(app, ["tax", "national", "--schemes", str(bad)])
    assert result.exit_code != 0 and "--figures" in result.output
