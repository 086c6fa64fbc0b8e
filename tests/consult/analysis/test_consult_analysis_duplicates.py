"""Campaign copies and near-duplicates are grouped, counted and never removed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from townhall.consult.analysis.duplicates import duplicate_groups, normalised

CAMPAIGN = (
    "I oppose the proposed scheme. Asking the poorest households to pay 24% of their council "
    "tax will push thousands of families into debt. I urge the council to think again."
)


def test_exact_and_near_copies_form_one_group() -> None:
    texts = [
        CAMPAIGN,
        "Cut the waste first.",
        CAMPAIGN + " Regards, Simon Bright",
        CAMPAIGN.upper(),
        "The bailiffs will be round.",
        CAMPAIGN.replace("families", "familys"),
    ]
    found = duplicate_groups(texts)
    assert len(found.labels) == len(texts)
    assert found.labels == [0, -1, 0, 0, -1, 0]
    (group,) = found.groups
    assert group.rows == [0, 2, 3, 5]
    assert group.exact_copies == 2  # the text and its upper-case copy are the same once normalised
    assert group.text == CAMPAIGN
    assert found.answers_in_groups == 4


def test_threshold_one_groups_only_identical_texts() -> None:
    texts = [CAMPAIGN, CAMPAIGN + " Thanks.", "  " + CAMPAIGN + "!"]
    assert duplicate_groups(texts, threshold=1.0).labels == [0, -1, 0]
    assert duplicate_groups(texts, threshold=0.8).labels == [0, 0, 0]


def test_different_answers_stay_apart(cts_labelled: list) -> None:  # type: ignore[type-arg]
    found = duplicate_groups([answer.text for answer in cts_labelled])
    # The three planted campaigns, and nothing else.
    assert [len(group.rows) for group in found.groups] == [12, 7, 5]


def test_normalised() -> None:
    assert normalised("  Don't   DO it!! ") == "don t do it"


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=40), min_size=1, max_size=8), st.integers(0, 7))
def test_a_copy_is_always_grouped_with_its_original(texts: list[str], pick: int) -> None:
    original = texts[pick % len(texts)]
    found = duplicate_groups([*texts, original])
    assert len(found.labels) == len(texts) + 1
    assert found.labels[-1] >= 0
    assert found.labels[-1] == found.labels[pick % len(texts)]
