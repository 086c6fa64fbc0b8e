"""What officers type when they build a consultation: each form's fields checked in one pass."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

from townhall.consult.rules.availability import dates_problem
from townhall.consult.rules.links import valid_link
from townhall.consult.rules.questions import (
    CLOSED_KINDS,
    MAX_CHOICES,
    MAX_TEXT_LENGTH,
    OTHER_KINDS,
    OTHER_LABEL,
    QUESTION_KINDS,
)

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LIMITS = {
    "title": 200,
    "slug": 80,
    "summary": 2000,
    "proposal": 20000,
    "contact": 2000,
    "description": 5000,
    "reason_not_preferred": 5000,
    "prompt": 500,
    "hint": 1000,
    "label": 200,
    "reason": 2000,
    "correction": 2000,
    "outcome": 20000,
    "intro": 2000,
}


# Each field as its form labels it, so a message names what the officer sees ("Enter the web
# address name", never "Enter the slug").
LABELS = {
    "title": "the title",
    "slug": "the web address name",
    "summary": "the summary",
    "proposal": "the proposal",
    "contact": "the contact details",
    "description": "what it would mean",
    "reason_not_preferred": "why the council does not prefer it",
    "prompt": "the question",
    "hint": "the hint",
    "label": "what residents see it called",
    "reason": "the reason",
    "correction": "what changed and why",
    "outcome": "what the council asked, what residents said and what it decided",
    "intro": "the introduction",
}


@dataclass(frozen=True)
class ConsultationDetails:
    """A consultation's own fields, checked."""

    title: str
    slug: str
    summary: str
    proposal: str
    contact: str  # may be empty while a draft; publishing needs it
    opens_on: date
    closes_on: date


@dataclass(frozen=True)
class QuestionDetails:
    """A new question, checked: its kind, wording, whether required, length limit and options."""

    kind: str
    prompt: str
    hint: str
    required: bool
    max_length: int
    choices: tuple[str, ...]
    speaks_to: str = ""
    other: bool = False  # ends with "Other (please specify)" (single and multiple choice)


def text_problems(
    values: Mapping[str, str], required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> dict[str, str]:
    """Missing required fields and fields over their length limit, each named by its label."""
    problems = {}
    for name in (*required, *optional):
        value = values.get(name, "")
        label = LABELS[name]
        if name in required and not value:
            problems[name] = f"Enter {label}"
        elif len(value) > LIMITS[name]:
            problems[name] = (
                f"{label[0].upper()}{label[1:]} must be {LIMITS[name]:,} characters or fewer "
                f"(it has {len(value):,})"
            )
    return problems


def parse_date(value: str) -> date | None:
    """A date typed as YYYY-MM-DD (what a date input sends), or None."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def consultation_details(
    values: Mapping[str, str],
) -> tuple[ConsultationDetails | None, dict[str, str]]:
    """Check the consultation form; the details when valid, and every problem found (the contact
    is optional here: a draft may be saved without it, but not published)."""
    problems = text_problems(values, ("title", "slug", "summary", "proposal"), ("contact",))
    if "slug" not in problems and not SLUG.fullmatch(values["slug"]):
        problems["slug"] = (
            "The web address name must use only lower-case letters, numbers and single hyphens, like council-tax-support-2013"
        )
    opens_on, closes_on = (
        parse_date(values.get("opens_on", "")),
        parse_date(values.get("closes_on", "")),
    )
    if opens_on is None:
        problems["opens_on"] = "Enter the opening date as a real date"
    if closes_on is None:
        problems["closes_on"] = "Enter the closing date as a real date"
    if opens_on and closes_on and (problem := dates_problem(opens_on, closes_on)):
        problems["closes_on"] = problem
    if problems or opens_on is None or closes_on is None:
        return None, problems
    return (
        ConsultationDetails(
            values["title"],
            values["slug"],
            values["summary"],
            values["proposal"],
            values.get("contact", ""),
            opens_on,
            closes_on,
        ),
        {},
    )


def _option_problems(choices: tuple[str, ...]) -> list[str]:
    """Each option that is too long or repeats an earlier one, named by its number and words."""
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, choice in enumerate(choices, 1):
        if len(choice) > LIMITS["label"]:
            problems.append(
                f"Option {number} must be {LIMITS['label']} characters or fewer "
                f"(it has {len(choice):,})"
            )
        elif choice.casefold() in seen:
            problems.append(
                f"Option {number}, “{choice}”, is the same as option {seen[choice.casefold()]}"
            )
        else:
            seen[choice.casefold()] = number
    return problems


def question_details(
    values: Mapping[str, str], alternative_ids: Collection[int] = ()
) -> tuple[QuestionDetails | None, dict[str, str]]:
    """Check the new-question form: closed questions need 2 to 20 options, one per line; the
    link for the report must be the proposal, one of these alternatives or none."""
    problems = text_problems(values, ("prompt",), ("hint",))
    speaks_to = values.get("speaks_to", "")
    if not valid_link(speaks_to, alternative_ids):
        problems["speaks_to"] = "Select what this question speaks to"
    kind = values.get("kind", "")
    if kind not in QUESTION_KINDS:
        problems["kind"] = "Select the kind of question"
    choices = tuple(line.strip() for line in values.get("choices", "").splitlines() if line.strip())
    if kind in CLOSED_KINDS - {"scale"}:
        if not 2 <= len(choices) <= MAX_CHOICES:
            problems["choices"] = f"Enter between 2 and {MAX_CHOICES} options, one on each line"
        elif wrong := _option_problems(choices):
            problems["choices"] = "; ".join(wrong)
    other = values.get("other") == "yes"
    if other and kind not in OTHER_KINDS:
        problems["other"] = (
            "Only single and multiple choice questions can have “Other (please specify)”"
        )
    elif other and OTHER_LABEL.casefold() in {choice.casefold() for choice in choices}:
        problems["choices"] = (
            f"Leave “{OTHER_LABEL}” out of the options: ticking the box below adds it"
        )
    max_length = values.get("max_length", "") or "2000"
    if not max_length.isdigit() or not 10 <= int(max_length) <= MAX_TEXT_LENGTH:
        problems["max_length"] = f"Enter a length limit from 10 to {MAX_TEXT_LENGTH:,} characters"
    if problems:
        return None, problems
    return (
        QuestionDetails(
            kind=kind,
            prompt=values["prompt"],
            hint=values.get("hint", ""),
            required=values.get("required") == "yes",
            max_length=int(max_length),
            choices=choices if kind in CLOSED_KINDS - {"scale"} else (),
            speaks_to=speaks_to,
            other=other,
        ),
        {},
    )
