"""The prescribed and default-scheme figures as dated series, each value with its source.

Like OpenFisca's parameters: a series holds the values a figure took, each from the date it came into
force, and names the years for which no sourced figure was found. A scheme names its year, and the
figures in force on its first day fill whatever the scheme file does not state itself
(`figures_in_force`). A year listed as missing gives no figure at all rather than carrying an older
one forward, so a scheme that needs it must state it, with its own source.
"""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

FIGURES_PACKAGE = "townhall.tax.rules.figures"
Rules = Literal["pensioner", "working_age"]
# The scheme years the series cover: the first year of Council Tax Reduction, and the newest year
# whose figures were read. A later year gets no figure from the series (its uprating order is not
# known), so a scheme for it must state its own.
FIRST_YEAR = "2013/14"
LAST_YEAR = "2026/27"
FILES: dict[Rules, str] = {
    "pensioner": "prescribed-pensioner.toml",  # SI 2012/2885 as amended each year
    "working_age": "default-scheme.toml",  # SI 2012/2886 as amended by SI 2012/3085
}


class DatedValue(BaseModel):
    """A figure in force from a date, with where it comes from."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_date: date = Field(alias="from")
    value: Any
    source: str = Field(min_length=3)
    note: str | None = None


class DatedSeries(BaseModel):
    """Every value one figure took, oldest first, and the years whose figure is not known."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str
    unit: str
    note: str | None = None
    values: list[DatedValue]
    # What was looked for and not found, in words; the scheme years ("2017/18") it leaves without
    # a figure; and the last day of a figure the law ended.
    missing: list[str] = Field(default_factory=list)
    unknown_years: list[str] = Field(default_factory=list)
    until: date | None = None

    def in_force(self, on: date, year: str) -> DatedValue | None:
        """The value in force on `on`, unless the scheme year `year` is one with no known figure
        (listed as unknown, or after `LAST_YEAR`)."""
        if year > LAST_YEAR or year in self.unknown_years:
            return None
        if self.until is not None and on > self.until:
            return None
        current = None
        for value in sorted(self.values, key=lambda item: item.from_date):
            if value.from_date <= on:
                current = value
        return current


@cache
def series(rules: Rules) -> dict[str, DatedSeries]:
    """The dated series for pensioners (prescribed) or working age (default scheme), by path."""
    text = resources.files(FIGURES_PACKAGE).joinpath(FILES[rules]).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return {path: DatedSeries.model_validate(item) for path, item in data["series"].items()}


def figures_in_force(rules: Rules, on: date, year: str) -> dict[str, Any]:
    """The figures in force on `on` as scheme data (`{"capital": {"upper_limit": {...}}}`)."""
    tree: dict[str, Any] = {}
    for path, item in series(rules).items():
        found = item.in_force(on, year)
        if found is None:
            continue
        *parents, leaf = path.split(".")
        node = tree
        for parent in parents:
            node = node.setdefault(parent, {})
        sourced = {"value": found.value, "source": found.source}
        if found.note:
            sourced["note"] = found.note
        node[leaf] = sourced
    return tree
