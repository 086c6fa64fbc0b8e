"""The "what would I pay" form: typed text to a `Household`, every problem worded for the field."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from townhall.problems import InvalidInputError
from townhall.tax.rules.household import (
    Household,
    HouseholdResult,
    calculate_household,
    household_from_mapping,
)
from townhall.tax.rules.scheme import Scheme, bundled_scheme_names, load_bundled_scheme

BANDS = ("A", "B", "C", "D", "E", "F", "G", "H")
WHOLE_NUMBERS = {
    "claimant_age": "your age",
    "partner_age": "your partner's age",
    "children": "the number of children",
    "youngest_child_age": "the youngest child's age",
}
AMOUNTS = {
    "weekly_earnings": "take-home earnings",
    "weekly_other_income": "other income",
    "capital": "savings",
}
TICKS = ("passported", "disability_premium", "disabled_child_premium", "war_pension", "carer")
FIELDS = ("band", "has_partner", *WHOLE_NUMBERS, *AMOUNTS, *TICKS)


def household_from_form(values: Mapping[str, str]) -> tuple[Household | None, dict[str, str]]:
    """The household the form describes, or the problems with each field."""
    errors: dict[str, str] = {}
    details: dict[str, object] = {"band": values.get("band", "")}
    if details["band"] not in BANDS:
        errors["band"] = "Select your council tax band"
    for name, words in WHOLE_NUMBERS.items():
        text = values.get(name, "")
        if name == "partner_age" and values.get("has_partner") != "yes":
            continue
        if text == "" and name in {"youngest_child_age", "children"}:
            details[name] = None if name == "youngest_child_age" else 0
            continue
        if not text.isdigit():
            errors[name] = f"Enter {words} as a whole number, like 40"
        else:
            details[name] = int(text)
    for name, words in AMOUNTS.items():
        text = values.get(name, "").replace(",", "").removeprefix("£") or "0"
        try:
            details[name] = float(text)
        except ValueError:
            errors[name] = f"Enter {words} in pounds, like 120.50"
    for name in TICKS:
        details[name] = values.get(name) == "yes"
    if errors:
        return None, errors
    try:
        return household_from_mapping(details, "form"), {}
    except InvalidInputError as error:
        return None, {
            problem.field: _message(problem.field, problem.expected) for problem in error.problems
        }


def _message(field: str, expected: str) -> str:
    words = WHOLE_NUMBERS.get(field) or AMOUNTS.get(field) or field.replace("_", " ")
    return f"Check {words}: expected {expected}"


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
