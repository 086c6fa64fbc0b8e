"""Reading amounts of money and band counts as people type them on the command line."""

from __future__ import annotations

import re

from townhall.problems import InvalidInputError, Problem
from townhall.tax.bands import BANDS

_AMOUNT = re.compile(r"^£?\s*(?P<number>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>[mMkK]?)$")


def parse_pounds(text: str, option: str) -> float:
    """£10.9m, 10.9m, 10,900,000 or 500k as pounds; anything else is a clear error."""
    match = _AMOUNT.match(text.strip())
    if not match:
        raise InvalidInputError(
            [Problem(option, option, text, "an amount of pounds such as 10.9m, 500k or 10,900,000")]
        )
    number = float(match["number"].replace(",", ""))
    return number * {"": 1.0, "k": 1e3, "m": 1e6}[match["unit"].lower()]


def parse_band_counts(text: str, option: str) -> dict[str, float]:
    """Counts of homes by band written as A:120,B:80."""
    counts: dict[str, float] = {}
    problems = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        band, _, count = part.partition(":")
        if band.strip().upper() not in BANDS or not count.strip().replace(".", "", 1).isdigit():
            problems.append(Problem(option, option, part, "band:count pairs such as A:120,B:80"))
            continue
        counts[band.strip().upper()] = float(count)
    if problems:
        raise InvalidInputError(problems)
    return counts
