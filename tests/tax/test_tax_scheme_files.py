"""Scheme files: every bundled scheme loads with sources; a bad file gets every error at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from townhall.problems import InvalidInputError
from townhall.tax.claims.caseload import Caseload
from townhall.tax.rules.evaluate import evaluate
from townhall.tax.rules.parameter_rows import parameter_rows
from townhall.tax.rules.scheme import (
    base_names,
    bundled_scheme_names,
    load_bundled_scheme,
    load_scheme,
    scheme_from_toml,
)

SAMPLE = Path(__file__).parents[2] / "src/townhall/tax/samples/sample-caseload.csv"


def test_the_required_schemes_are_bundled() -> None:
    assert {"ctb-2012", "default-2013", "birmingham-2013", "transition-grant-2013"} <= set(
        bundled_scheme_names()
    )
    banded = [
        name for name in bundled_scheme_names() if load_bundled_scheme(name).levers.income_grid
    ]
    assert banded, "at least one real council's income-banded scheme"


@pytest.mark.parametrize("name", bundled_scheme_names())
def test_every_bundled_scheme_loads_cites_sources_and_evaluates(name: str) -> None:
    scheme = load_bundled_scheme(name)
    rows = parameter_rows(scheme)
    stated = [row for row in rows if row["value"] != "not stated"]
    assert stated and all(len(row["source"]) > 3 for row in stated)
    # A figure the scheme does not state is shown as such, never with a borrowed source.
    assert all(row["source"] == "" for row in rows if row["value"] == "not stated")
    result = evaluate(scheme, Caseload.read(SAMPLE))
    assert len(result.table()) == 12


def test_a_file_that_extends_a_bundled_scheme_only_states_what_differs(tmp_path: Path) -> None:
    path = tmp_path / "option.toml"
    path.write_text(
        'extends = "birmingham-2013"\nname = "option-20"\n'
        "[levers]\n"
        'minimum_contribution = { value = 0.20, source = "Option B in the cabinet report" }\n'
    )
    scheme = load_scheme(path)
    assert scheme.levers.minimum_contribution.value == 0.20
    assert scheme.levers.protected_child_under_age is not None  # inherited


def test_a_council_file_on_the_2026_base_takes_its_figures_and_states_its_own(
    tmp_path: Path,
) -> None:
    # The base is no council's scheme: never listed, but a scheme may extend it.
    assert "working-age-2026" in base_names()
    assert "working-age-2026" not in bundled_scheme_names()
    path = tmp_path / "council.toml"
    path.write_text(
        'extends = "working-age-2026"\nname = "sheffield-option"\nyear = "2026/27"\n'
        'title = "Option"\n'
        '[council]\nname = "Sheffield City Council"\nons_code = "E08000019"\n'
        'band_d_yearly = { value = 2000.0, source = "test figure" }\n'
        "[working_age.applicable_amounts]\n"
        'couple_weekly = { value = 140.0, source = "the council\'s own couple rate" }\n'
    )
    scheme = load_scheme(path)
    amounts = scheme.working_age.applicable_amounts
    assert amounts.single_weekly.value == 95.55  # the base's 2026/27 figure, not 2013's £71.70
    assert "2026/27 working-age base" in amounts.single_weekly.source
    assert amounts.couple_weekly.value == 140.0  # what the file states wins
    assert scheme.working_age.non_dependant_deductions.value[-1].deduction_weekly == 15.95
    assert scheme.council.name == "Sheffield City Council"  # nothing of default-2013's Birmingham
    assert scheme.council.precepts_band_d_yearly is None
    assert scheme.levers.minimum_contribution.value == 0.0  # the default scheme's, through the base
    # A file on the base names its own council: the base passes on none (not default-2013's).
    path.write_text('extends = "working-age-2026"\nname = "no-council"\nyear = "2026/27"\n')
    with pytest.raises(InvalidInputError) as caught:
        load_scheme(path)
    assert any(problem.field.startswith("council") for problem in caught.value.problems)


def test_every_error_in_a_scheme_file_is_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        'extends = "default-2013"\nname = "bad"\n'
        "[levers]\n"
        'minimum_contribution = { value = 1.5, source = "typo" }\n'
        'band_cap = { value = "Z", source = "typo" }\n'
        'protected_groups = { value = ["pensioners"], source = "x" }\n'
        'mimimum_award_weekly = { value = 1, source = "misspelt" }\n'
        "[working_age]\n"
        "taper = { value = 0.2 }\n"
    )
    with pytest.raises(InvalidInputError) as caught:
        load_scheme(path)
    found = {problem.field: problem for problem in caught.value.problems}
    assert all(problem.source == str(path) for problem in caught.value.problems)
    assert found["levers.minimum_contribution.value"].value == "1.5"
    assert "less than or equal to 1" in found["levers.minimum_contribution.value"].expected
    assert "'A'" in found["levers.band_cap.value"].expected
    assert found["levers.protected_groups.value.0"].value == "pensioners"
    assert "spelling" in found["levers.mimimum_award_weekly"].expected
    assert found["working_age.taper.source"].value == "(missing)"


def test_the_wider_vocabulary_refuses_what_the_engine_cannot_do_all_at_once() -> None:
    # A misspelt lever, an element and a protected group the engine does not know, a share above
    # 1 and a child increment of the wrong type: each is named, in one pass.
    text = (
        'extends = "dover-2026"\nname = "bad"\n'
        "[working_age.universal_credit]\n"
        'disregarded_elements = { value = ["housing_element", "council_tax_element"], source = "x" }\n'
        'earned_income_share = { value = 1.5, source = "x" }\n'
        "[levers]\n"
        'band_cap_percent = { value = 80, source = "misspelt" }\n'
        'protected_groups = { value = ["care_leaver"], source = "x" }\n'
        "[levers.income_grid]\n"
        'child_increment_weekly = { value = "sixty", source = "x" }\n'
    )
    with pytest.raises(InvalidInputError) as caught:
        scheme_from_toml(text, "bad.toml")
    found = {problem.field: problem for problem in caught.value.problems}
    element = "working_age.universal_credit.disregarded_elements.value.1"
    assert found[element].value == "council_tax_element"
    assert "'housing_element'" in found[element].expected
    assert "less than or equal to 1" in (
        found["working_age.universal_credit.earned_income_share.value"].expected
    )
    assert "spelling" in found["levers.band_cap_percent"].expected
    assert found["levers.protected_groups.value.0"].value == "care_leaver"
    assert found["levers.income_grid.child_increment_weekly.value"].value == "sixty"


def test_a_protected_grid_needs_an_income_grid() -> None:
    text = (
        'extends = "default-2013"\nname = "bad"\n[levers.protected_income_grid]\n'
        "bands = { value = [ { up_to_weekly_income = inf, discount = { single = 1.0, couple = 1.0,"
        ' family_one_child = 1.0, family_two_or_more_children = 1.0 } } ], source = "test" }\n'
    )
    with pytest.raises(InvalidInputError, match="protected_income_grid needs an income_grid"):
        scheme_from_toml(text, "bad.toml")


def test_broken_toml_and_unknown_parent_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="valid TOML"):
        scheme_from_toml("name = ", "broken.toml")
    with pytest.raises(InvalidInputError) as caught:
        scheme_from_toml('extends = "nowhere-2013"', "orphan.toml")
    assert caught.value.problems[0].field == "extends"
    assert "working-age-2026" in caught.value.problems[0].expected  # the bases are offered too
    # Too many bundled schemes to list: the message says where to find them.
    with pytest.raises(InvalidInputError, match="townhall tax schemes"):
        load_scheme("no-such-scheme")
    # A near miss is named.
    with pytest.raises(InvalidInputError, match="birmingham-2013"):
        load_scheme("birmingam-2013")


def test_income_grid_must_be_complete_rising_and_open_ended() -> None:
    grid = (
        'extends = "default-2013"\nname = "grid"\n[levers.income_grid]\n'
        "bands = { value = [ { up_to_weekly_income = 100.0, discount = { single = 1.0 } } ], "
        'source = "test" }\n'
    )
    with pytest.raises(InvalidInputError) as caught:
        scheme_from_toml(grid, "grid.toml")
    assert "open-ended" in str(caught.value) or "lacks" in str(caught.value)


BAD_FILE = (
    'extends = "default-2013"\nname = "bad"\n'
    "[council]\n"
    'name = "Kingstn upon Thames"\n'  # no such authority
    'ons_code = "E09000099"\n'  # no such code
    "band_d_yearly = 1500.0\n"  # a bare number: no source
    "[levers]\n"
    'minimum_contribution = { value = "a fifth", source = "Option B" }\n'  # a type error
    'mimimum_award_weekly = { value = 1.0, source = "misspelt" }\n'  # an unknown lever
    "[working_age]\n"
    "taper = { value = 0.2 }\n"  # no source
)


def test_validate_lists_every_kind_of_problem_at_once_by_key_path(tmp_path: Path) -> None:
    from townhall.tax.authorities.scheme_checks import checked_scheme

    path = tmp_path / "bad.toml"
    path.write_text(BAD_FILE)
    with pytest.raises(InvalidInputError) as caught:
        checked_scheme(path)
    found = {problem.field: problem for problem in caught.value.problems}
    assert all(problem.source == str(path) for problem in caught.value.problems)
    assert "did you mean Kingston upon Thames" in found["council.name"].expected
    assert found["council.ons_code"].value == "E09000099"
    assert "did you mean E09000021" in found["council.ons_code"].expected  # by the nearest name
    assert "not a bare value" in found["council.band_d_yearly"].expected
    assert "source" in found["council.band_d_yearly"].expected
    assert "number" in found["levers.minimum_contribution.value"].expected
    assert "did you mean minimum_award_weekly?" in found["levers.mimimum_award_weekly"].expected
    assert "where the figure comes from" in found["working_age.taper.source"].expected
    assert len(caught.value.problems) == 6


def test_validate_command_exits_non_zero_naming_the_file_and_keys(
    tmp_path: Path, console_width: Callable[[int], None]
) -> None:
    console_width(250)
    from typer.testing import CliRunner

    from townhall.cli import app

    path = tmp_path / "bad.toml"
    path.write_text(BAD_FILE)
    result = CliRunner().invoke(app, ["tax", "validate", str(path)], env={"COLUMNS": "250"})
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "6 problems found" in result.output and "bad.toml" in result.output
    for key in ("council.name", "council.ons_code", "levers.mimimum_award_weekly"):
        assert key in result.output
    good = CliRunner().invoke(app, ["tax", "validate", "merton-2026"])
    assert good.exit_code == 0 and "valid scheme" in good.output


def test_a_code_and_a_name_of_different_councils_are_refused() -> None:
    from townhall.tax.authorities.scheme_checks import register_problems

    assert register_problems("London Borough of Merton", "E09000024", "f.toml") == []
    (problem,) = register_problems("London Borough of Merton", "E09000021", "f.toml")
    assert problem.field == "council.ons_code"
    assert "Kingston upon Thames" in problem.expected and "E09000024" in problem.expected
    (unknown_code,) = register_problems("Merton", "E09000099", "f.toml")
    assert "did you mean E09000024" in unknown_code.expected


@pytest.mark.parametrize(
    "text",
    [
        "council = 5\n",  # a table that is not one
        'extends = ["default-2013"]\n',  # a parent that is not a name
        'extends = "default-2013"\nname = "x"\nyear = 2026\n',  # a year that is not text
    ],
)
def test_malformed_files_are_problems_never_tracebacks(tmp_path: Path, text: str) -> None:
    from townhall.tax.authorities.scheme_checks import checked_scheme

    path = tmp_path / "odd.toml"
    path.write_text(text)
    with pytest.raises(InvalidInputError):
        checked_scheme(path)


def test_a_file_that_cannot_be_read_is_a_problem(tmp_path: Path) -> None:
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(InvalidInputError, match="UTF-8"):
        load_scheme(binary)
    with pytest.raises(InvalidInputError, match="readable"):
        load_scheme(tmp_path)


@pytest.mark.parametrize("name", bundled_scheme_names())
def test_every_bundled_scheme_names_its_council_as_the_register_does(name: str) -> None:
    from townhall.tax.authorities.scheme_checks import checked_scheme

    assert checked_scheme(name).name == name


def test_a_wrong_code_in_a_file_that_extends_is_checked_against_the_inherited_name(
    tmp_path: Path,
) -> None:
    from townhall.tax.authorities.scheme_checks import checked_scheme

    path = tmp_path / "option.toml"
    path.write_text(
        'extends = "birmingham-2013"\nname = "option"\n[council]\nons_code = "E08000052"\n'
        "[working_age]\ntaper = { value = 0.25 }\n"
    )
    with pytest.raises(InvalidInputError) as caught:
        checked_scheme(path)
    found = {problem.field: problem for problem in caught.value.problems}
    assert set(found) == {"council.ons_code", "working_age.taper.source"}
    assert "did you mean E08000025 (Birmingham City Council" in found["council.ons_code"].expected
