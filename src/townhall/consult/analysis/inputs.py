"""Reading a table of answers (CSV or Excel) and checking it before any analysis runs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from townhall.input_files import check_input_file
from townhall.input_tables import ragged_rows, tidied
from townhall.problems import InvalidInputError, Problem, shorten

MAX_ANSWER_CHARS = 20_000
"""The longest answer accepted: about eight pages of text; longer is a pasted document."""

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")
READABLE = "a readable CSV (UTF-8) or Excel file"


@dataclass(frozen=True)
class AnswerTable:
    """The answers of one open question: ids (from a column or the row numbers) and texts."""

    source: str
    ids: list[str]
    texts: list[str]
    frame: pl.DataFrame


def read_table(path: Path) -> pl.DataFrame:
    """A CSV or Excel file as a frame of text columns; a clear problem if it cannot be read."""
    source = str(path)
    check_input_file(path, "an existing CSV or Excel file")
    try:
        if path.suffix.lower() in EXCEL_SUFFIXES:
            frame = pl.read_excel(path, infer_schema_length=0, drop_empty_rows=False)
        else:
            frame = pl.read_csv(path, infer_schema_length=0, encoding="utf8-lossy")
    except (pl.exceptions.PolarsError, OSError, ValueError) as error:
        raise InvalidInputError(
            ragged_rows(path) or [Problem(source, "file", shorten(error, 120), READABLE)]
        ) from None
    frame, problems = tidied(frame.with_columns(pl.all().cast(pl.String)), source)
    if problems:
        raise InvalidInputError(problems)
    return frame


def answer_table(
    frame: pl.DataFrame,
    source: str,
    column: str,
    id_column: str | None = None,
    max_chars: int = MAX_ANSWER_CHARS,
) -> AnswerTable:
    """The ids and texts of the answers in `column`, after checking every row in one pass.

    Row numbers in problems are those a spreadsheet shows (the header is row 1).
    """
    frame, problems = tidied(frame, source, [name for name in (column, id_column) if name])
    for name in (column, id_column):
        if name is not None and name not in frame.columns:
            problems.append(
                Problem(source, "column", name, f"one of the columns {', '.join(frame.columns)}")
            )
    if frame.height == 0:
        problems.append(Problem(source, "rows", "0", "at least one answer"))
    if problems:
        raise InvalidInputError(problems)
    texts = [text or "" for text in frame[column].to_list()]
    for index, text in enumerate(texts):
        if len(text) > max_chars:
            problems.append(
                Problem(
                    source,
                    column,
                    f"{len(text):,} characters",
                    f"at most {max_chars:,} characters",
                    row=index + 2,
                )
            )
    if id_column is None:
        ids = [str(index + 1) for index in range(len(texts))]
    else:
        ids = [value or "" for value in frame[id_column].to_list()]
        seen: set[str] = set()
        for index, value in enumerate(ids):
            if not value or value in seen:
                expected = "a value" if not value else "an id used once"
                problems.append(Problem(source, id_column, value, expected, row=index + 2))
            seen.add(value)
    if problems:
        raise InvalidInputError(problems)
    return AnswerTable(source=source, ids=ids, texts=texts, frame=frame)
