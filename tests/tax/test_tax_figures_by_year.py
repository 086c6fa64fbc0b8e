"""docs/tax.md's "Figures by year" tables match the dated series, and the series keep their own
rules: each value sourced, values in date order, an unknown year never given a figure."""

from __future__ import annotations

from datetime import date

import pytest
from figures_by_year import DOC, YEARS, pensioner_table, rewritten, working_age_table

from townhall.tax.rules.dated import Rules, figures_in_force, series


def test_the_docs_tables_are_the_series_as_they_stand() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert pensioner_table() in text, "regenerate: python tests/tax/figures_by_year.py"
    assert working_age_table() in text, "regenerate: python tests/tax/figures_by_year.py"
    assert rewritten(text) == text


@pytest.mark.parametrize("rules", ["pensioner", "working_age"])
def test_each_series_is_in_date_order_and_names_only_scheme_years(rules: Rules) -> None:
    for path, item in series(rules).items():
        starts = [value.from_date for value in item.values]
        assert starts == sorted(starts) and len(set(starts)) == len(starts), path
        assert set(item.unknown_years) <= set(YEARS), path


@pytest.mark.parametrize("rules", ["pensioner", "working_age"])
def test_an_unknown_year_has_no_figure(rules: Rules) -> None:
    for year in YEARS:
        start = date(int(year[:4]), 4, 1)
        figures = figures_in_force(rules, start, year)
        for path, item in series(rules).items():
            *parents, leaf = path.split(".")
            node = figures
            for parent in parents:
                node = node.get(parent, {})
            if year in item.unknown_years:
                assert leaf not in node, f"{path} {year}"


def test_pensioner_figures_for_2024_25() -> None:
    """2024/25 (Gateshead's 2024/25 scheme reproducing SI 2012/2885 as amended by SI 2024/29):
    £235.20 / £352.00 before April 2021, £218.15 / £332.95 after, £83.24 a child; second adult
    rebate below £265 15%, below £344 7.5%."""
    figures = figures_in_force("pensioner", date(2024, 4, 1), "2024/25")
    amounts = {key: item["value"] for key, item in figures["applicable_amounts"].items()}
    assert amounts["single_weekly"] == 235.20
    assert amounts["couple_weekly"] == 352.00
    assert amounts["single_pension_age_from_april_2021_weekly"] == 218.15
    assert amounts["couple_pension_age_from_april_2021_weekly"] == 332.95
    assert amounts["child_weekly"] == 83.24
    bands = figures["second_adult_rebate"]["bands"]["value"]
    assert [(band["below_gross_weekly_income"], band["rate"]) for band in bands] == [
        (265.0, 0.15),
        (344.0, 0.075),
    ]
