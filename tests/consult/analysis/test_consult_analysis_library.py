"""The training library: every labelled set of the CTS question but the held-out ones (issue 17).

The theme set names it (`library`); `assign` trains on it beside the officers' corrections, and
`accuracy` by default, leaving out any set it scores, so no answer marks itself. The
thresholds on the fifth set (development) are what leave-one-set-out measured when the library was
adopted (themes 0.828, stance 0.762 with sets 1-14), less a margin; the held-out sets are checked for
shape only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from townhall.cli import consult_analysis
from townhall.cli.consult_analysis import _training_without
from townhall.consult.analysis.evaluation import independent_evaluation
from townhall.consult.analysis.library import (
    library_answers,
    library_paths,
    read_library,
    with_library_resolved,
)
from townhall.consult.analysis.records import Correction
from townhall.consult.analysis.stance import STANCES
from townhall.consult.analysis.themeset import ThemeSet, load_theme_set, theme_set_toml
from townhall.problems import InvalidInputError

DATA = Path(__file__).parents[2] / "data" / "consult"
THEMES = DATA / "cts-themes.toml"
HELD_OUT = ("cts-answers-independent-2.csv", "cts-answers-independent-4.csv")
"""Never trained on nor used to choose a method: scored only, for honest figures."""


def training_library() -> list[Path]:
    """The bundled theme set's library, as `assign` and `accuracy` read it."""
    return library_paths(load_theme_set(THEMES), THEMES)


ReadSet = Callable[[Path], tuple[list[Correction], list[bool]]]


def test_library_is_every_set_but_the_held_out_ones_labelled_first() -> None:
    names = [path.name for path in training_library()]
    assert names[:3] == [
        "cts-answers-labelled.csv",
        "cts-answers-fresh.csv",
        "cts-answers-independent.csv",
    ]
    assert not set(HELD_OUT) & set(names)
    on_disk = {path.name for path in DATA.glob("cts-answers-*.csv")}
    assert set(names) == on_disk - set(HELD_OUT)
    assert len(names) >= 14


def test_every_set_is_labelled_by_the_guide_with_ids_of_its_own(read_set: ReadSet) -> None:
    seen: dict[str, str] = {}
    for path in sorted(DATA.glob("cts-answers-*.csv")):
        answers, marks = read_set(path)
        if path.stem.rsplit("-", 1)[-1].isdigit() and int(path.stem.rsplit("-", 1)[-1]) >= 5:
            assert (len(answers), sum(marks)) == (240, 80), path.name
            assert all(marks[::3]) and not any(marks[1::3] + marks[2::3]), path.name
            assert {a.stance for a in answers} == set(STANCES), path.name
        for answer in answers:
            assert seen.setdefault(answer.answer_id, path.name) == path.name, answer.answer_id


def test_a_scored_set_is_left_out_of_its_own_training(read_set: ReadSet) -> None:
    library = [(path, read_set(path)[0]) for path in training_library()]
    scored = DATA / "cts-answers-independent-5.csv"
    kept, described = _training_without(library, scored, None, "the training library")
    assert described == "the training library but cts-answers-independent-5.csv"
    assert len(kept) == sum(len(a) for _, a in library) - 240
    own = {answer.answer_id for answer in read_set(scored)[0]}
    assert not own & {answer.answer_id for answer in kept}
    held, named = _training_without(library, DATA / HELD_OUT[1], 100, "the training library")
    assert (len(held), named) == (100, "the training library")


def test_without_a_library_accuracy_asks_for_data(tmp_path: Path) -> None:
    bare = tmp_path / "themes.toml"
    bare.write_text(theme_set_toml(load_theme_set(THEMES).model_copy(update={"library": []})))
    assert "library" not in bare.read_text()
    result = CliRunner().invoke(
        consult_analysis.app, ["accuracy", "--themes", str(bare)], env={"COLUMNS": "300"}
    )
    assert result.exit_code == 1
    assert "names no library" in result.output and "--data FILE" in result.output


def test_the_library_is_read_whole_or_not_at_all(tmp_path: Path) -> None:
    """A missing file and a label the theme set does not know are both reported, in one pass."""
    keys = load_theme_set(THEMES).keys
    odd = tmp_path / "odd.csv"
    odd.write_text("id,text,themes,stance\n1,Too dear,hardship;parking,opposes\n")
    with pytest.raises(InvalidInputError) as error:
        read_library([tmp_path / "gone.csv", odd], keys)
    where = {(problem.source, problem.field, problem.value) for problem in error.value.problems}
    assert (str(odd), "themes", "parking") in where
    assert any(source == str(tmp_path / "gone.csv") for source, _, _ in where)


def test_assign_trains_on_the_library_beside_the_corrections(tmp_path: Path) -> None:
    """With a library of 60 labelled answers, assign says so; --no-library leaves it out; an
    answer an officer corrected keeps the officer's reading either way."""
    labelled = (DATA / "cts-answers-labelled.csv").read_text().splitlines()
    (tmp_path / "earlier.csv").write_text("\n".join(labelled[:61]) + "\n")
    themes = tmp_path / "themes.toml"
    curated = load_theme_set(THEMES).model_copy(update={"library": ["earlier.csv"]})
    themes.write_text(theme_set_toml(curated))
    answers = tmp_path / "answers.csv"
    answers.write_text("id,text\nA,I can't afford another bill\nB,Fine by me\n")
    corrections = tmp_path / "corrections.csv"
    corrections.write_text("id,themes,stance\nB,,supports\n")
    outputs = []
    for extra in ([], ["--no-library"]):
        out = tmp_path / f"out{len(extra)}.csv"
        command = ["assign", str(answers), "--themes", str(themes), "--id-column", "id"]
        command += ["--corrections", str(corrections), "--out", str(out), "--lexical", *extra]
        result = CliRunner().invoke(consult_analysis.app, command, env={"COLUMNS": "300"})
        assert result.exit_code == 0, result.output
        outputs.append(" ".join(result.output.split()))
        corrected = pl.read_csv(out, infer_schema_length=0).row(1, named=True)
        assert (corrected["id"], corrected["themes"], corrected["stance"]) == ("B", "", "supports")
        assert corrected["corrected"] == "true"
    assert "Trained on 60 labelled answers of the theme set's library (1 file)" in outputs[0]
    assert "library" not in outputs[1]


@pytest.mark.slow
def test_the_library_carries_themes_and_stance_to_a_new_writer(
    cts_themes: ThemeSet, read_set: ReadSet
) -> None:
    library = [(path, read_set(path)[0]) for path in training_library()]
    scored = DATA / "cts-answers-independent-5.csv"
    training, _ = _training_without(library, scored, None, "")
    answers, marks = read_set(scored)
    result = independent_evaluation(training, answers, marks, cts_themes)
    assert result.answers == 160
    assert result.macro_f1 >= 0.78
    assert result.stance_accuracy >= 0.72


def test_a_resolved_library_is_found_from_anywhere() -> None:
    """Stored away from its file (as the web service stores it), the set still finds its answers."""
    resolved = with_library_resolved(load_theme_set(THEMES), THEMES)
    assert all(Path(name).is_absolute() for name in resolved.library)
    themes = load_theme_set(THEMES)
    relative = [
        a for _, read in read_library(library_paths(themes, THEMES), themes.keys) for a in read
    ]
    assert [a.answer_id for a in library_answers(resolved)] == [a.answer_id for a in relative]
    assert len(relative) == 5_776
