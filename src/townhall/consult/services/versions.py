"""What residents were shown, as a snapshot per published version, and what a correction changed.

A response saw the version in force when it was sent (`version_seen`): a resident who began
before a correction and sent after it is counted under the corrected version.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from townhall.consult.models import Consultation, Version, in_utc
from townhall.consult.services.routing import condition_words

FIELDS = (
    ("title", "the title"),
    ("summary", "the summary"),
    ("proposal", "the proposal"),
    ("contact", "the contact details"),
    ("opens_on", "the opening date"),
    ("closes_on", "the closing date"),
    ("decision_due", "the decision date"),
)


@dataclass(frozen=True)
class Difference:
    """One part that a correction changed, in words, with its old and new text."""

    part: str
    old: str
    new: str


def _text(value: object) -> str:
    return "" if value is None else str(value)


def snapshot(consultation: Consultation) -> dict[str, Any]:
    """Everything residents are shown that a correction may change, as plain JSON values."""
    return {
        **{name: _text(getattr(consultation, name)) for name, _ in FIELDS},
        "alternatives": [
            {
                "title": a.title,
                "description": a.description,
                "reason_not_preferred": a.reason_not_preferred,
            }
            for a in consultation.alternatives
        ],
        "sections": [{"title": s.title, "intro": s.intro} for s in consultation.sections],
        "questions": [
            {
                "prompt": q.prompt,
                "hint": q.hint,
                "choices": [c.label for c in q.choices] if q.kind != "scale" else [],
                "section": q.section.title if q.section else "",
                "shown_if": condition_words(q, consultation.questions),
            }
            for q in consultation.questions
        ],
    }


def content(version: Version) -> dict[str, Any]:
    """A stored version's snapshot."""
    loaded: dict[str, Any] = json.loads(version.content)
    return loaded


def _alternative_text(alternative: dict[str, str]) -> str:
    return (
        f"{alternative['title']}\n\n{alternative['description']}\n\n"
        f"Why not preferred: {alternative['reason_not_preferred']}"
    )


def _section_text(section: dict[str, str]) -> str:
    return f"{section['title']}\n\n{section['intro']}".strip()


def _question_text(question: dict[str, Any]) -> str:
    parts = [question["prompt"], *([question["hint"]] if question["hint"] else [])]
    routing = [
        *([f"In section: {question['section']}"] if question.get("section") else []),
        *([question["shown_if"]] if question.get("shown_if") else []),
    ]
    return "\n".join([*parts, *(f"- {label}" for label in question["choices"]), *routing])


def differences(old: dict[str, Any], new: dict[str, Any]) -> list[Difference]:
    """Each part that differs between two snapshots, in the order residents read them."""
    found = [
        Difference(label, old[name], new[name]) for name, label in FIELDS if old[name] != new[name]
    ]
    for kind, text in (
        ("alternatives", _alternative_text),
        ("sections", _section_text),
        ("questions", _question_text),
    ):
        before, after = old.get(kind, []), new.get(kind, [])
        for number in range(1, max(len(before), len(after)) + 1):
            was = text(before[number - 1]) if number <= len(before) else ""
            now = text(after[number - 1]) if number <= len(after) else ""
            if was != now:
                found.append(Difference(f"{kind[:-1]} {number}", was, now))
    return found


def version_seen(versions: Sequence[Version], submitted_at: datetime) -> int:
    """The number of the version in force when a response was sent (1 if none was recorded)."""
    times = [in_utc(v.made_at) for v in versions]
    index = bisect_right(times, in_utc(submitted_at))
    return versions[index - 1].number if index else 1
