"""Tables read from users' CSV and Excel files, tidied the same way for every reader: the forms
Excel and case-management systems write that mean one thing are accepted (column names in any case
or with spaces around them, blank rows at the end, money as "£1,234.50", flags as Yes/No, dates as
06/12/2026, with or without a time of 00:00); forms that could be misread are refused as Problems
naming file, row and field (a blank row between rows of data once, not once per column).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from townhall.problems import Problem

SAVE_AS_COMMA_CSV = "values separated by commas: in Excel, Save As 'CSV UTF-8 (Comma delimited)'"
MAX_PROBLEMS = 1000
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")
# A time after a date, as Excel and case-management systems write a date ("2013-01-01 00:00:00");
# midnight is the date alone, any other time is a moment, not a date.
_MIDNIGHT = r"[ T]00:00(:00(\.0+)?)?$"
_TIME_OF_DAY = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
BLANK_ROW = "no blank row between rows of data: delete it or fill it"
# A number as Excel shows it: an optional minus and £, digits with commas only between groups of
# three (so "1.234,50" or "1,2" is refused rather than read as 1.2345 or 12), an optional decimal
# part and exponent.
_NUMBER = r"^\s*-?£?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][-+]?\d+)?\s*$"
_FOUR_DIGIT_YEAR = r"(^\d{4}-)|(\d{4}$)"
FLAG_TRUE = ("true", "t", "yes", "y", "1", "1.0")
FLAG_FALSE = ("false", "f", "no", "n", "0", "0.0", "")
_DUPLICATED = re.compile(r"^(.*)_duplicated_\d+$")  # how polars names a repeated column


def tidied(
    frame: pl.DataFrame, source: str, known: Iterable[str] = ()
) -> tuple[pl.DataFrame, list[Problem]]:
    """The frame with spaces trimmed from column names, names matching a `known` one in any case
    renamed to it, and blank rows at the end dropped; and the problems no tidying can settle: a
    column repeated, a file separated by semicolons or tabs rather than commas, or a blank row
    between rows of data (one problem for the row; in a file of one column a blank cell is a value
    left empty, for its reader to judge)."""
    problems: list[Problem] = []
    if frame.width == 1 and (separator := _other_separator(frame.columns[0])):
        problems.append(
            Problem(
                source, "(columns)", frame.columns[0][:60], f"{SAVE_AS_COMMA_CSV} ({separator})"
            )
        )
    wanted = {name.lower(): name for name in known}
    names: list[str] = []
    for column in frame.columns:
        repeat = _DUPLICATED.match(column)
        name = column.strip() if repeat is None else repeat.group(1).strip()
        name = wanted.get(name.lower(), name)
        if repeat is not None or name in names:
            problems.append(
                Problem(source, name, "(column repeated)", "each column once: delete the repeat")
            )
        names.append(name if name not in names else column)
    frame = _without_trailing_blank_rows(frame.rename(dict(zip(frame.columns, names, strict=True))))
    if frame.width > 1:
        problems.extend(
            Problem(source, "(row)", "(blank)", BLANK_ROW, row=int(row) + 2)
            for row in _blank(frame).arg_true()[:MAX_PROBLEMS]
        )
    return frame, problems


def _other_separator(header: str) -> str | None:
    """How a one-column header is separated, if by semicolons or tabs."""
    if "\t" in header:
        return "this file is separated by tabs"
    if ";" in header:
        return "this file is separated by semicolons"
    return None


def _without_trailing_blank_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame less the rows at its end whose every cell is empty (what Excel leaves after a
    deleted row); a blank row between rows of data is kept, for `tidied` to report."""
    if frame.height == 0 or frame.width == 0:
        return frame
    filled = _blank(frame).not_().arg_true()
    last = int(filled[-1]) + 1 if filled.len() else 0
    return frame.head(last)


def _blank(frame: pl.DataFrame) -> pl.Series:
    """True for each row whose every cell is empty or spaces (the frame has columns)."""
    empty = pl.all().cast(pl.String).str.strip_chars().fill_null("").eq("")
    return frame.select(pl.all_horizontal(empty).alias("blank")).to_series()


def parsed_number(text: pl.Expr) -> pl.Expr:
    """Text as a finite number, or null: '£1,234.50', ' 12.5 ', '1,234', '1e3' and '-0' are
    numbers; '1.234,50', 'NaN', 'inf', '24%' and '(12.50)' are not. One pass of each: the
    pattern is checked on the text as given (spaces allowed around it)."""
    number = text.str.replace_all(r"£|,|\s", "").cast(pl.Float64, strict=False)
    return pl.when(text.str.contains(_NUMBER) & number.is_finite()).then(number)


def parsed_flag(text: pl.Expr) -> pl.Expr:
    """Text as true or false ('Yes', 'N', 'TRUE', '1', any case, blank is null), else null."""
    mapping = {**dict.fromkeys(FLAG_TRUE, True), **dict.fromkeys(FLAG_FALSE, False)}
    return (
        text.str.strip_chars()
        .str.to_lowercase()
        .replace_strict(mapping, default=None, return_dtype=pl.Boolean)
    )


def parsed_date(text: pl.Expr) -> pl.Expr:
    """Text as a date: 2026-12-06, 06/12/2026 or 06-12-2026 (day first, as in the UK), with a
    four-digit year (a two-digit one is refused, not guessed), alone or with a time of 00:00 or
    00:00:00 (as Excel writes a date); else null (so a date with another time of day)."""
    trimmed = text.str.strip_chars().str.replace(_MIDNIGHT, "")
    date = pl.coalesce([trimmed.str.to_date(fmt, strict=False) for fmt in DATE_FORMATS])
    return pl.when(trimmed.str.contains(_FOUR_DIGIT_YEAR)).then(date)


def date_expected(value: str | None, expected: str) -> str:
    """What a refused date cell should hold: `expected`, saying why when the cell is a date with a
    time of day other than midnight (a moment, which no one date stands for)."""
    given = (value or "").strip()
    if not _TIME_OF_DAY.search(given) or re.search(_MIDNIGHT, given):
        return expected
    return f"{expected}: a date alone, not a date and time (a time of 00:00 is read as the date)"


def ragged_rows(path: Path) -> list[Problem]:
    """A Problem for each row of a CSV file with more cells than its header (most often a comma
    in an answer that is not in quotes), numbered as a spreadsheet shows them."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = csv.reader(handle)
            width = len(next(rows, []))
            return [
                Problem(
                    str(path),
                    "(row)",
                    f"{len(cells)} cells",
                    f"at most {width} cells, as the header has: put text holding a comma "
                    'in double quotes ("like, this")',
                    row=number,
                )
                for number, cells in enumerate(rows, start=2)
                if len(cells) > width
            ][:MAX_PROBLEMS]
    except (OSError, UnicodeDecodeError, csv.Error):
        return []
