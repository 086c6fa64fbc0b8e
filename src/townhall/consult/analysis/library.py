"""A theme set's training library: answers to the same question labelled earlier, read as
corrections to train on (never as this consultation's own corrections, which win on its answers).

The library is what lets the model read strangers' answers: trained on one writer's answers it
knows one voice; trained on many writers' it reads a new consultation's answers far better before
its officers have corrected more than a few (docs/consult-analysis.md, "The training library").
"""

from __future__ import annotations

from pathlib import Path

from townhall.consult.analysis.inputs import read_table
from townhall.consult.analysis.records import Correction, corrections_from_frame
from townhall.consult.analysis.themeset import ThemeSet
from townhall.problems import read_every


def library_paths(themes: ThemeSet, theme_file: Path) -> list[Path]:
    """The theme set's library files, resolved against the folder of the theme-set file."""
    return [theme_file.parent / name for name in themes.library]


def read_library(paths: list[Path], theme_keys: list[str]) -> list[tuple[Path, list[Correction]]]:
    """Each library file's labelled answers, checked against the theme keys; the problems of every
    file are reported together, and nothing is returned unless all of them read."""
    return read_every(
        paths, lambda path: (path, corrections_from_frame(read_table(path), str(path), theme_keys))
    )


def with_library_resolved(themes: ThemeSet, theme_file: Path) -> ThemeSet:
    """The theme set with its library named by absolute paths, so it can be stored away from its
    file (the web service keeps theme sets in the database) and still find its library."""
    return themes.model_copy(
        update={"library": [str(path.resolve()) for path in library_paths(themes, theme_file)]}
    )


def library_answers(themes: ThemeSet) -> list[Correction]:
    """Every labelled answer of a stored theme set's library (its paths resolved, as
    `with_library_resolved` leaves them), checked against its theme keys."""
    paths = [Path(name) for name in themes.library]
    return [answer for _, answers in read_library(paths, themes.keys) for answer in answers]
