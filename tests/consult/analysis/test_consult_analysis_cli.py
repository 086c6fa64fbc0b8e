"""The `consult analysis` commands: each runs on small files, and bad input gives a problem table."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from townhall.cli.consult_analysis import app

DATA = Path(__file__).parents[2] / "data" / "consult"
runner = CliRunner()


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    """The first 120 labelled answers, as an officer's export would hold them."""
    frame = pl.read_csv(DATA / "cts-answers-labelled.csv", infer_schema_length=0).head(120)
    path = tmp_path / "answers.csv"
    frame.select("id", "text").write_csv(path)
    return path


def run(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "160"})
    return result.exit_code, result.output


def test_themes_writes_a_theme_set_to_curate(answers: Path, tmp_path: Path) -> None:
    code, output = run("themes", answers, "--topics", "4", "--out", tmp_path / "themes.toml")
    assert code == 0, output
    assert "4 candidate themes in 120 answers" in output
    assert (tmp_path / "themes.toml").read_text().count("[[themes]]") == 4


def test_assign_with_corrections(answers: Path, tmp_path: Path) -> None:
    corrections = tmp_path / "corrections.csv"
    corrections.write_text("id,themes,stance\n3,consultation_process,unclear\n5,,supports\n")
    out = tmp_path / "assigned.csv"
    code, output = run(
        "assign",
        answers,
        "--themes",
        DATA / "cts-themes.toml",
        "--corrections",
        corrections,
        "--id-column",
        "id",
        "--out",
        out,
        "--no-library",
    )
    assert code == 0, output
    assert "Themes in 120 answers (2 corrections)" in output
    assigned = pl.read_csv(out, infer_schema_length=0)
    assert assigned.columns == [
        "id",
        "text",
        "themes",
        "confidence",
        "certainty",
        "corrected",
        "stance",
        "campaign_group",
    ]
    row3 = assigned.filter(pl.col("id") == "3").row(0, named=True)
    assert (row3["themes"], row3["corrected"], row3["stance"], row3["certainty"]) == (
        "consultation_process",
        "true",
        "unclear",
        "set by an officer",
    )
    words = {"almost certain", "likely", "possible", "set by an officer"}
    for cell in assigned["certainty"].fill_null(""):
        assert set(filter(None, cell.split(";"))) <= words
    row5 = assigned.filter(pl.col("id") == "5").row(0, named=True)
    assert (row5["themes"], row5["stance"]) == ("", "supports")


def test_bad_corrections_are_listed_together(answers: Path, tmp_path: Path) -> None:
    corrections = tmp_path / "corrections.csv"
    corrections.write_text("id,themes,stance\n3,nonsense,unsure\n9999,,\n")
    code, output = run(
        "assign",
        answers,
        "--themes",
        DATA / "cts-themes.toml",
        "--corrections",
        corrections,
        "--id-column",
        "id",
        "--out",
        tmp_path / "out.csv",
    )
    assert code == 1
    assert "3 problems found" in output
    assert "nonsense" in output and "unsure" in output and "9999" in output
    assert not (tmp_path / "out.csv").exists()


def test_duplicates_and_mask(answers: Path, tmp_path: Path) -> None:
    code, output = run(
        "duplicates", answers, "--threshold", "0.8", "--out", tmp_path / "groups.csv"
    )
    assert code == 0, output
    groups = pl.read_csv(tmp_path / "groups.csv")
    assert groups.height == 120
    assert "groups holding" in output
    code, output = run("mask", answers, "--out", tmp_path / "masked.xlsx")
    assert code == 0, output
    masked = pl.read_excel(tmp_path / "masked.xlsx")
    assert masked.height == 120 and "Masked" in output
    original = pl.read_csv(answers)["text"].to_list()
    assert any("@" in text for text in original) == any("[email]" in t for t in masked["text"])
    code, output = run("mask", answers, "--out", answers)
    assert code == 1 and "original must be kept" in output


def test_accuracy_runs_on_a_subset() -> None:
    code, output = run(
        "accuracy", "--limit", "60", "--folds", "2", "--test", DATA / "cts-answers-fresh.csv"
    )
    assert code == 0, output
    assert output.count("Macro-F1:") == 2 and output.count("Stance accuracy:") == 2
    flat = " ".join(output.split())
    assert "2-fold cross-validation over the training library (60 answers)" in flat
    assert (
        "cts-answers-fresh.csv, trained on all of the training library but "
        "cts-answers-fresh.csv (74 answers)"
    ) in flat
    assert "Model: lexical" in flat


def test_accuracy_without_cross_validation_scores_only_the_sets_given() -> None:
    fresh = DATA / "cts-answers-fresh.csv"
    args = ("accuracy", "--limit", "60", "--no-cross-validation", "--lexical")
    code, output = run(*args, "--test", fresh)
    assert code == 0, output
    assert output.count("Macro-F1:") == 1 and "cross-validation over" not in output
    code, output = run(*args)
    assert code == 1 and "nothing to score" in output


@pytest.mark.skipif(
    importlib.util.find_spec("wordllama") is None, reason="the embeddings extra is not installed"
)
def test_fast_uses_the_table_of_token_vectors() -> None:
    fresh = DATA / "cts-answers-fresh.csv"
    args = ("accuracy", "--limit", "60", "--no-cross-validation", "--fast", "--test", fresh)
    code, output = run(*args)
    assert code == 0, output
    assert "Model: lexical + sentence embeddings (WordLlama" in " ".join(output.split())


def test_independent_set_needs_its_correction_column(tmp_path: Path) -> None:
    plain = tmp_path / "plain.csv"
    plain.write_text("id,text,themes,stance\n1,I agree,,supports\n2,No,,opposes\n")
    code, output = run("accuracy", "--limit", "60", "--folds", "2", "--independent", plain)
    assert code == 1 and "no 'correction' column" in output and "plain.csv" in output
    marked = tmp_path / "marked.csv"
    marked.write_text("id,text,themes,stance,correction\n1,I agree,,supports,\n2,No,,opposes,\n")
    code, output = run("accuracy", "--limit", "60", "--folds", "2", "--independent", marked)
    assert code == 1 and "marks 0 of 2 rows" in output


@pytest.mark.parametrize(
    ("content", "args", "expected"),
    [
        (None, [], "an existing CSV or Excel file"),
        ("", [], "a header row naming the columns"),
        ("id,text\n", [], "at least one answer"),
        ("id,answer\n1,hello\n", [], "one of the columns id, answer"),
        ("id,text\n1," + "x" * 20_001 + "\n", [], "at most 20,000 characters"),
        ("id,text\n1,a\n1,b\n", ["--id-column", "id"], "an id used once"),
    ],
)
def test_bad_input_gives_a_problem_table(
    tmp_path: Path, content: str | None, args: list[str], expected: str
) -> None:
    path = tmp_path / "answers.csv"
    if content is not None:
        path.write_text(content)
    code, output = run("duplicates", path, *args)
    assert code == 1
    assert expected in " ".join(output.split())
    assert "Traceback" not in output


def test_groups_from_a_votes_file(tmp_path: Path) -> None:
    rows = ["participant,statement,vote"]
    for person in range(12):
        side = person < 7
        for number, statement in enumerate(
            ["Keep the library open", "Cut the bus subsidy", "Fix potholes"]
        ):
            vote = "agree" if number == 2 or (number == 0) == side else "disagree"
            rows.append(f"p{person},{statement},{vote}")
    path = tmp_path / "votes.csv"
    path.write_text("\n".join(rows) + "\n")
    code, output = run("groups", path, "--chart", tmp_path / "groups.svg")
    assert code == 0, output
    assert "12 participants in 2 groups (Group A: 7, Group B: 5)" in output
    assert "Fix potholes" in output.split("Divisive")[0]
    assert (tmp_path / "groups.svg").read_text().startswith("<svg")
    path.write_text("participant,statement,vote\np1,,maybe\n")
    code, output = run("groups", path)
    assert code == 1 and "2 problems found" in output
