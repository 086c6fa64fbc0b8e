"""`townhall tax schemes`, `show` and `diff` as a user runs them: filters, search, a council's
newest scheme by name or code, two schemes side by side, and clear messages for unknown values."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from townhall.cli import app
from townhall.tax.authorities.catalogue import Filters, catalogue, resolve_scheme, select
from townhall.tax.authorities.register import coverage
from townhall.tax.rules.scheme import bundled_scheme_names, load_bundled_scheme, load_scheme

runner = CliRunner()
WIDE = {"COLUMNS": "250"}


def _json(*args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["tax", "schemes", *args, "--json"])
    assert result.exit_code == 0, result.output
    rows: list[dict[str, object]] = json.loads(result.output)
    return rows


def test_schemes_lists_every_bundled_scheme_with_its_council_facts() -> None:
    rows = _json()
    assert {row["name"] for row in rows} == set(bundled_scheme_names())
    merton = next(row for row in rows if row["name"] == "merton-2026")
    assert merton["ons_code"] == "E09000024"
    assert merton["region"] == "London" and merton["class"] == "london_borough"
    assert merton["year"] == "2026/27" and merton["kind"] == "means-tested"
    assert merton["complete"] is True and merton["missing"] == []
    # Newest year first.
    years = [str(row["year"]) for row in rows]
    assert years == sorted(years, reverse=True)
    table = runner.invoke(app, ["tax", "schemes"], env=WIDE)
    assert table.exit_code == 0
    for heading in ("council", "ONS code", "region", "class", "year", "kind", "complete"):
        assert heading in table.output
    assert "E09000024" in table.output and "london borough" in table.output


@pytest.mark.parametrize("search", ["kingston", "KINGST", "upon Thames", "Royal Borough"])
def test_a_search_matches_part_of_a_scheme_title_or_council_name_in_any_case(search: str) -> None:
    names = [row["name"] for row in _json(search)]
    assert "kingston-upon-thames-2026" in names
    for row in _json(search):
        words = f"{row['name']} {row['title']} {row['council']}".lower()
        assert search.lower() in words


def test_filters_keep_only_what_they_name() -> None:
    london = _json("--region", "london")  # any case
    assert london and all(row["region"] == "London" for row in london)
    districts = _json("--class", "shire district")
    assert districts and all(row["class"] == "shire_district" for row in districts)
    banded = _json("--kind", "income-banded")
    assert banded and all(
        load_bundled_scheme(str(row["name"])).levers.income_grid is not None for row in banded
    )
    means = _json("--kind", "means-tested")
    assert {row["name"] for row in banded} | {row["name"] for row in means} == set(
        bundled_scheme_names()
    )
    assert (
        {row["name"] for row in _json("--year", "2013")}
        == {row["name"] for row in _json("--year", "2013/14")}
        >= {"birmingham-2013", "default-2013"}
    )
    assert all(row["missing"] for row in _json("--status", "incomplete"))
    assert all(row["complete"] for row in _json("--status", "complete"))
    both = _json("--region", "London", "--kind", "means-tested", "merton")
    assert [row["name"] for row in both] == ["merton-2026"]


def test_no_match_says_so() -> None:
    result = runner.invoke(app, ["tax", "schemes", "atlantis"])
    assert result.exit_code == 0
    assert "No bundled scheme matches" in result.output


def test_unknown_filter_values_are_listed_with_the_valid_ones_and_the_nearest() -> None:
    result = runner.invoke(
        app,
        ["tax", "schemes", "--region", "Londn", "--class", "metropolitan", "--year", "26"],
        env=WIDE,
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "did you mean 'London'?" in result.output
    assert "North East" in result.output and "South West" in result.output
    assert "did you mean 'metropolitan_district'?" in result.output
    assert "london_borough" in result.output and "--year" in result.output


def test_filters_over_any_set_of_schemes(tmp_path: Path) -> None:
    banded = load_bundled_scheme("oxford-2026")
    gap = banded.model_copy(update={"missing": ["something the file cannot say"]})
    given = {"oxford-2026": banded, "oxford-gap": gap, "merton-2026": load_scheme("merton-2026")}
    assert [each.name for each in catalogue(given)] == ["merton-2026", "oxford-2026", "oxford-gap"]
    incomplete = select(Filters.checked(status="incomplete"), given)
    assert [each.name for each in incomplete] == ["oxford-gap"]
    assert incomplete[0].missing == ("something the file cannot say",)
    south_east = select(Filters.checked(region="south east", kind="income-banded"), given)
    assert [each.name for each in south_east] == ["oxford-2026", "oxford-gap"]


@pytest.mark.parametrize(
    "given",
    [
        "kingston-upon-thames-2026",
        "Kingston upon Thames",
        "royal borough of kingston upon thames",
        "E09000021",
        "Royal Borough of Kingston",  # part of one council's name
    ],
)
def test_a_scheme_is_found_by_its_name_or_its_councils(given: str) -> None:
    assert resolve_scheme(given).council.ons_code == "E09000021"


def test_a_council_means_its_newest_scheme_named_after_it() -> None:
    # Birmingham has several 2013/14 schemes (its own, the default scheme and the transition grant
    # scheme on its charges): its name means the newest year's, and of those its own.
    birmingham = [each for each in catalogue() if each.ons_code == "E08000025"]
    newest = max(each.year for each in birmingham)
    for given in ("Birmingham", "E08000025", "birmingh"):
        found = resolve_scheme(given)
        assert found.year == newest and found.name.startswith("birmingham-"), given


def test_show_accepts_a_councils_name_and_prints_sources() -> None:
    result = runner.invoke(app, ["tax", "show", "Merton"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "merton-2026" in result.output and "E09000024" in result.output
    assert "Merton CTR 2026/27" in result.output  # a source
    assert "working_age.taper" in result.output


def test_show_lists_what_a_scheme_file_cannot_state(tmp_path: Path) -> None:
    path = tmp_path / "gap.toml"
    path.write_text(
        'extends = "default-2013"\nname = "gap"\n'
        'missing = ["the council\'s own extended payments rule (para 12)"]\n'
    )
    result = runner.invoke(app, ["tax", "show", str(path)], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "does not state" in result.output and "extended payments rule" in result.output


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("Birmingam", "did you mean birmingham-"),
        ("Kingstn upon Thames", "did you mean kingston-upon-thames-2026"),
        ("Bromsgrve", "did you mean bromsgrove"),  # the council, or its scheme once bundled
        ("missing.toml", "a scheme file"),
    ],
)
def test_show_refuses_an_unknown_name_clearly(given: str, said: str) -> None:
    result = runner.invoke(app, ["tax", "show", given], env=WIDE)
    assert result.exit_code == 1
    assert said in result.output.lower() and "Traceback" not in result.output


def test_show_says_when_a_council_has_no_scheme_yet() -> None:
    council = next(row.authority for row in coverage() if row.status == "not yet")
    result = runner.invoke(app, ["tax", "show", council.ons_code], env=WIDE)
    assert result.exit_code == 1
    assert f"none for {council.name} yet" in result.output


def _option(tmp_path: Path) -> Path:
    """default-2013 with a 20% minimum payment and a 25% taper, each with its source."""
    path = tmp_path / "option.toml"
    path.write_text(
        'extends = "default-2013"\nname = "option"\ntitle = "An option"\n'
        "[levers]\n"
        'minimum_contribution = { value = 0.20, source = "=Option B, cabinet report p.4" }\n'
        "[working_age]\n"
        'taper = { value = 0.25, source = "Option B, cabinet report p.5" }\n'
    )
    return path


def test_diff_shows_each_figure_that_differs_with_both_sources(tmp_path: Path) -> None:
    result = runner.invoke(app, ["tax", "diff", "default-2013", str(_option(tmp_path))], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "2 figures differ" in result.output
    assert "levers.minimum_contribution" in result.output and "20.0%" in result.output
    assert "working_age.taper" in result.output and "25.0%" in result.output
    assert "cabinet report p.5" in result.output and "SI 2012/2886" in result.output
    assert "Single person, 35" in result.output and "Pensioner couple" in result.output


def test_diff_json_gives_levers_and_hand_worked_households(tmp_path: Path) -> None:
    result = runner.invoke(app, ["tax", "diff", "default-2013", str(_option(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    changed = {row["parameter"]: row for row in data["differences"]}
    assert set(changed) == {"levers.minimum_contribution", "working_age.taper"}
    assert changed["working_age.taper"]["from"] == "20.0%"
    assert changed["working_age.taper"]["to"] == "25.0%"
    assert changed["working_age.taper"]["to_source"] == "Option B, cabinet report p.5"
    assert data["same"] > 50
    households = {row["household"]: row for row in data["households"]}
    assert 5 <= len(households) <= 8
    # Birmingham 2013/14, whole Band D £1,268.92 (city, police, fire): Band A is 6/9 of it,
    # £845.95, less the 25% single person discount: £634.46 a year.
    # On UC with no earnings the UC award (£400 a month) equals the UC maximum amount, so income
    # does not exceed the applicable amount: full support under default-2013, £634.46, nothing
    # to pay. Under the option the maximum is 80% of it: £634.46 × 0.20 = £126.89 left to pay.
    single_uc = households["single-uc-no-earnings"]
    assert single_uc["award_a_yearly"] == 634.46 and single_uc["bill_a_yearly"] == 0.0
    assert single_uc["bill_b_yearly"] == 126.89
    assert single_uc["bill_difference_yearly"] == 126.89
    # Pensioners keep the prescribed scheme: no minimum payment, so no difference.
    assert households["single-pensioner-pension-credit"]["bill_difference_yearly"] == 0.0


def test_diff_writes_a_formula_safe_workbook(tmp_path: Path) -> None:
    output = tmp_path / "diff.xlsx"
    result = runner.invoke(
        app, ["tax", "diff", "default-2013", str(_option(tmp_path)), "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(output)
    assert book.sheetnames == ["Differences", "Standard households"]
    sources = [cell.value for cell in book["Differences"]["E"]]
    assert "=Option B, cabinet report p.4" in sources
    cell = next(c for c in book["Differences"]["E"] if c.value == "=Option B, cabinet report p.4")
    assert cell.data_type == "s" and cell.quotePrefix


def test_diff_refuses_an_output_that_is_not_a_workbook(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["tax", "diff", "merton-2026", "E09000021", "--output", str(tmp_path / "d.csv")]
    )
    assert result.exit_code == 1 and ".xlsx" in result.output
    assert not (tmp_path / "d.csv").exists()
