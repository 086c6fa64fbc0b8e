"""Rounding money and converting between weekly and yearly amounts, each convention named.

Council Tax Support regulations work in weeks: a weekly liability is the yearly charge divided by
365 and multiplied by 7 (SI 2012/2885 Sch. 1 para 2 "weekly amount"). Councils quote what a
household pays "a week" to residents as the yearly amount divided by 52 (Birmingham's £178 a year is
£3.43 a week). Both conventions are kept, named, and used only where each belongs.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

WEEKS_PER_YEAR_REGULATION = 365.0 / 7.0  # weekly = yearly ÷ 365 × 7 (SI 2012/2885 Sch. 1 para 2)
WEEKS_IN_YEAR_FOR_DISPLAY = 52

FloatArray = NDArray[np.float64]


def round_pence(amount: FloatArray, out: FloatArray | None = None) -> FloatArray:
    """Round to the nearest penny, halves up (a tiny epsilon absorbs binary float error).

    With `out`, each step is written into it rather than into a new temporary (the same steps in
    the same order, so the same result); `out` may be `amount` itself."""
    if out is None:
        return np.floor(np.asarray(amount, dtype=np.float64) * 100.0 + 0.5 + 1e-7) / 100.0
    np.multiply(amount, 100.0, out=out)
    np.add(out, 0.5, out=out)
    np.add(out, 1e-7, out=out)
    np.floor(out, out=out)
    np.divide(out, 100.0, out=out)
    return out


def round_penny(amount: float) -> float:
    """Round one amount to the nearest penny, halves up."""
    return float(round_pence(np.array([amount]))[0])


def weighted_total(amounts: FloatArray, weights: FloatArray) -> float:
    """The exact weighted total of amounts in pounds and pence, the same whatever the order.

    With whole-number weights the pence are summed as integers; otherwise `math.fsum` gives the
    correctly rounded sum. A float dot product can differ in its last digit between machines and
    thread counts, which would make a distributed run differ from a single-process one.
    """
    if np.all(np.mod(weights, 1.0) == 0):
        pence = np.rint(np.asarray(amounts) * 100.0).astype(np.int64)
        return int(np.sum(pence * weights.astype(np.int64))) / 100.0
    return math.fsum(np.asarray(amounts) * weights)


def yearly_to_display_weekly(yearly: FloatArray) -> FloatArray:
    """What a household pays 'a week' as councils tell residents: yearly ÷ 52, to the penny."""
    return round_pence(yearly / WEEKS_IN_YEAR_FOR_DISPLAY)
