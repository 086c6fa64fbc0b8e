"""Pure rules of opinion statements, ideas, moderation and status: hand-worked cases and properties."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from townhall.consult.rules.participation import (
    STATEMENT_MAX,
    comment_problem,
    idea_problems,
    moderation_problems,
    next_statement,
    statement_problem,
    status_problems,
    vote_value,
)


def test_votes_are_agree_disagree_or_pass() -> None:
    assert [vote_value(v) for v in ("agree", "disagree", "pass")] == [1, -1, 0]
    assert vote_value("Agree") is None
    assert vote_value("") is None


def test_the_next_statement_is_the_first_not_voted_on_in_the_order_shown() -> None:
    assert next_statement([3, 1, 7], {3}) == 1
    assert next_statement([3, 1, 7], {1}) == 3
    assert next_statement([3, 1, 7], {1, 3, 7}) is None
    assert next_statement([], set()) is None


@given(st.lists(st.integers(0, 50), unique=True), st.sets(st.integers(0, 50)))
def test_next_statement_skips_only_statements_already_voted_on(
    approved: list[int], voted: set[int]
) -> None:
    found = next_statement(approved, voted)
    if found is None:
        assert set(approved) <= voted
    else:
        assert found not in voted
        assert set(approved[: approved.index(found)]) <= voted


def test_a_statement_is_one_line_of_at_most_280_characters() -> None:
    assert statement_problem("x" * STATEMENT_MAX) is None
    assert (
        statement_problem("x" * 281) == "A statement must be 280 characters or fewer (it has 281)"
    )
    assert statement_problem("") == "Enter a statement"
    assert statement_problem("two\nlines") == "A statement must be a single line"
    assert statement_problem("bell\x07") == "A statement must be plain text"


@given(st.text(max_size=300))
def test_statement_limits_hold_for_any_text(text: str) -> None:
    plain = all(unicodedata.category(c) != "Cc" or c == "\t" for c in text)
    accepted = 1 <= len(text) <= STATEMENT_MAX and plain
    assert (statement_problem(text) is None) == accepted


def test_every_problem_with_an_idea_is_found_in_one_pass() -> None:
    problems = idea_problems({"title": "", "description": "d" * 2001, "ward": "99"}, {1, 2})
    assert problems == {
        "title": "Enter a title",
        "description": "A description must be 2,000 characters or fewer (it has 2,001)",
        "ward": "Select a ward from the list, or leave it blank",
    }
    ok = {"title": "t" * 120, "description": "d" * 2000, "ward": "2"}
    assert idea_problems(ok, {1, 2}) == {}
    assert idea_problems({**ok, "ward": ""}, {1, 2}) == {}
    assert idea_problems({**ok, "title": "t" * 121}, {1, 2})["title"].endswith("(it has 121)")


def test_a_comment_is_at_most_1000_characters() -> None:
    assert comment_problem("c" * 1000) is None
    assert (
        comment_problem("c" * 1001) == "A comment must be 1,000 characters or fewer (it has 1,001)"
    )


def test_rejecting_needs_a_reason_and_approving_does_not() -> None:
    assert moderation_problems("approve", "") == {}
    assert moderation_problems("reject", "") == {"reason": "Enter the reason for rejecting it"}
    assert moderation_problems("reject", "Names a person") == {}
    assert moderation_problems("delete", "") == {"decision": "Select approve or reject"}


def test_adopted_and_not_adopted_need_a_reason() -> None:
    assert status_problems("under_consideration", "") == {}
    assert set(status_problems("adopted", "")) == {"reason"}
    assert set(status_problems("not_adopted", "")) == {"reason"}
    assert status_problems("adopted", "Opening on Sundays from May") == {}
    assert set(status_problems("done", "")) == {"status"}
    assert set(status_problems("adopted", "r" * 2001)) == {"reason"}
