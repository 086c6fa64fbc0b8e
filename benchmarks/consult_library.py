"""The training library measured set by set: each development set left out of its own training.

Every set in the bundled theme set's library is scored as `townhall consult analysis accuracy`
scores it (a set with a `correction` column as `--independent`: its marked rows are the
consultation's corrections and the rest are scored; the fresh set as `--test`), trained on the
rest of the library. `--held-out` also scores the held-out second and fourth sets once, trained on
the whole library; `--without NAME` (repeatable) measures a smaller library, to see what a set adds.
This is how docs/consult-analysis.md's per-set table is made. About 40 s a set on two cores.

Run: .venv/bin/python benchmarks/consult_library.py [--held-out] [--without NAME ...]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import polars as pl
from rich.progress import track

from townhall.consult.analysis.evaluation import independent_evaluation, test_set_evaluation
from townhall.consult.analysis.library import library_paths, read_library
from townhall.consult.analysis.records import Correction, correction_marks
from townhall.consult.analysis.themeset import ThemeSet, load_theme_set

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "consult"
THEMES = DATA / "cts-themes.toml"
HELD_OUT = ("cts-answers-independent-2.csv", "cts-answers-independent-4.csv")


def marks(path: Path) -> list[bool] | None:
    """Which rows of a set are the consultation's corrections (None: a set without the column)."""
    frame = pl.read_csv(path, infer_schema_length=0)
    if "correction" not in frame.columns:
        return None
    return correction_marks(frame)


def scored(
    path: Path, answers: list[Correction], training: list[Correction], themes: ThemeSet
) -> tuple[float, float]:
    """Theme macro-F1 and stance accuracy of one set, trained on `training`."""
    marked = marks(path)
    if marked is None:
        result = test_set_evaluation(training, answers, themes)
    else:
        result = independent_evaluation(training, answers, marked, themes)
    return result.macro_f1, result.stance_accuracy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--held-out", action="store_true", help="Also score the held-out sets.")
    parser.add_argument("--without", action="append", default=[], help="Leave a set out.")
    options = parser.parse_args()
    themes = load_theme_set(THEMES)
    paths = [p for p in library_paths(themes, THEMES) if p.name not in options.without]
    library = read_library(paths, themes.keys)
    rows = []
    for path, answers in track(library, description="Leaving one set out"):
        training = [a for other, kept in library if other != path for a in kept]
        rows.append((path.name, *scored(path, answers, training, themes)))
    whole = [answer for _, answers in library for answer in answers]
    print(f"\nLibrary: {len(library)} sets, {len(whole):,} answers")
    print("| set | themes | stance |\n|---|---|---|")
    for name, theme_f1, stance in rows:
        print(f"| {name} | {theme_f1:.3f} | {stance:.3f} |")
    count = len(rows)
    print(
        f"| mean of {count} | {sum(r[1] for r in rows) / count:.3f} "
        f"| {sum(r[2] for r in rows) / count:.3f} |"
    )
    if options.held_out:
        for path, answers in read_library([DATA / name for name in HELD_OUT], themes.keys):
            theme_f1, stance = scored(path, answers, whole, themes)
            print(f"| {path.name} (held out) | {theme_f1:.3f} | {stance:.3f} |")


if __name__ == "__main__":
    main()
