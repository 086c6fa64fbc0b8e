"""The curated theme set: TOML round trip, curation operations, and every problem reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from townhall.consult.analysis.themeset import (
    Theme,
    ThemeSet,
    add_theme,
    delete_theme,
    load_theme_set,
    merge_themes,
    rename_theme,
    split_theme,
    theme_set_toml,
)
from townhall.problems import InvalidInputError


def small() -> ThemeSet:
    return ThemeSet(
        themes=[
            Theme(key="cost", label="Cost", seed_terms=["afford"], examples=["I can't afford it"]),
            Theme(key="bailiffs", label="Bailiffs", seed_terms=["bailiffs", "court"]),
            Theme(key="waste", label="Waste", seed_terms=["waste"]),
        ]
    )


def test_bundled_theme_set_loads(cts_themes: ThemeSet) -> None:
    assert len(cts_themes.keys) == 11
    assert cts_themes.theme("pensioners").label.startswith("Pensioners")


def test_toml_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "themes.toml"
    path.write_text(theme_set_toml(small()))
    assert load_theme_set(path) == small()


def test_rename_merge_split_delete_add() -> None:
    themes = rename_theme(small(), "cost", "Affordability", new_key="afford")
    assert themes.keys == ["afford", "bailiffs", "waste"]
    assert themes.theme("afford").seed_terms == ["afford"]
    merged = merge_themes(themes, ["afford", "bailiffs"], "money", "Money worries")
    assert merged.keys == ["money", "waste"]
    assert merged.theme("money").seed_terms == ["afford", "bailiffs", "court"]
    assert merged.theme("money").examples == ["I can't afford it"]
    parts = [Theme(key="courts", label="Courts"), Theme(key="bills", label="Bills")]
    assert split_theme(small(), "bailiffs", parts).keys == ["cost", "courts", "bills", "waste"]
    assert delete_theme(small(), "waste").keys == ["cost", "bailiffs"]
    assert add_theme(small(), Theme(key="jobs", label="Jobs")).keys[-1] == "jobs"
    assert small().keys == ["cost", "bailiffs", "waste"]  # the original is untouched


def test_curation_mistakes_are_problems() -> None:
    with pytest.raises(InvalidInputError, match="one of cost, bailiffs, waste"):
        rename_theme(small(), "costs", "x")
    with pytest.raises(InvalidInputError, match="repeated: waste"):
        add_theme(small(), Theme(key="waste", label="Again"))
    with pytest.raises(InvalidInputError, match="two or more"):
        split_theme(small(), "waste", [Theme(key="one", label="One")])
    with pytest.raises(InvalidInputError):
        delete_theme(delete_theme(delete_theme(small(), "waste"), "cost"), "bailiffs")


def test_bad_file_lists_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        'threshold = 1.5\n[[themes]]\nkey = "Bad Key"\nlabel = "x"\n[[themes]]\nlabel = "y"\ncolour = 1\n'
    )
    with pytest.raises(InvalidInputError) as caught:
        load_theme_set(path)
    fields = {problem.field for problem in caught.value.problems}
    assert fields == {"threshold", "themes.0.key", "themes.1.key", "themes.1.colour"}
    with pytest.raises(InvalidInputError, match="an existing TOML file"):
        load_theme_set(tmp_path / "missing.toml")
    (tmp_path / "broken.toml").write_text("[[themes]\n")
    with pytest.raises(InvalidInputError, match="valid UTF-8 TOML"):
        load_theme_set(tmp_path / "broken.toml")


def test_the_library_stays_only_while_the_keys_do(cts_themes: ThemeSet) -> None:
    """Its answers are labelled with the set's keys: a new label keeps it, new keys leave it."""
    themes = cts_themes
    assert len(themes.library) == 24
    assert rename_theme(themes, "hardship", "Cannot pay").library == themes.library
    assert delete_theme(themes, "hardship").library == []
    assert merge_themes(themes, ["hardship", "everyone_pays"], "money", "Money").library == []
    extra = Theme(key="parking", label="Parking", seed_terms=["parking"])
    assert add_theme(themes, extra).library == []
