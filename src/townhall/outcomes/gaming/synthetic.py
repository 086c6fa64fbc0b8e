"""Synthetic data with gaming injected at a known strength (0 = clean), seeded, so tests and the
detection-rate command can show each check finds gaming and stays quiet on clean data."""

from __future__ import annotations

import numpy as np


def durations(rng: np.random.Generator, size: int, cutoff: float, strength: float) -> np.ndarray:
    """Job durations in days; a share `strength` of those ending within 14 days before the
    cut-off are recorded as lasting just past it."""
    days = rng.gamma(2.0, 60.0, size)
    near = (days >= cutoff - 14) & (days < cutoff)
    moved = near & (rng.random(size) < strength)
    days[moved] = cutoff + rng.uniform(0, 3, moved.sum())
    return days


def enrolment(
    rng: np.random.Generator, size: int, strength: float
) -> tuple[np.ndarray, np.ndarray]:
    """Risk scores of eligible people and who was enrolled: with `strength`, lower risk is
    likelier to be enrolled."""
    risk = rng.normal(0.0, 1.0, size)
    probability = 1 / (1 + np.exp(strength * 3 * risk))
    return risk, rng.random(size) < probability


def reported_amounts(rng: np.random.Generator, size: int, strength: float) -> np.ndarray:
    """Reported amounts spanning orders of magnitude; a share `strength` invented (uniform 100–999)."""
    amounts = np.exp(rng.uniform(np.log(10), np.log(100_000), size))
    invented = rng.random(size) < strength
    amounts[invented] = rng.uniform(100, 999, invented.sum())
    return amounts


def schedule(
    rng: np.random.Generator, periods: int, strength: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scheduled and actual journey minutes by period; `strength` minutes of padding added a period."""
    period = np.arange(periods, dtype=float)
    actual = 60 + rng.normal(0, 1.5, periods)
    target = 60 + strength * period + rng.normal(0, 0.3, periods)
    return period, target, actual


def effort(rng: np.random.Generator, size: int, strength: float) -> tuple[np.ndarray, np.ndarray]:
    """Risk and effort (contact hours); with `strength`, harder cases get fewer hours."""
    risk = rng.normal(0.0, 1.0, size)
    hours = np.maximum(10 - strength * 6 * risk + rng.normal(0, 3, size), 0.0)
    return risk, hours
