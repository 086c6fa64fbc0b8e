"""The training library: every labelled set of the CTS question but the held-out ones (issue 17).

`accuracy` trains on it by default, leaving out any set it scores, so no answer marks itself. The
thresholds on the fifth set (development) are what leave-one-set-out measured when the library was
adopted (themes 0.828, stance 0.762 with sets 1-14), less a margin; the held-out sets are checked for
shape only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from townhall.cli import consult_analysis
from townhall.cli.consult_analysis import HELD_OUT, _training_without, training_library
from townhall.consult.analysis.evaluation import independent_evaluation
from townhall.consult.analysis.records import Correction
from townhall.consult.analysis.stance import STANCES
from townhall.consult.analysis.themeset import ThemeSet

DATA = Path(__file__).parents[2] / "data" / "consult"


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


def test_without_the_library_accuracy_asks_for_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(consult_analysis, "LABELLED", tmp_path)
    themes = DATA / "cts-themes.toml"
    result = CliRunner().invoke(
        consult_analysis.app, ["accuracy", "--themes", str(themes)], env={"COLUMNS": "300"}
    )
    assert result.exit_code == 1
    assert "No labelled sets in" in result.output and "--data FILE" in result.output


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
