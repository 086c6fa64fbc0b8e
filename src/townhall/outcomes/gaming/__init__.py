"""Checks for gaming of an outcomes contract, each with a statistic, a p-value or score, and a
plain-English reading."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CheckResult:
    """What one check found."""

    check: str
    statistic: float
    p_value: float | None
    flagged: bool
    reading: str
