"""Each authority's scheme levers as a row, and how they spread across councils."""

from __future__ import annotations

import polars as pl

from townhall.tax.authorities.catalogue import scheme_kind
from townhall.tax.national.plan import AuthorityRun
from townhall.tax.rules.scheme import Scheme

LEVERS = {
    "maximum_support": "Maximum support (share of the bill)",
    "band_cap": "Band cap",
    "minimum_award_weekly": "Minimum award (£ a week)",
    "capital_limit": "Capital limit, working age (£)",
    "taper": "Taper, working age",
    "kind": "Scheme kind",
}


def scheme_levers(scheme: Scheme) -> dict[str, object]:
    """A scheme's working-age levers: the most support it gives (the top discount of an income
    grid, else 100% less the minimum contribution), band cap, minimum award, capital limit, taper
    (means-tested schemes only) and kind."""
    levers = scheme.levers
    kind = scheme_kind(scheme)
    if levers.income_grid is not None:
        top = max(d for band in levers.income_grid.bands.value for d in band.discount.values())
    else:
        top = 1.0 - levers.minimum_contribution.value
    return {
        "maximum_support": round(top, 4),
        "band_cap": levers.band_cap.value,
        "minimum_award_weekly": levers.minimum_award_weekly.value,
        "capital_limit": scheme.working_age.capital.upper_limit.value,
        "taper": scheme.working_age.taper.value if kind == "means-tested" else None,
        "kind": kind,
    }


def levers_table(runs: list[AuthorityRun]) -> pl.DataFrame:
    """One row per authority: its scheme, status and levers."""
    return pl.DataFrame(
        [
            {
                "ons_code": run.code,
                "authority": run.name,
                "scheme": run.scheme_name,
                "scheme_status": run.status,
                **scheme_levers(run.scheme),
            }
            for run in runs
        ]
    )


def lever_spread(levers: pl.DataFrame) -> pl.DataFrame:
    """For each lever, how many authorities' schemes set each value, bundled and default apart."""
    parts = []
    for lever, label in LEVERS.items():
        counted = (
            levers.with_columns(
                pl.col(lever).cast(pl.String).fill_null("(not set)").alias("value"),
                pl.when(pl.col("scheme_status") == "default")
                .then(pl.lit("default scheme"))
                .otherwise(pl.lit("bundled scheme"))
                .alias("scheme_source"),
            )
            .group_by("value", "scheme_source")
            .agg(pl.len().cast(pl.Int64).alias("authorities"))
            .select(pl.lit(label).alias("lever"), "value", "scheme_source", "authorities")
        )
        parts.append(counted.sort("value", "scheme_source"))
    return pl.concat(parts)


__all__ = ["LEVERS", "lever_spread", "levers_table", "scheme_levers"]
