"""When a consultation closes or closed, in words residents and officers read everywhere.

A consultation takes responses until the end of its closing day in UK time (11:59pm), unless an
officer closes it earlier: then the moment they closed it is the real close, and pages say it
closed early. Pure: the status, dates and the officer's closing time are given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Closing:
    """The real close (`at`, UK time), whether it has passed, and whether it was early."""

    at: datetime
    past: bool
    early: bool
    due: datetime


def end_of_day(day: date) -> datetime:
    """The last minute residents can respond on `day`: 11:59pm UK time."""
    return datetime.combine(day, time(23, 59), LONDON)


def closing(status: str, closes_on: date, closed_at: datetime | None, now: datetime) -> Closing:
    """The consultation's close: an officer's "Close now" (`closed_at`) while its status is
    closed and that came before the end of the closing day, else the end of the closing day."""
    due = end_of_day(closes_on)
    if status == "closed" and closed_at is not None:
        moment = _uk(closed_at)
        if moment < due + timedelta(minutes=1):
            return Closing(moment, True, True, due)
        return Closing(due, True, False, due)
    past = status == "closed" or _uk(now) >= due + timedelta(minutes=1)
    return Closing(due, past, False, due)


def _uk(moment: datetime) -> datetime:
    """A stored moment (UTC, without its zone on SQLite) in UK time."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(LONDON)


def moment_words(moment: datetime) -> str:
    """2 December 2012 at 4:05pm (UK time)."""
    local = _uk(moment)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{local.day} {local:%B %Y} at {hour}:{local.minute:02d}{suffix}"


def closing_words(found: Closing) -> str:
    """ "Closes at 11:59pm on…", "Closed at…" or "Closed early on…", for any page."""
    if found.early:
        return (
            f"Closed early on {moment_words(found.at)} "
            f"(it was due to close on {moment_words(found.due)})"
        )
    return f"{'Closed' if found.past else 'Closes'} on {moment_words(found.at)}"
