"""Question kinds and what a valid answer to each is; errors worded as a resident can act on."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

QUESTION_KINDS: dict[str, str] = {
    "single": "Single choice (radio buttons)",
    "multiple": "Multiple choice (checkboxes)",
    "scale": "Agree or disagree scale",
    "ranking": "Ranking (put options in order)",
    "text": "Free text",
    "dropdown": "Drop-down list (one option, for long lists)",
    "number": "A number",
    "date": "A date",
    "postcode": "A postcode",
}
CLOSED_KINDS = frozenset({"single", "multiple", "scale", "ranking", "dropdown"})
# Answers typed rather than chosen, stored as text; only "text" is free writing (themed, quoted).
TYPED_KINDS = frozenset({"text", "number", "date", "postcode"})
MAX_NUMBER = 10**12
MAX_OTHER_LENGTH = 500
OTHER_LABEL = "Other (please specify)"
OTHER_KINDS = frozenset({"single", "multiple"})
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[ /.-](\d{1,2})[ /.-](\d{4})$")
SCALE_LABELS = (
    "Strongly agree",
    "Agree",
    "Neither agree nor disagree",
    "Disagree",
    "Strongly disagree",
)
MAX_TEXT_LENGTH = 5000
MAX_CHOICES = 20
_FORBIDDEN_CHARACTERS = {chr(code) for code in range(32)} - {"\n", "\t"}


@dataclass(frozen=True)
class QuestionSpec:
    """What the rules need to know about a question."""

    kind: str
    required: bool
    max_length: int
    choice_ids: tuple[int, ...] = ()
    other_id: int | None = None  # the "Other (please specify)" option, if it has one
    exclusive: tuple[tuple[int, str], ...] = ()  # options chosen on their own: (id, label)


@dataclass(frozen=True)
class AnswerValue:
    """An answer as given: chosen options, ranks by option, or text (kept even when invalid)."""

    choice_ids: tuple[int, ...] = ()
    ranks: tuple[tuple[int, str], ...] = ()
    text: str = ""

    def is_empty(self) -> bool:
        """True when nothing was chosen, ranked or typed."""
        return not self.choice_ids and not any(rank for _, rank in self.ranks) and not self.text

    def to_data(self) -> dict[str, object]:
        """A JSON-ready form, for keeping a journey between pages."""
        return {
            "choices": list(self.choice_ids),
            "ranks": [list(pair) for pair in self.ranks],
            "text": self.text,
        }

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> AnswerValue:
        """The inverse of `to_data`."""
        choices = data.get("choices") or []
        ranks = data.get("ranks") or []
        text = data.get("text") or ""
        assert isinstance(choices, list) and isinstance(ranks, list) and isinstance(text, str)
        return cls(
            choice_ids=tuple(int(choice) for choice in choices),
            ranks=tuple((int(pair[0]), str(pair[1])) for pair in ranks),
            text=text,
        )

    def rank_of(self, choice_id: int) -> str:
        """The rank typed for one option ("" if none)."""
        return dict(self.ranks).get(choice_id, "")


def read_answer(spec: QuestionSpec, form: Mapping[str, Sequence[str]]) -> AnswerValue:
    """The answer a question page's form carries (field `answer`, or `rank-<option id>`)."""
    values = list(form.get("answer", []))
    if spec.kind in TYPED_KINDS:
        text = (values[0] if values else "").replace("\r\n", "\n").strip()
        return AnswerValue(text=typed_value(spec.kind, text))
    if spec.kind == "ranking":
        ranks = tuple(
            (choice_id, (list(form.get(f"rank-{choice_id}", [])) or [""])[0].strip())
            for choice_id in spec.choice_ids
        )
        return AnswerValue(ranks=ranks)
    chosen = []
    for value in values:
        if value.isdigit() and int(value) not in chosen:
            chosen.append(int(value))
    other = (list(form.get("other", [])) or [""])[0].replace("\r\n", "\n").strip()
    keep = spec.other_id is not None and spec.other_id in chosen
    return AnswerValue(choice_ids=tuple(chosen), text=other if keep else "")


def typed_value(kind: str, text: str) -> str:
    """A typed answer in the form it is stored: dates as YYYY-MM-DD, postcodes in capitals with
    one space, numbers without thousands commas; anything not valid is kept as typed (and refused
    by `answer_problem`)."""
    if kind == "number":
        return text.replace(",", "").replace(" ", "")
    if kind == "postcode":
        found = _POSTCODE.fullmatch(re.sub(r"\s+", "", text.upper()))
        return f"{found.group(1)} {found.group(2)}" if found else text
    if kind == "date" and (found := _DAY_MONTH_YEAR.fullmatch(text)):
        day, month, year = (int(part) for part in found.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return text
    return text


def _typed_problem(kind: str, text: str) -> str | None:
    if kind == "number":
        try:
            number = Decimal(text)
        except InvalidOperation:
            return "Enter a number, like 12 or 3.5"
        if not number.is_finite() or abs(number) >= MAX_NUMBER:
            return "Enter a number, like 12 or 3.5"
        return None
    if kind == "date":
        try:
            date.fromisoformat(text)
        except ValueError:
            return "Enter a real date, like 27 3 2007"
        return None
    if kind == "postcode" and not _POSTCODE.fullmatch(text):
        return "Enter a full UK postcode, like B1 1BB"
    return None


def answer_problem(spec: QuestionSpec, answer: AnswerValue) -> str | None:
    """Why `answer` is not acceptable for the question, or None if it is."""
    if answer.is_empty():
        if not spec.required:
            return None
        return {
            "single": "Select an option",
            "scale": "Select how much you agree or disagree",
            "multiple": "Select at least one option",
            "ranking": "Put a number next to each option",
            "text": "Enter your answer",
            "dropdown": "Select an option",
            "number": "Enter a number",
            "date": "Enter a date",
            "postcode": "Enter a postcode",
        }[spec.kind]
    if spec.kind in TYPED_KINDS - {"text"}:
        return _typed_problem(spec.kind, answer.text)
    if spec.kind == "text":
        if len(answer.text) > spec.max_length:
            return f"Your answer must be {spec.max_length:,} characters or fewer (it has {len(answer.text):,})"
        if any(character in _FORBIDDEN_CHARACTERS for character in answer.text):
            return "Your answer contains characters that cannot be stored: remove them"
        return None
    if spec.kind == "ranking":
        return _ranking_problem(spec, answer)
    if any(choice not in spec.choice_ids for choice in answer.choice_ids):
        return "Select one of the options shown"
    if spec.kind in {"single", "scale", "dropdown"} and len(answer.choice_ids) > 1:
        return "Select only one option"
    if len(answer.choice_ids) > 1:
        for choice_id, label in spec.exclusive:
            if choice_id in answer.choice_ids:
                return f"You selected “{label}”: select it on its own, or untick it and select the other options"
    if spec.other_id is not None and spec.other_id in answer.choice_ids:
        if not answer.text:
            return "You chose Other: say what your answer is"
        if len(answer.text) > MAX_OTHER_LENGTH:
            return (
                f"Your other answer must be {MAX_OTHER_LENGTH:,} characters or fewer "
                f"(it has {len(answer.text):,})"
            )
        if any(character in _FORBIDDEN_CHARACTERS for character in answer.text):
            return "Your answer contains characters that cannot be stored: remove them"
    return None


def _ranking_problem(spec: QuestionSpec, answer: AnswerValue) -> str | None:
    count = len(spec.choice_ids)
    typed = [rank for _, rank in answer.ranks]
    if any(not rank for rank in typed):
        return "Put a number next to each option"
    if any(not rank.isdigit() or not 1 <= int(rank) <= count for rank in typed):
        return f"Use whole numbers from 1 to {count}"
    if len({int(rank) for rank in typed}) != count:
        return "Use each number only once"
    return None
