"""Shared fixtures: the hand-labelled Council Tax Support answers and their curated theme set."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import polars as pl
import pytest

from townhall.consult.analysis.records import Correction, corrections_from_frame
from townhall.consult.analysis.themeset import ThemeSet, load_theme_set

DATA = Path(__file__).parents[2] / "data" / "consult"


@pytest.fixture(scope="session")
def cts_themes() -> ThemeSet:
    return load_theme_set(DATA / "cts-themes.toml")


@pytest.fixture(scope="session")
def cts_labelled(cts_themes: ThemeSet) -> list[Correction]:
    frame = pl.read_csv(DATA / "cts-answers-labelled.csv", infer_schema_length=0)
    return corrections_from_frame(frame, "labelled", cts_themes.keys)


LabelledSet = tuple[list[Correction], list[bool]]


@pytest.fixture(scope="session")
def read_set(cts_themes: ThemeSet) -> Callable[[Path], LabelledSet]:
    """Reads a labelled set once per session: its answers, and which rows are marked as
    officers' corrections (none in a set without a `correction` column)."""

    @cache
    def read(path: Path) -> LabelledSet:
        frame = pl.read_csv(path, infer_schema_length=0)
        marks = (
            [str(cell or "").strip() == "yes" for cell in frame["correction"]]
            if "correction" in frame.columns
            else [False] * frame.height
        )
        return corrections_from_frame(frame, path.name, cts_themes.keys), marks

    return read
