"""The curation rules: theme keys, seed terms, form checks; and migration 0003 matching the models."""

from __future__ import annotations

import re

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import create_engine

from townhall.consult.migrate import upgrade
from townhall.consult.models import Base
from townhall.consult.rules.theme_curation import (
    seed_terms,
    theme_key,
    theme_problems,
    topics_problem,
)

KEY = re.compile(r"^[a-z0-9][a-z0-9_]{0,39}$")
MY_TABLES = {
    "consult_theme_sets",
    "consult_theme_corrections",
    "consult_theme_assignments",
    "consult_answer_stances",
    "consult_community_groups",
    "consult_ward_notes",
    "consult_engagements",
}


def test_theme_key_by_hand() -> None:
    assert theme_key("Pensioners protected", []) == "pensioners_protected"
    assert theme_key("Pensioners protected", ["pensioners_protected"]) == "pensioners_protected_2"
    assert theme_key("Cost: £3.43/week!", []) == "cost_3_43_week"
    assert theme_key("£££", []) == "theme"


@given(st.text(max_size=200), st.lists(st.text(max_size=45), max_size=5))
def test_theme_key_is_always_valid_and_new(label: str, taken: list[str]) -> None:
    key = theme_key(label, taken)
    assert KEY.match(key) and key not in taken


def test_seed_terms_and_problems() -> None:
    assert seed_terms("pensioners, older people\npensioners,, ") == ["pensioners", "older people"]
    assert theme_problems({"label": "x" * 121, "seed_terms": ",".join(["t"] * 3)}) == {
        "label": "Theme name must be 120 characters or fewer"
    }
    problems = theme_problems(
        {"first_label": "", "first_seed_terms": ", ".join(f"w{n}" for n in range(21))}, "first_"
    )
    assert problems == {
        "first_label": "Enter a name for the theme",
        "first_seed_terms": "Enter 20 seed terms or fewer",
    }
    assert theme_problems({"label": "A", "seed_terms": "y" * 81}) == {
        "seed_terms": "Each seed term must be 80 characters or fewer"
    }
    assert topics_problem("8", 60) is None
    assert topics_problem("eight", 60) == "Enter a whole number of themes from 2 to 30"
    assert topics_problem("8", 8) is not None


def test_migration_matches_the_models(database_url: str) -> None:
    engine = create_engine(database_url)
    upgrade(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    mine = [d for d in differences if any(table in str(d) for table in MY_TABLES)]
    assert mine == []
