"""What a question or option speaks to: the proposal, one alternative, or nothing yet.

Officers set the link when they build the consultation; the report groups answers by it and never
guesses from shared words. A link is stored as text: "" (not linked), "proposal", or
"alternative-<id>" (the alternative's row id, so reordering alternatives keeps links).
"""

from __future__ import annotations

from collections.abc import Iterable

PROPOSAL = "proposal"
NOT_LINKED = ""
_ALTERNATIVE = "alternative-"


def alternative_link(alternative_id: int) -> str:
    """The stored link to one alternative."""
    return f"{_ALTERNATIVE}{alternative_id}"


def linked_alternative(link: str) -> int | None:
    """The alternative id a link names, or None for the proposal or no link."""
    if link.startswith(_ALTERNATIVE) and link[len(_ALTERNATIVE) :].isdigit():
        return int(link[len(_ALTERNATIVE) :])
    return None


def link_choices(alternatives: Iterable[tuple[int, str]]) -> list[tuple[str, str]]:
    """The options of a "speaks to" drop-down: none, the proposal, then each alternative."""
    return [
        (NOT_LINKED, "Not linked to the proposal or an alternative"),
        (PROPOSAL, "The proposal"),
        *((alternative_link(i), f"Alternative: {title}") for i, title in alternatives),
    ]


def valid_link(link: str, alternative_ids: Iterable[int]) -> bool:
    """True if `link` is empty, the proposal, or one of these alternatives."""
    if link in (NOT_LINKED, PROPOSAL):
        return True
    return linked_alternative(link) in set(alternative_ids)


def effective_link(option_link: str, question_link: str) -> str:
    """An option's own link, else its question's (an option can speak to something else)."""
    return option_link or question_link
