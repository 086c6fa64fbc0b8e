"""Each billing authority's figures for a national run: its Band D, claimant count and claim mix,
each marked published or assumed with its source.

The bundled table (`townhall/tax/authorities/national-figures.csv`) holds one row per authority of
the register: each Band D is MHCLG's published 2026/27 area Band D; two claim counts are councils'
published ones and the rest, with every claim mix, are assumptions stated in their rows
(docs/national.md). A table in the same columns replaces it (`--figures`). A bad table is refused
with every problem at once.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import polars as pl

from townhall.input_files import read_utf8
from townhall.problems import InvalidInputError, Problem
from townhall.tax.authorities.register import find_authority

FIGURES_FILE = "national-figures.csv"
BASES = ("published", "assumed")
COLUMNS: dict[str, type[pl.DataType]] = {
    "ons_code": pl.String,
    "name": pl.String,
    "band_d_yearly": pl.Float64,
    "band_d_basis": pl.String,
    "band_d_source": pl.String,
    "claims": pl.Int64,
    "claims_basis": pl.String,
    "claims_source": pl.String,
    "pensioner_share": pl.Float64,
    "universal_credit_share": pl.Float64,
    "shares_basis": pl.String,
    "shares_source": pl.String,
}
_EXPECTED = {
    "ons_code": "an English billing authority's GSS code (see `townhall tax coverage`)",
    "band_d_yearly": "a Band D in £ a year, above 0",
    "claims": "a whole number of claims, at least 1",
    "pensioner_share": "a share from 0 to 1",
    "universal_credit_share": "a share from 0 to 1",
}


def bundled_figures_text() -> str:
    """The bundled figures table as text."""
    package = "townhall.tax.authorities"
    return resources.files(package).joinpath(FIGURES_FILE).read_text(encoding="utf-8")


def figures_from_csv(text: str, source: str) -> pl.DataFrame:
    """Parse and check a figures table: every missing column, bad value and repeated or unknown
    authority reported at once, with its row."""
    try:
        table = pl.read_csv(text.encode("utf-8"), infer_schema=False)
    except pl.exceptions.PolarsError as error:
        raise InvalidInputError([Problem(source, "(file)", "", f"a CSV table: {error}")]) from None
    missing = [name for name in COLUMNS if name not in table.columns]
    if missing:
        raise InvalidInputError(
            [
                Problem(source, name, "(missing column)", "a column of the figures table")
                for name in missing
            ]
        )
    typed = table.select(
        [pl.col(name).cast(dtype, strict=False) for name, dtype in COLUMNS.items()]
    )
    problems: list[Problem] = []
    valid = {
        "band_d_yearly": typed["band_d_yearly"] > 0,
        "claims": typed["claims"] >= 1,
        "pensioner_share": typed["pensioner_share"].is_between(0.0, 1.0),
        "universal_credit_share": typed["universal_credit_share"].is_between(0.0, 1.0),
    }
    seen: dict[str, int] = {}
    for index, row in enumerate(typed.iter_rows(named=True)):
        line = index + 2
        raw = table.row(index, named=True)
        code = (row["ons_code"] or "").strip().upper()
        if find_authority(code) is None or not code.startswith("E0"):
            problems.append(
                Problem(source, "ons_code", raw["ons_code"] or "", _EXPECTED["ons_code"], line)
            )
        elif code in seen:
            problems.append(
                Problem(
                    source, "ons_code", code, f"each authority once (row {seen[code]} has it)", line
                )
            )
        seen.setdefault(code, line)
        for name, ok in valid.items():
            if not ok[index]:  # null (not a number) or out of range
                problems.append(Problem(source, name, str(raw[name]), _EXPECTED[name], line))
        for name in ("band_d_basis", "claims_basis", "shares_basis"):
            if row[name] not in BASES:
                problems.append(Problem(source, name, str(raw[name]), "published or assumed", line))
        for name in ("band_d_source", "claims_source", "shares_source"):
            if not (row[name] or "").strip():
                problems.append(Problem(source, name, "", "where the figure comes from", line))
    if problems:
        raise InvalidInputError(problems)
    return typed.with_columns(pl.col("ons_code").str.strip_chars().str.to_uppercase())


def read_figures(path: Path | None = None) -> pl.DataFrame:
    """The figures table at `path`, or the bundled one."""
    if path is None:
        return figures_from_csv(bundled_figures_text(), f"townhall/tax/authorities/{FIGURES_FILE}")
    return figures_from_csv(read_utf8(Path(path), "a figures table (.csv)"), str(path))


__all__ = ["BASES", "COLUMNS", "bundled_figures_text", "figures_from_csv", "read_figures"]
