"""A synthetic table of England's billing authorities and their 2013/14 scheme levers.

Published: England had 326 billing authorities in 2013/14 (33 London boroughs including the City,
36 metropolitan districts, 56 unitary authorities including the Isles of Scilly, 201 shire
districts), and the average Band D council tax by class (DCLG, "Council Tax levels set by local
authorities in England: 2013 to 2014 (revised)", 22 August 2013: London £1,302, metropolitan
£1,421, unitary £1,486, shire districts £1,510; England £1,456). Assumed (no per-authority data is
shipped): each authority's Band D (its class average with a 6% spread), its claimant count
(3.7 million in all, more per authority in cities) and its scheme's levers (docs/national.md).
Authority names are placeholders ("London borough 07"), not real councils.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from townhall.input_files import check_input_file
from townhall.problems import InvalidInputError, Problem
from townhall.tax.bands import BANDS

CLASSES = (
    # class, number of authorities, average Band D 2013/14 (DCLG), relative claimant count (assumed)
    ("London borough", 33, 1302.0, 2.2),
    ("Metropolitan district", 36, 1421.0, 2.6),
    ("Unitary authority", 56, 1486.0, 1.5),
    ("Shire district", 201, 1510.0, 0.55),
)
NATIONAL_CLAIMS = 3_700_000
LEVER_COLUMNS = {
    "code": pl.String,
    "name": pl.String,
    "band_d_total_yearly": pl.Float64,
    "claims": pl.Int64,
    "pensioner_share": pl.Float64,
    "minimum_contribution": pl.Float64,
    "band_cap": pl.String,
    "minimum_award_weekly": pl.Float64,
    "taper": pl.Float64,
    "protected_groups": pl.String,
}


def synthetic_authorities(seed: int = 2013, total_claims: int = NATIONAL_CLAIMS) -> pl.DataFrame:
    """One row per billing authority: its Band D, claimant count and scheme levers (assumed)."""
    rng = np.random.default_rng(seed)
    rows = []
    weights = np.concatenate([np.full(count, relative) for _, count, _, relative in CLASSES])
    weights = weights * rng.lognormal(0.0, 0.35, len(weights))
    claims = np.maximum(np.round(weights / weights.sum() * total_claims).astype(int), 200)
    claims[-1] += total_claims - claims.sum()
    index = 0
    for name, count, band_d, _ in CLASSES:
        for number in range(1, count + 1):
            # Schemes (assumed): a fifth kept CTB's rules, a third met the transition grant's 8.5%,
            # the rest set 10% to 30%; a few capped bands, set minimum awards or raised the taper.
            kind = rng.random()
            contribution = (
                0.0
                if kind < 0.2
                else 0.085
                if kind < 0.53
                else float(rng.choice([0.1, 0.15, 0.2, 0.25, 0.3]))
            )
            rows.append(
                {
                    "code": f"X{index + 1:04d}",
                    "name": f"{name} {number:02d}",
                    "band_d_total_yearly": round(band_d * rng.normal(1.0, 0.06), 2),
                    "claims": int(claims[index]),
                    "pensioner_share": round(float(rng.uniform(0.35, 0.5)), 3),
                    "minimum_contribution": contribution,
                    "band_cap": str(rng.choice(["none", "none", "none", "D", "C"]))
                    if contribution > 0.085
                    else "none",
                    "minimum_award_weekly": float(rng.choice([0.0, 0.0, 1.0, 2.0]))
                    if contribution > 0
                    else 0.0,
                    "taper": 0.2 if contribution <= 0.085 else float(rng.choice([0.2, 0.25])),
                    "protected_groups": "disability_premium;disabled_child_premium;war_pension"
                    if contribution > 0.085
                    else "",
                }
            )
            index += 1
    return pl.DataFrame(rows, schema=LEVER_COLUMNS)


def read_authorities(path: str) -> pl.DataFrame:
    """Read an authorities-and-levers CSV, checking every column and row (all problems at once)."""
    check_input_file(Path(path), "an authorities table (CSV)")
    try:
        table = pl.read_csv(path, infer_schema=False)
    except (OSError, pl.exceptions.PolarsError) as error:
        raise InvalidInputError(
            [Problem(path, "(file)", path, f"a readable CSV file: {error}")]
        ) from None
    problems: list[Problem] = [
        Problem(
            path, name, "(missing column)", "a column of the authorities table (docs/national.md)"
        )
        for name in LEVER_COLUMNS
        if name not in table.columns
    ]
    if problems:
        raise InvalidInputError(problems)
    typed = table.select(
        [pl.col(name).cast(dtype, strict=False) for name, dtype in LEVER_COLUMNS.items()]
    )
    for name in LEVER_COLUMNS:
        bad = typed[name].is_null() & table[name].is_not_null() | table[name].is_null() & (
            name != "protected_groups"
        )
        for row in np.flatnonzero(bad.to_numpy())[:200]:
            problems.append(
                Problem(path, name, str(table[name][int(row)]), f"a valid {name}", row=int(row) + 2)
            )
    caps = typed["band_cap"].fill_null("none")
    for row in np.flatnonzero(~caps.is_in([*BANDS, "none"]).to_numpy())[:200]:
        problems.append(
            Problem(
                path, "band_cap", str(caps[int(row)]), "none or a band A to H", row=int(row) + 2
            )
        )
    if problems:
        raise InvalidInputError(problems)
    return typed.with_columns(pl.col("protected_groups").fill_null(""))
