"""The ward knowledge forms: which fields each kind of record has, their limits, and the checks.

A community group, a note on the ward's history or issues, and an engagement (a meeting, bulletin,
post or surgery and what was heard) are all checked by the same rules, in one pass.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

ENGAGEMENT_KINDS = {
    "meeting": "Meeting",
    "bulletin": "E-mail bulletin",
    "social": "Social media",
    "surgery": "Surgery",
    "other": "Other",
}
NOTE_TOPICS = {"history": "The ward's history", "issue": "An issue in the ward"}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y")


@dataclass(frozen=True)
class Field:
    """One form field: its name (the column it fills), label, kind, limit and whether required."""

    name: str
    label: str
    kind: str = "text"
    max_length: int = 200
    required: bool = False
    hint: str = ""
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Section:
    """A kind of ward record: its names for headings and its fields."""

    key: str
    singular: str
    plural: str
    fields: tuple[Field, ...]


SECTIONS: dict[str, Section] = {
    "groups": Section(
        "groups",
        "community group",
        "Community groups",
        (
            Field("name", "Name of the group", required=True),
            Field(
                "contact",
                "How to contact them",
                max_length=300,
                hint="A public contact: the group's e-mail, phone or meeting place.",
            ),
            Field("activities", "What they do", kind="textarea", max_length=2000),
            Field(
                "last_contact_on",
                "Date of last contact",
                kind="date",
                hint="For example, 2026-11-03.",
            ),
        ),
    ),
    "notes": Section(
        "notes",
        "note",
        "History and issues",
        (
            Field(
                "topic",
                "What the note is about",
                kind="choice",
                required=True,
                choices=tuple(NOTE_TOPICS.items()),
            ),
            Field("title", "Title", required=True),
            Field("body", "Note", kind="textarea", max_length=5000, required=True),
        ),
    ),
    "engagements": Section(
        "engagements",
        "engagement",
        "Engagement log",
        (
            Field(
                "happened_on", "Date", kind="date", required=True, hint="For example, 2026-11-03."
            ),
            Field(
                "kind",
                "Kind of engagement",
                kind="choice",
                required=True,
                choices=tuple(ENGAGEMENT_KINDS.items()),
            ),
            Field("heard", "What was heard", kind="textarea", max_length=5000, required=True),
        ),
    ),
}


def parse_date(value: str) -> date | None:
    """A date written as 2026-11-03, 03/11/2026 or 3 November 2026 (None if it is none of these)."""
    for layout in DATE_FORMATS:
        try:
            return datetime.strptime(value, layout).date()
        except ValueError:
            continue
    return None


def check_record(
    section: Section, values: Mapping[str, str], today: date
) -> tuple[dict[str, str | date | None], dict[str, str]]:
    """The record's values ready to store (dates parsed, blanks kept) and every problem found."""
    cleaned: dict[str, str | date | None] = {}
    problems: dict[str, str] = {}
    for field in section.fields:
        value = values.get(field.name, "")
        if not value:
            if field.required:
                problems[field.name] = (
                    f"Enter {field.label.lower()}"
                    if field.kind != "choice"
                    else f"Choose {field.label.lower()}"
                )
            cleaned[field.name] = None if field.kind == "date" else ""
            continue
        if field.kind == "date":
            parsed = parse_date(value)
            if parsed is None:
                problems[field.name] = f"{field.label} must be a real date, like 2026-11-03"
            elif parsed > today:
                problems[field.name] = f"{field.label} must be today or in the past"
            cleaned[field.name] = parsed
        elif field.kind == "choice" and value not in dict(field.choices):
            problems[field.name] = f"Choose {field.label.lower()} from the list"
        elif len(value) > field.max_length:
            problems[field.name] = f"{field.label} must be {field.max_length} characters or fewer"
        else:
            cleaned[field.name] = value
    return cleaned, problems
