"""Who is responding, and what an optional receipt e-mail must look like."""

from __future__ import annotations

import re

RESPONDENT_TYPES: dict[str, str] = {
    "resident": "A resident",
    "business": "A business",
    "organisation": "An organisation (a charity, community group or public body)",
}
MAX_EMAIL_LENGTH = 254
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def respondent_type_problem(value: str) -> str | None:
    """A respondent must say which kind they are."""
    return (
        None
        if value in RESPONDENT_TYPES
        else "Select whether you are responding as a resident, a business or an organisation"
    )


def email_problem(value: str) -> str | None:
    """An empty e-mail is fine (it is optional); one given must look like an address."""
    if not value:
        return None
    if len(value) > MAX_EMAIL_LENGTH:
        return f"Email address must be {MAX_EMAIL_LENGTH} characters or fewer"
    if _EMAIL.fullmatch(value) is None:
        return "Enter an email address in the correct format, like name@example.com"
    return None
