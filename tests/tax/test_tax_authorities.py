"""England's billing authorities: the list, looking one up, and which have a bundled scheme.

The counts are MHCLG's: 296 billing authorities from 1 April 2023 (Council Tax levels set by local
authorities in England 2024 to 2025: technical notes), 33 in London with the City, 36
metropolitan districts, 63 unitary authorities with the Isles of Scilly, 164 shire districts.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from townhall.cli.tax_coverage import coverage as coverage_command
from townhall.problems import InvalidInputError
from townhall.tax.authorities.register import (
    CLASS_PREFIXES,
    EXPECTED_COUNT,
    REGIONS,
    authorities,
    authorities_from_csv,
    authority,
    coverage,
    normalised_name,
    status_counts,
)
from townhall.tax.rules.scheme import load_bundled_scheme

runner = CliRunner()


def test_there_are_296_billing_authorities_each_once() -> None:
    listed = authorities()
    assert len(listed) == EXPECTED_COUNT == 296
    assert len({a.ons_code for a in listed}) == 296
    assert len({normalised_name(a.name) for a in listed}) == 296


def test_classes_are_counted_as_mhclg_counts_them() -> None:
    counts = Counter(a.authority_class for a in authorities())
    assert counts == {
        "london_borough": 33,
        "metropolitan_district": 36,
        "unitary": 63,
        "shire_district": 164,
    }


def test_each_code_starts_with_its_class_prefix() -> None:
    for each in authorities():
        assert each.ons_code.startswith(CLASS_PREFIXES[each.authority_class]), each


def test_every_region_is_one_of_the_nine_and_london_is_the_london_boroughs() -> None:
    listed = authorities()
    assert {a.region for a in listed} == set(REGIONS) and len(REGIONS) == 9
    london = {a.ons_code for a in listed if a.region == "London"}
    assert london == {a.ons_code for a in listed if a.authority_class == "london_borough"}


def test_the_list_is_after_the_2023_reorganisations() -> None:
    codes = {a.ons_code for a in authorities()}
    # Cumberland, Westmorland and Furness, North Yorkshire, Somerset (April 2023), Buckinghamshire
    # (2020), North and West Northamptonshire (2021).
    assert {"E06000063", "E06000064", "E06000065", "E06000066"} <= codes
    assert {"E06000060", "E06000061", "E06000062"} <= codes
    # Carlisle, Harrogate and Mendip districts, and Aylesbury Vale, are gone.
    assert not {"E07000028", "E07000165", "E07000187", "E07000004"} & codes


def test_the_city_and_scilly_say_why_they_have_their_class() -> None:
    assert "not a London borough" in authority("E09000001").note
    scilly = authority("Isles of Scilly")
    assert scilly.authority_class == "unitary" and scilly.note


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("E08000025", "E08000025"),
        ("birmingham", "E08000025"),
        ("Birmingham City Council", "E08000025"),
        ("Westminster City Council", "E09000033"),
        ("London Borough of Merton", "E09000024"),
        ("Royal Borough of Kingston upon Thames", "E09000021"),
        ("Telford and Wrekin", "E06000020"),
    ],
)
def test_an_authority_is_found_by_code_or_any_form_of_its_name(given: str, code: str) -> None:
    assert authority(given).ons_code == code


def test_a_misspelt_name_gets_did_you_mean() -> None:
    with pytest.raises(InvalidInputError) as caught:
        authority("Birmingam")
    assert "did you mean Birmingham?" in caught.value.problems[0].expected


def test_a_name_given_in_part_suggests_the_names_holding_it() -> None:
    with pytest.raises(InvalidInputError) as caught:
        authority("Kingston")
    expected = caught.value.problems[0].expected
    assert "Kingston upon Thames" in expected and "Kingston upon Hull" in expected


def test_the_bundled_councils_are_bundled() -> None:
    rows = {row.authority.ons_code: row for row in coverage()}
    expected = {
        "E08000025": "birmingham-2013",  # Birmingham
        "E07000178": "oxford-2026",  # Oxford
        "E09000024": "merton-2026",
        "E09000021": "kingston-upon-thames-2026",
        "E09000025": "newham-2026",
        "E09000033": "westminster-2026",
    }
    for code, scheme in expected.items():
        assert rows[code].status == "bundled", code
        assert scheme in rows[code].schemes
    assert rows["E09000033"].year == "2026/27"
    assert rows["E06000053"].status == "not yet"  # Isles of Scilly
    assert sum(status_counts(list(rows.values())).values()) == 296


def test_a_scheme_with_something_missing_makes_its_council_incomplete() -> None:
    oxford = load_bundled_scheme("oxford-2026")
    gap = oxford.model_copy(update={"missing": ["the council's hardship fund"]})
    rows = {row.authority.ons_code: row for row in coverage({"oxford-2026": gap})}
    assert rows["E07000178"].status == "incomplete"
    assert rows["E08000025"].status == "not yet"


def test_a_bad_file_gets_every_problem_at_once() -> None:
    text = (
        "ons_code,name,short_name,class,region,note,source\n"
        "E08000025,Birmingham City Council,Birmingham,unitary,West Midlands,,mySociety\n"
        "E0900000X,Somewhere,Somewhere,london_borough,Wessex,,mySociety\n"
        "E08000025,Birmingham,Birmingham,metropolitan_district,West Midlands,,mySociety\n"
    )
    with pytest.raises(InvalidInputError) as caught:
        authorities_from_csv(text, "test.csv")
    found = {(problem.row, problem.field) for problem in caught.value.problems}
    assert (2, "ons_code, class") in found  # an E08 code is not a unitary's
    assert (3, "ons_code") in found and (3, "region") in found
    assert (4, "ons_code") in found  # used twice


def _app() -> typer.Typer:
    """A Typer app holding only the coverage command (tax.py registers it for users)."""
    app = typer.Typer()
    app.command("coverage")(coverage_command)

    @app.callback()
    def main() -> None:
        """Townhall, for the test."""

    return app


def test_the_command_prints_counts_and_the_table() -> None:
    result = runner.invoke(_app(), ["coverage", "--region", "london"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    london = [row for row in coverage() if row.authority.region == "London"]
    counts = status_counts(london)
    assert (
        f"33 billing authorities: {counts['bundled']} bundled, {counts['incomplete']} "
        f"incomplete, {counts['not yet']} not yet"
    ) in result.output
    # The table wraps long names to the terminal's width; the JSON output carries them whole.
    assert "Newham" in result.output
    listed = runner.invoke(_app(), ["coverage", "--region", "london", "--json"])
    rows = {row["name"]: row for row in json.loads(listed.output)}
    assert "newham-2026" in str(rows["London Borough of Newham"])


def test_the_command_filters_and_prints_json() -> None:
    result = runner.invoke(_app(), ["coverage", "--status", "bundled", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {row["status"] for row in rows} == {"bundled"}
    assert {row["ons_code"] for row in rows} >= {
        "E08000025",
        "E07000178",
        "E09000024",
        "E09000021",
        "E09000025",
        "E09000033",
    }


def test_the_command_writes_csv(tmp_path: Path) -> None:
    output = tmp_path / "coverage.csv"
    result = runner.invoke(
        _app(), ["coverage", "--class", "metropolitan district", "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    lines = output.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "ons_code,name,class,region,status,schemes,year"
    assert len(lines) == 1 + 36


def test_the_command_refuses_an_unknown_filter() -> None:
    result = runner.invoke(_app(), ["coverage", "--region", "Wessex"])
    assert result.exit_code == 1
    assert "North East" in result.output
