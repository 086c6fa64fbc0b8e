"""Equality monitoring: the optional questions, the consent wording, and small-count suppression."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SUPPRESSION_THRESHOLD = 5
PREFER_NOT = "Prefer not to say"
CONSENT_WORDING = (
    "I agree that the council may keep these answers to check whether the proposal affects some "
    "groups of people more than others (its equality duty). They are stored separately from my "
    "response and are only ever reported as totals."
)
EQUALITY_QUESTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "age_band": (
        "What is your age?",
        (
            "16 to 24",
            "25 to 34",
            "35 to 44",
            "45 to 54",
            "55 to 64",
            "65 to 74",
            "75 or over",
            PREFER_NOT,
        ),
    ),
    "sex": ("What is your sex?", ("Female", "Male", PREFER_NOT)),
    "disability": (
        "Do you have a disability or a long-term health condition?",
        ("Yes", "No", PREFER_NOT),
    ),
    "ethnic_group": (
        "What is your ethnic group?",
        (
            "Asian or Asian British",
            "Black, Black British, Caribbean or African",
            "Mixed or multiple ethnic groups",
            "White",
            "Other ethnic group",
            PREFER_NOT,
        ),
    ),
    "carer": (
        "Do you look after someone who needs help because of illness, disability or age?",
        ("Yes", "No", PREFER_NOT),
    ),
}


def equality_problems(answers: Mapping[str, str], consent: bool) -> dict[str, str]:
    """Problems with the equality page: unknown options, or answers given without consent."""
    problems = {
        name: "Select one of the options shown"
        for name, value in answers.items()
        if value and (name not in EQUALITY_QUESTIONS or value not in EQUALITY_QUESTIONS[name][1])
    }
    if any(answers.values()) and not consent:
        problems["consent"] = (
            "Tick the box to agree to these answers being used, or leave all of them blank"
        )
    return problems


@dataclass(frozen=True)
class Cell:
    """One count in an aggregate table: `shown` is None when it is suppressed."""

    label: str
    count: int
    shown: int | None


def suppress(
    counts: Sequence[tuple[str, int]], threshold: int = SUPPRESSION_THRESHOLD
) -> list[Cell]:
    """Hide counts under `threshold`; if exactly one is hidden, hide the next smallest too.

    The second step stops a hidden count being worked out as the total less the others.
    """
    hidden = {index for index, (_, count) in enumerate(counts) if count < threshold}
    if len(hidden) == 1 and len(counts) > 1:
        visible = [index for index in range(len(counts)) if index not in hidden]
        hidden.add(min(visible, key=lambda index: (counts[index][1], index)))
    return [
        Cell(label, count, None if index in hidden else count)
        for index, (label, count) in enumerate(counts)
    ]
