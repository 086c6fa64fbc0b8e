"""Rules for opinion statements, votes, ideas and comments: limits, moderation and public status.

Pure functions over plain values, so the pages and the tests check exactly the same thing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Literal

STATEMENT_MAX = 280
TITLE_MAX = 120
DESCRIPTION_MAX = 2000
COMMENT_MAX = 1000
REASON_MAX = 1000
STATUS_REASON_MAX = 2000

VoteName = Literal["agree", "disagree", "pass"]
VOTES: dict[str, int] = {"agree": 1, "disagree": -1, "pass": 0}
VOTE_NAMES: dict[int, str] = {1: "Agree", -1: "Disagree", 0: "Pass"}

MODERATION = ("pending", "approved", "rejected")
DECISIONS = ("approve", "reject")
IDEA_STATUSES: dict[str, str] = {
    "under_consideration": "Under consideration",
    "adopted": "Adopted",
    "not_adopted": "Not adopted",
}
STATUS_NEEDS_REASON = frozenset({"adopted", "not_adopted"})

# Opinion groups need this many participants with at least MIN_VOTES votes each. Fewer than ten
# people split into two to five groups gives groups of one or two, whose "agree rates" are then
# individual votes made public, and whose positions k-means cannot separate from noise.
MIN_PARTICIPANTS = 10
MIN_VOTES = 3
# On public pages a group smaller than this has its rates withheld, as equality counts under 5 are.
MIN_PUBLIC_GROUP = 5


def _control_characters(text: str) -> bool:
    """True if `text` holds control characters other than line ends and tabs."""
    return any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in text)


def text_problem(text: str, what: str, limit: int, required: bool = True) -> str | None:
    """Blank, too long, or holding control characters: the message to show, else None."""
    if not text:
        return f"Enter {what}" if required else None
    if len(text) > limit:
        return f"{what[0].upper()}{what[1:]} must be {limit:,} characters or fewer (it has {len(text):,})"
    if _control_characters(text):
        return f"{what[0].upper()}{what[1:]} must be plain text"
    return None


def statement_problem(text: str) -> str | None:
    """A statement is one line of at most 280 characters."""
    if "\n" in text:
        return "A statement must be a single line"
    return text_problem(text, "a statement", STATEMENT_MAX)


def vote_value(name: str) -> int | None:
    """1, -1 or 0 for agree, disagree or pass; None for anything else."""
    return VOTES.get(name)


def next_statement(approved: Sequence[int], voted: set[int]) -> int | None:
    """The first approved statement (in the order shown) this participant has not voted on yet."""
    return next((statement for statement in approved if statement not in voted), None)


def idea_problems(values: Mapping[str, str], ward_ids: set[int]) -> dict[str, str]:
    """Every problem with a proposed idea, by field: title, description and (optional) ward."""
    problems: dict[str, str] = {}
    if (problem := text_problem(values.get("title", ""), "a title", TITLE_MAX)) is not None:
        problems["title"] = problem
    elif "\n" in values.get("title", ""):
        problems["title"] = "A title must be a single line"
    description = values.get("description", "")
    if (problem := text_problem(description, "a description", DESCRIPTION_MAX)) is not None:
        problems["description"] = problem
    if (ward := values.get("ward", "")) and not (ward.isdigit() and int(ward) in ward_ids):
        problems["ward"] = "Select a ward from the list, or leave it blank"
    return problems


def comment_problem(text: str) -> str | None:
    """A comment is up to 1,000 characters."""
    return text_problem(text, "a comment", COMMENT_MAX)


def moderation_problems(decision: str, reason: str) -> dict[str, str]:
    """Approve needs nothing more; reject needs a reason (kept, and shown to officers)."""
    problems: dict[str, str] = {}
    if decision not in DECISIONS:
        problems["decision"] = "Select approve or reject"
    elif decision == "reject" and not reason:
        problems["reason"] = "Enter the reason for rejecting it"
    if reason and (problem := text_problem(reason, "the reason", REASON_MAX)) is not None:
        problems["reason"] = problem
    return problems


def status_problems(status: str, reason: str) -> dict[str, str]:
    """A public status; adopted and not adopted need a reason residents can read."""
    problems: dict[str, str] = {}
    if status not in IDEA_STATUSES:
        problems["status"] = "Select under consideration, adopted or not adopted"
    elif status in STATUS_NEEDS_REASON and not reason:
        problems["reason"] = (
            f"Enter the reason the idea was {IDEA_STATUSES[status].lower()}: residents see it"
        )
    if reason and (problem := text_problem(reason, "the reason", STATUS_REASON_MAX)) is not None:
        problems["reason"] = problem
    return problems
