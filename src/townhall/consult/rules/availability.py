"""Whether a consultation takes responses on a given day."""

from __future__ import annotations

from datetime import date
from typing import Literal

Availability = Literal["draft", "not_yet_open", "open", "closed"]
STATUSES = ("draft", "published", "closed")


def availability(status: str, opens_on: date, closes_on: date, today: date) -> Availability:
    """Open only when published and today is within the dates (the closing day counts)."""
    if status == "draft":
        return "draft"
    if status == "closed" or today > closes_on:
        return "closed"
    if today < opens_on:
        return "not_yet_open"
    return "open"


def dates_problem(opens_on: date, closes_on: date) -> str | None:
    """A consultation must close after it opens."""
    if closes_on < opens_on:
        return "The closing date must be the same as or after the opening date"
    return None
