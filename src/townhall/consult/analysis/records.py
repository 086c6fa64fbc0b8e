"""Officers' readings of answers: labelled answers and corrections, and reading them from tables.

A correction is an officer's full reading of one answer: the themes that apply (all of them, so
a theme left out is a theme corrected away) and, optionally, its stance. The labelled data set has
the same shape, which is how the accuracy command simulates curation honestly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

import polars as pl

from townhall.input_tables import tidied
from townhall.problems import InvalidInputError, Problem

Stance = Literal["supports", "opposes", "mixed", "unclear"]
STANCES: tuple[Stance, ...] = get_args(Stance)


@dataclass(frozen=True)
class Correction:
    """An officer's reading of one answer: its themes (None: not read) and stance (None: not set)."""

    answer_id: str
    text: str
    themes: frozenset[str] | None
    stance: Stance | None


def split_themes(cell: str | None) -> frozenset[str]:
    """The theme keys in a cell such as 'hardship; Pensioners' (blank: no theme); keys are lower
    case, so an officer's 'Pensioners' can only mean 'pensioners'."""
    return frozenset(part.strip().lower() for part in (cell or "").split(";") if part.strip())


def corrections_from_frame(
    frame: pl.DataFrame,
    source: str,
    theme_keys: list[str],
    texts: dict[str, str] | None = None,
) -> list[Correction]:
    """Corrections from a table with `id` and `themes` and/or `stance` (and `text` if no `texts`).

    `texts` maps answer ids to the answers' texts, when the corrections refer to a separate file.
    """
    frame, problems = tidied(frame, source, ("id", "text", "themes", "stance"))
    needed = ["id"] + ([] if texts is not None else ["text"])
    for name in needed:
        if name not in frame.columns:
            problems.append(Problem(source, "column", name, "a column of this name"))
    if "themes" not in frame.columns and "stance" not in frame.columns:
        problems.append(Problem(source, "column", "themes/stance", "a themes or stance column"))
    if problems:
        raise InvalidInputError(problems)
    known = set(theme_keys)
    corrections = []
    first_row: dict[str, int] = {}
    for index, row in enumerate(frame.iter_rows(named=True)):
        row_number = index + 2
        answer_id = str(row["id"] or "").strip()
        if answer_id in first_row:
            problems.append(
                Problem(
                    source,
                    "id",
                    answer_id,
                    f"an id read once (it is also on row {first_row[answer_id]})",
                    row=row_number,
                )
            )
        first_row.setdefault(answer_id, row_number)
        text = row.get("text") if texts is None else texts.get(answer_id)
        if text is None:
            problems.append(
                Problem(source, "id", answer_id, "an id in the answers file", row=row_number)
            )
            continue
        themes = split_themes(row["themes"]) if "themes" in frame.columns else None
        for key in sorted((themes or frozenset()) - known):
            problems.append(
                Problem(source, "themes", key, f"one of {', '.join(theme_keys)}", row=row_number)
            )
        stance_cell = (row.get("stance") or "").strip().lower()
        if stance_cell and stance_cell not in STANCES:
            problems.append(
                Problem(
                    source,
                    "stance",
                    stance_cell,
                    f"one of {', '.join(STANCES)} or blank",
                    row=row_number,
                )
            )
        stance = next((s for s in STANCES if s == stance_cell), None)
        corrections.append(Correction(answer_id, text, themes, stance))
    if problems:
        raise InvalidInputError(problems)
    return corrections


CORRECTION_MARKS = frozenset({"yes", "y", "true", "1"})
"""How a row of a labelled set says it plays an officers' correction (column `correction`)."""


def correction_marks(frame: pl.DataFrame) -> list[bool]:
    """Which rows of a labelled set are marked as officers' corrections (all False without a
    `correction` column)."""
    if "correction" not in frame.columns:
        return [False] * frame.height
    return [str(cell or "").strip().lower() in CORRECTION_MARKS for cell in frame["correction"]]


def corrections_frame(corrections: list[Correction]) -> pl.DataFrame:
    """Corrections as a table (id, text, themes, stance) for saving beside the answers."""
    return pl.DataFrame(
        {
            "id": [c.answer_id for c in corrections],
            "text": [c.text for c in corrections],
            "themes": [";".join(sorted(c.themes or ())) for c in corrections],
            "stance": [c.stance or "" for c in corrections],
        },
        schema={"id": pl.String, "text": pl.String, "themes": pl.String, "stance": pl.String},
    )


def remap_corrections(
    corrections: list[Correction], mapping: dict[str, str | None]
) -> list[Correction]:
    """Corrections after curation: merged or renamed theme keys mapped, deleted ones (None) dropped.

    A split theme has no single successor; its key should be mapped to None and the answers
    corrected again under the new themes.
    """
    remapped = []
    for correction in corrections:
        themes = correction.themes
        if themes is not None:
            themes = frozenset(new for key in themes if (new := mapping.get(key, key)) is not None)
        remapped.append(
            Correction(correction.answer_id, correction.text, themes, correction.stance)
        )
    return remapped
