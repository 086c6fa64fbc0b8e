"""The "what would I pay" form: typed text to a `Household`, every problem worded for its field.

The form asks as a resident would answer (what they receive, gross, as it is paid; who lives with
them) and Townhall works out the rest. Every field is optional except the band, your age and
whether you live with a partner. Problems are found all at once: a field's own (not a number, out
of range) and those that need two fields together (`household_problems`), each shown beside the
field a person would change.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel

from townhall.problems import InvalidInputError, Problem
from townhall.tax.rules.calculator import HouseholdResult, calculate_household
from townhall.tax.rules.household import (
    Household,
    OtherAdult,
    household_from_mapping,
)
from townhall.tax.rules.scheme import Scheme, bundled_scheme_names, load_bundled_scheme

BANDS = ("A", "B", "C", "D", "E", "F", "G", "H")
OTHER_ADULT_ROWS = 3
Choices = tuple[tuple[str, str], ...]
YES_NO: Choices = (("yes", "Yes"), ("no", "No"))
DISABILITY_BENEFITS: Choices = (
    ("none", "None of these"),
    ("pip_daily_living_standard", "PIP daily living, standard rate"),
    ("pip_daily_living_enhanced", "PIP daily living, enhanced rate"),
    ("dla_care_lowest", "DLA care, lowest rate"),
    ("dla_care_middle", "DLA care, middle rate"),
    ("dla_care_highest", "DLA care, highest rate"),
    ("attendance_allowance", "Attendance Allowance"),
    ("afip", "Armed Forces Independence Payment"),
)
ESA_GROUPS: Choices = (
    ("none", "I do not get ESA"),
    ("work_related_activity", "Work-related activity group"),
    ("support", "Support group"),
)
CARERS: Choices = (("0", "No"), ("1", "Yes, one of us"), ("2", "Yes, both of us"))
OTHER_ADULT_BENEFITS: Choices = (
    ("none", "None of these"),
    ("pension_credit", "Pension Credit"),
    ("income_support_jsa_esa", "Income Support, income-based JSA or income-related ESA"),
    ("universal_credit_no_earnings", "Universal Credit, with no earnings"),
    ("universal_credit_with_earnings", "Universal Credit, with earnings"),
)
WORKS: Choices = (("", "Not sure"), ("yes", "Yes"), ("no", "No"))

Kind = Literal["whole", "pounds", "hours", "yes_no", "tick", "choice"]


@dataclass(frozen=True)
class Question:
    """How one form field is read: its kind, how an error names it, and an example answer."""

    words: str
    kind: Kind
    example: str = ""
    choices: Choices = ()


def _whole(words: str, example: str = "2") -> Question:
    return Question(words, "whole", example)


def _pounds(words: str) -> Question:
    return Question(words, "pounds", "120.50")


# The household's fields in the order the page asks them (the error summary follows this order).
QUESTIONS: dict[str, Question] = {
    "band": Question("your council tax band", "choice", choices=tuple((b, b) for b in BANDS)),
    "claimant_age": _whole("your age", "40"),
    "has_partner": Question("whether you live with a partner", "yes_no"),
    "partner_age": _whole("your partner's age", "40"),
    "children": _whole("the number of children"),
    "youngest_child_age": _whole("the youngest child's age", "4"),
    "claimant_student": Question("whether you are a student", "tick"),
    "partner_student": Question("whether your partner is a student", "tick"),
    "universal_credit": Question("whether you get Universal Credit", "yes_no"),
    "uc_award_monthly": _pounds("the Universal Credit paid"),
    "uc_maximum_amount_monthly": _pounds("the maximum amount"),
    "uc_earned_income_monthly": _pounds("the earnings on your statement"),
    "uc_unearned_income_monthly": _pounds("the other income on your statement"),
    "passported": Question("whether you get one of these benefits", "yes_no"),
    "esa_component": Question("your ESA group", "choice", choices=ESA_GROUPS),
    "getting_support_since_before_may_2016": Question(
        "whether you have had Council Tax Support since before May 2016", "yes_no"
    ),
    "weekly_earnings": _pounds("your take-home pay"),
    "claimant_weekly_hours": Question("your hours of work", "hours", "37.5"),
    "partner_weekly_hours": Question("your partner's hours of work", "hours", "37.5"),
    "weekly_child_care_charges": _pounds("what you pay for child care"),
    "children_in_child_care": _whole("the number of children you pay child care for", "1"),
    "weekly_child_benefit": _pounds("Child Benefit"),
    "weekly_child_maintenance": _pounds("child maintenance"),
    "weekly_war_pension": _pounds("your war pension"),
    "weekly_disability_benefits": _pounds("your disability benefits"),
    "weekly_other_income": _pounds("your other income"),
    "capital": Question("your savings", "pounds", "1500"),
    "claimant_disability_benefit": Question(
        "your disability benefit", "choice", choices=DISABILITY_BENEFITS
    ),
    "partner_disability_benefit": Question(
        "your partner's disability benefit", "choice", choices=DISABILITY_BENEFITS
    ),
    "claimant_blind": Question("whether you are registered blind", "tick"),
    "partner_blind": Question("whether your partner is registered blind", "tick"),
    "claimant_has_paid_carer": Question("whether someone looks after you", "tick"),
    "partner_has_paid_carer": Question("whether someone looks after your partner", "tick"),
    "carers": Question("how many of you get Carer's Allowance", "choice", choices=CARERS),
    "disabled_children": _whole("the number of children who get DLA or PIP", "1"),
    "enhanced_disability_children": _whole("the number at the highest rate", "1"),
}
# Another adult's fields, for each row n: other_adult_{n}_{part}; part -> (OtherAdult field, how).
OTHER_ADULT_QUESTIONS: dict[str, tuple[str, Question]] = {
    "age": ("age", _whole("{who}'s age", "19")),
    "income": ("weekly_gross_income", _pounds("{who}'s income")),
    "disability": ("weekly_disability_benefits", _pounds("{who}'s disability benefits")),
    "works": (
        "works_16_hours_or_more",
        Question("whether {who} works 16 hours or more", "choice", choices=WORKS),
    ),
    "benefit": ("benefit", Question("{who}'s benefit", "choice", choices=OTHER_ADULT_BENEFITS)),
    "student": ("student", Question("whether {who} is a student", "tick")),
}


def other_adult_field(row: int, part: str) -> str:
    """The form field for `part` ("age", "income", ...) of other adult `row` (from 1)."""
    return f"other_adult_{row}_{part}"


FIELDS = (
    *QUESTIONS,
    *(
        other_adult_field(row, part)
        for row in range(1, OTHER_ADULT_ROWS + 1)
        for part in OTHER_ADULT_QUESTIONS
    ),
)
# Radios' error summary links go to the first radio (the fieldset itself cannot take focus).
RADIOS = ("band", "has_partner", "universal_credit", "passported", "esa_component", "carers")
ANCHORS = {name: f"{name}-1" for name in RADIOS}
# The answers about a partner, as the error says they do not fit "I do not live with a partner".
PARTNER_DETAILS = {
    "partner_age": "age",
    "partner_student": "full-time study",
    "partner_weekly_hours": "hours of work",
    "partner_disability_benefit": "disability benefit",
    "partner_blind": "sight",
    "partner_has_paid_carer": "carer",
    "carers": "Carer's Allowance for both of you",
}
# The fields each of `household_problems`' checks reads beside the one it names: when one of them
# could not be read, the check is not made (its answer would rest on a guessed default).
CHECKED_WITH = {
    "youngest_child_age": ("children",),
    "universal_credit": (
        "uc_award_monthly",
        "uc_maximum_amount_monthly",
        "uc_earned_income_monthly",
        "uc_unearned_income_monthly",
    ),
    "uc_maximum_amount_monthly": ("universal_credit",),
    "weekly_child_care_charges": ("children",),
    "children_in_child_care": ("children", "weekly_child_care_charges"),
    "disabled_children": ("children",),
    "enhanced_disability_children": ("children",),
    "has_partner": tuple(PARTNER_DETAILS),
    "weekly_earnings": (
        "claimant_weekly_hours",
        "partner_weekly_hours",
        "uc_earned_income_monthly",
    ),
    "uc_earned_income_monthly": (
        "claimant_weekly_hours",
        "partner_weekly_hours",
        "weekly_earnings",
    ),
    **{
        other_adult_field(row, "disability"): (other_adult_field(row, "income"),)
        for row in range(1, OTHER_ADULT_ROWS + 1)
    },
}


def household_from_form(values: Mapping[str, str]) -> tuple[Household | None, dict[str, str]]:
    """The household the form describes, or every problem, keyed by the form field to change."""
    errors: dict[str, str] = {}
    details: dict[str, object] = {}
    has_partner = values.get("has_partner", "")
    for name, question in QUESTIONS.items():
        if name == "has_partner" or (name == "partner_age" and has_partner != "yes"):
            continue
        _read(name, question, values.get(name, ""), Household, name, details, errors)
    if values.get("band", "") == "":
        errors["band"] = "Select your council tax band"
    if values.get("claimant_age", "") == "":
        errors["claimant_age"] = "Enter your age"
    if has_partner not in {"yes", "no"}:
        errors["has_partner"] = "Select yes if you live with a partner"
    elif has_partner == "yes" and values.get("partner_age", "") == "":
        errors["partner_age"] = "Enter your partner's age"
    elif has_partner == "no" and _partner_details(values):
        errors["has_partner"] = _no_partner_message(values)
    details["other_adults"], rows = _other_adults(values, errors)
    household, problems = _checked(details, errors)
    for problem in problems:
        field = _form_field(problem.field, rows)
        if field == "weekly_earnings" and values.get("universal_credit") == "yes":
            field = "uc_earned_income_monthly"  # on Universal Credit, its statement's earnings
        if field not in errors and not any(name in errors for name in CHECKED_WITH.get(field, ())):
            errors[field] = _message(field, problem, values)
    if errors:
        order = {name: index for index, name in enumerate(FIELDS)}
        return None, dict(sorted(errors.items(), key=lambda item: order.get(item[0], len(order))))
    return household, {}


def _partner_details(values: Mapping[str, str]) -> list[str]:
    """What the form gives about a partner, in words ("age", "hours of work")."""
    return [
        words
        for name, words in PARTNER_DETAILS.items()
        if values.get(name, "") not in {"", "none", "0"}
        and (name != "carers" or values[name] == "2")
    ]


def _no_partner_message(values: Mapping[str, str]) -> str:
    given = ", ".join(_partner_details(values))
    return (
        f"You said you do not live with a partner but answered about one ({given}): "
        "select yes, or remove those answers"
    )


def _read(
    field: str,
    question: Question,
    text: str,
    model: type[BaseModel],
    name: str,
    details: dict[str, object],
    errors: dict[str, str],
) -> None:
    """Read one field's text into `details[name]` (the model's field), or say what is wrong."""
    words = question.words
    if question.kind == "tick":
        details[name] = text == "yes"
        return
    if question.kind == "yes_no":
        if text not in {"", "yes", "no"}:
            errors[field] = f"Select yes or no for {words}"
        details[name] = text == "yes"
        return
    if question.kind == "choice":
        allowed = {value for value, _ in question.choices}
        if text == "":
            return  # the model's default: "none", 0 or "worked out"
        if text not in allowed:
            errors[field] = f"Choose {words} from the answers given"
        elif name == "carers":
            details[name] = int(text)
        elif name == "works_16_hours_or_more":
            details[name] = text == "yes"
        else:
            details[name] = text
        return
    if text == "":
        return
    number = _number(text, question.kind)
    if number is None:
        how = {"whole": "as a whole number", "pounds": "in pounds", "hours": "as a number"}
        errors[field] = f"Enter {words} {how[question.kind]}, like {question.example}"
        return
    low, high = _limits(model, name)
    if number < low or number > high:
        errors[field] = _out_of_range(words, question.kind, low, high)
        return
    details[name] = int(number) if question.kind == "whole" else number


def _number(text: str, kind: Kind) -> float | None:
    """The number typed ("£1,200.50", "37.5", "40"), or None if it is not one."""
    if kind == "whole":
        return float(text) if text.isascii() and text.isdigit() else None
    cleaned = text.replace(",", "").replace(" ", "")
    if kind == "pounds":
        cleaned = cleaned.removeprefix("£")
    try:
        number = float(cleaned)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _limits(model: type[BaseModel], name: str) -> tuple[float, float]:
    """The lowest and highest values the model allows for field `name`."""
    low, high = 0.0, math.inf
    for rule in model.model_fields[name].metadata:
        low = float(getattr(rule, "ge", low))
        high = float(getattr(rule, "le", high))
    return low, high


def _out_of_range(words: str, kind: Kind, low: float, high: float) -> str:
    def shown(value: float) -> str:
        return f"£{value:,.0f}" if kind == "pounds" else f"{value:,.0f}"

    subject = words[0].upper() + words[1:]
    return f"{subject} must be between {shown(low)} and {shown(high)}"


def _other_adults(
    values: Mapping[str, str], errors: dict[str, str]
) -> tuple[list[dict[str, object]], list[int]]:
    """Each other-adult row with anything in it, and the form's row number for each."""
    adults: list[dict[str, object]] = []
    rows: list[int] = []
    for row in range(1, OTHER_ADULT_ROWS + 1):
        texts = {
            part: values.get(other_adult_field(row, part), "") for part in OTHER_ADULT_QUESTIONS
        }
        if all(text in {"", "none"} for text in texts.values()):
            continue  # a row left as it was (its lists at "Not sure" and "None of these")
        adult: dict[str, object] = {}
        for part, (name, question) in OTHER_ADULT_QUESTIONS.items():
            field = other_adult_field(row, part)
            worded = replace(question, words=question.words.format(who=f"adult {row}"))
            _read(field, worded, texts[part], OtherAdult, name, adult, errors)
        adults.append(adult)
        rows.append(row)
    return adults, rows


def _checked(
    details: dict[str, object], errors: dict[str, str]
) -> tuple[Household | None, list[Problem]]:
    """The household, or `household_from_mapping`'s problems with what could be read: fields that
    could not be read are left at their defaults, and the band and age, if missing, filled in (no
    check between fields reads them); problems resting on a default are dropped by the caller."""
    checked = {"band": "A", "claimant_age": 40} | details
    if "youngest_child_age" in errors:
        checked["youngest_child_age"] = 0  # its own error is shown; do not add "enter an age"
    try:
        return household_from_mapping(checked, "form"), []
    except InvalidInputError as error:
        return None, error.problems


def _form_field(field: str, rows: list[int]) -> str:
    """The form field a problem with model field `field` is shown beside."""
    if field == "partner_age":
        return "has_partner"  # only checked when no partner is given: the partner answer is wrong
    if field.startswith("other_adults."):
        parts = field.split(".")
        if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(rows):
            row = rows[int(parts[1])]
            for part, (name, _) in OTHER_ADULT_QUESTIONS.items():
                if name == parts[2]:
                    return other_adult_field(row, part)
    return field


def _message(field: str, problem: Problem, values: Mapping[str, str]) -> str:
    """A problem found with two or more fields together, worded for the field it is shown beside."""
    if field == "has_partner":
        return _no_partner_message(values)
    messages = {
        "youngest_child_age": "Enter the youngest child's age, as children live with you",
        "universal_credit": "Select yes if you get Universal Credit, or remove the amounts "
        "from your Universal Credit statement",
        "uc_maximum_amount_monthly": "Enter the maximum amount from your Universal Credit "
        "statement",
        "weekly_child_care_charges": "Enter how many children live with you, or remove what "
        "you pay for child care",
        "disabled_children": "The number of children who get DLA or PIP must not be more than "
        "the number of children",
        "enhanced_disability_children": "The number at the highest rate must not be more than "
        "the number of children",
        "weekly_earnings": "Enter your take-home pay, as you gave hours of work",
        "uc_earned_income_monthly": "Enter the earnings on your Universal Credit statement, "
        "as you gave hours of work",
    }
    if field in messages:
        return messages[field]
    if field.startswith("other_adult_") and field.endswith("_disability"):
        return (
            "Their disability benefits must not be more than their income before tax: the "
            "income includes them"
        )
    question = QUESTIONS.get(field)
    words = question.words if question else field.replace("_", " ")
    return f"Check {words}: expected {problem.expected}"


@lru_cache(maxsize=32)
def bundled(name: str) -> Scheme:
    """A bundled scheme, loaded once per process."""
    return load_bundled_scheme(name)


def is_bundled(name: str) -> bool:
    """True if `name` is one of the schemes shipped with Townhall."""
    return name in bundled_scheme_names()


def pay_under_each(household: Household, scheme_names: list[str]) -> list[HouseholdResult]:
    """What the household pays under each linked scheme, in the order given."""
    return [calculate_household(bundled(name), household) for name in scheme_names]


def billing_council(scheme_names: list[str]) -> str:
    """The council whose own part of the bill is shown: its name if every scheme is the same
    council's (as in one council's consultation), otherwise "the council"."""
    names = {bundled(name).council.name for name in scheme_names}
    return names.pop() if len(names) == 1 else "the council"
