"""The "Figures by year" tables of docs/tax.md, rendered from the dated series.

`python tests/tax/figures_by_year.py` rewrites the two tables in docs/tax.md in place;
test_tax_figures_by_year checks the document matches.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from townhall.tax.rules.dated import DatedSeries, Rules, series

DOC = Path(__file__).parents[2] / "docs/tax.md"
YEARS = [f"{start}/{(start + 1) % 100:02d}" for start in range(2013, 2027)]
NONE = "–"


def _start(year: str) -> date:
    return date(int(year[:4]), 4, 1)


def _cell(item: DatedSeries, value: Any, *, money_decimals: bool) -> str:
    """One figure as the pensioner table shows it: money to the penny, shares and bands plain."""
    if value is True or value is False:
        return "yes" if value else "no"
    if isinstance(value, list) and "deduction_weekly" in value[0]:
        return "/".join(f"{band['deduction_weekly']:g}" for band in value)
    if isinstance(value, list):
        return "/".join(f"{band['below_gross_weekly_income']:.2f}" for band in value)
    if money_decimals and item.unit == "£":
        return f"{value:,.2f}"
    if money_decimals and item.unit.startswith("£"):
        return f"{value:.2f}"
    return f"{value:g}"


def _in_force(item: DatedSeries, year: str) -> Any:
    found = item.in_force(_start(year), year)
    return None if found is None else found.value


def pensioner_table() -> str:
    """Every pensioner series by scheme year, "–" where no figure is known."""
    head = "| series | " + " | ".join(year[2:] for year in YEARS) + " |"
    rule = "| --- |" + " --- |" * len(YEARS)
    rows = []
    for path, item in series("pensioner").items():
        cells = []
        for year in YEARS:
            value = _in_force(item, year)
            cells.append(NONE if value is None else _cell(item, value, money_decimals=True))
        rows.append(f"| `{path}` | " + " | ".join(cells) + " |")
    return "\n".join([head, rule, *rows])


def _working_age_figure(value: Any) -> str:
    if isinstance(value, list) and value and "deduction_weekly" in value[0]:
        return "/".join(
            f"{band['deduction_weekly']:g} from £{band['from_gross_weekly_income']:g}"
            for band in value
        )
    return _cell(DatedSeries(label="", unit="", values=[]), value, money_decimals=False)


def working_age_table(rules: Rules = "working_age") -> str:
    """Each working-age series: its figure and the run of years it holds (or none known)."""
    rows = ["| series | figure | years |", "| --- | --- | --- |"]
    for path, item in series(rules).items():
        runs: list[tuple[Any, list[str]]] = []
        for year in YEARS:
            value = _in_force(item, year)
            if runs and runs[-1][0] == value:
                runs[-1][1].append(year)
            else:
                runs.append((value, [year]))
        known = [(value, years) for value, years in runs if value is not None]
        if not known:
            rows.append(f"| `{path}` | {NONE} | none known |")
        for value, years in known:
            span = "every year" if len(years) == len(YEARS) else "from"
            rows.append(
                f"| `{path}` | {_working_age_figure(value)} | {span} {years[0]} to {years[-1]} |"
            )
    return "\n".join(rows)


PENSIONER_INTRO = "below which 15% and then 7.5% is given):\n\n"
WORKING_AGE_INTRO = "The working-age (default scheme) figures:\n\n"


def rewritten(text: str) -> str:
    """docs/tax.md with both tables replaced by freshly rendered ones."""
    for intro, table in (
        (PENSIONER_INTRO, pensioner_table()),
        (WORKING_AGE_INTRO, working_age_table()),
    ):
        start = text.index(intro) + len(intro)
        end = text.find("\n\n", start)
        end = len(text.rstrip("\n")) if end == -1 else end
        text = text[:start] + table + text[end:]
    return text


if __name__ == "__main__":
    DOC.write_text(rewritten(DOC.read_text(encoding="utf-8")), encoding="utf-8")
    sys.stdout.write(f"rewrote the figures-by-year tables in {DOC}\n")
