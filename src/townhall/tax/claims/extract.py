"""A council's benefits-system extract as Townhall's caseload: its column names mapped once, the
sheet and header row of a workbook, and dates of birth turned into ages at the scheme year's start.

A mapping file is TOML: `[columns]` maps each of the extract's column names to Townhall's, e.g.
`"Claim Ref" = "claim_id"`. Columns neither Townhall's nor mapped are kept and carried to the
outputs, so results can be joined back to the council's own records.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from townhall.input_tables import parsed_date
from townhall.problems import InvalidInputError, Problem
from townhall.tax.claims.caseload_schema import COLUMN_BY_NAME

BIRTH_DATES = {"claimant_date_of_birth": "claimant_age", "partner_date_of_birth": "partner_age"}


@dataclass(frozen=True)
class ExtractOptions:
    """How to read a council's extract."""

    mapping: Mapping[str, str] = field(default_factory=dict)
    sheet: str | None = None
    header_row: int = 1  # the spreadsheet row that holds the column names
    ages_at: date | None = None  # the scheme year's first day, for ages from dates of birth


def read_mapping(path: Path) -> dict[str, str]:
    """A mapping file's `[columns]`: every problem with it at once."""
    source = str(path)
    if not path.is_file():
        raise InvalidInputError([Problem(source, "file", source, "an existing mapping file")])
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise InvalidInputError(
            [Problem(source, "(file)", path.name, "a text file saved as UTF-8")]
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise InvalidInputError(
            [Problem(source, "(file)", path.name, f"valid TOML: {error}")]
        ) from None
    columns = data.get("columns")
    if not isinstance(columns, dict) or not columns:
        raise InvalidInputError(
            [Problem(source, "columns", "(missing)", 'a [columns] table: "Their name" = "ours"')]
        )
    problems = [
        Problem(source, f"columns.{theirs}", str(ours), "one of Townhall's caseload columns")
        for theirs, ours in columns.items()
        if not isinstance(ours, str) or ours not in COLUMN_BY_NAME
    ]
    if problems:
        raise InvalidInputError(problems)
    return {str(theirs): str(ours) for theirs, ours in columns.items()}


def mapped(frame: pl.DataFrame, mapping: Mapping[str, str], source: str) -> pl.DataFrame:
    """The extract with its columns renamed as the mapping says; a mapped name it lacks is an
    error (the mapping was written for another extract)."""
    absent = [theirs for theirs in mapping if theirs not in frame.columns]
    if absent:
        raise InvalidInputError(
            [
                Problem(source, theirs, "(missing column)", f"a column to map to {mapping[theirs]}")
                for theirs in absent
            ]
        )
    return frame.rename(dict(mapping))


def with_ages(frame: pl.DataFrame, ages_at: date | None, source: str) -> pl.DataFrame:
    """Ages at `ages_at` from dates of birth, where the extract gives dates and not ages; the
    dates stay, checked like any other column."""
    for birth, age in BIRTH_DATES.items():
        if birth not in frame.columns or age in frame.columns:
            continue
        if ages_at is None:
            raise InvalidInputError(
                [Problem(source, birth, "(dates)", "ages, or a scheme year to work them out at")]
            )
        born = parsed_dates(frame.get_column(birth))
        years = ages_at.year - born.dt.year()
        before_birthday = (born.dt.month() > ages_at.month) | (
            (born.dt.month() == ages_at.month) & (born.dt.day() > ages_at.day)
        )
        frame = frame.with_columns((years - before_birthday.cast(pl.Int32)).alias(age))
    return frame


def parsed_dates(values: pl.Series) -> pl.Series:
    """Dates written as 2026-04-01, 01/04/2026 or 01-04-2026 (null where none of these)."""
    if values.dtype in (pl.Date, pl.Datetime):
        return values.cast(pl.Date)
    return pl.select(parsed_date(pl.lit(values.cast(pl.String)))).to_series()
