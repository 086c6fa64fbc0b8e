"""Who is responding, and what an optional receipt e-mail must look like."""

from __future__ import annotations

import re

RESPONDENT_TYPES: dict[str, str] = {
    "resident": "A resident",
    "business": "A business",
    "organisation": "An organisation (a charity, community group or public body)",
}
NAMED_RESPONDENTS = frozenset({"business", "organisation"})  # who gives a name
MAX_ORGANISATION_NAME = 200
MAX_EMAIL_LENGTH = 254
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def respondent_type_problem(value: str) -> str | None:
    """A respondent must say which kind they are."""
    return (
        None
        if value in RESPONDENT_TYPES
        else "Select whether you are responding as a resident, a business or an organisation"
    )


def organisation_name_problem(respondent_type: str, name: str) -> str | None:
    """A business or organisation must give its name (a resident gives none)."""
    if respondent_type not in NAMED_RESPONDENTS:
        return None
    what = (
        RESPONDENT_TYPES[respondent_type]
        .split(" (")[0]
        .lower()
        .removeprefix("a ")
        .removeprefix("an ")
    )
    if not name:
        return f"Enter the name of the {what} you are responding for"
    if len(name) > MAX_ORGANISATION_NAME:
        return (
            f"The name of the {what} must be {MAX_ORGANISATION_NAME} characters or fewer "
            f"(it has {len(name):,})"
        )
    return None


def email_problem(value: str) -> str | None:
    """An empty e-mail is fine (it is optional); one given must look like an address."""
    if not value:
        return None
    if len(value) > MAX_EMAIL_LENGTH:
        return f"Email address must be {MAX_EMAIL_LENGTH} characters or fewer"
    if _EMAIL.fullmatch(value) is None:
        return "Enter an email address in the correct format, like name@example.com"
    return None
