"""Council tax liability and Council Tax Support: schemes as data, a vectorised means test.

The Python API, documented with examples in docs/python.md:

    import townhall.tax as tax
    scheme = tax.load_scheme("merton-2026")
    table = tax.evaluate(scheme, tax.Caseload.read("claims.csv"))

Importing this package loads nothing else: each function imports what it needs when called.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import polars as pl

    from townhall.tax.claims.caseload import Caseload
    from townhall.tax.rules.calculator import HouseholdResult
    from townhall.tax.rules.household import Household
    from townhall.tax.rules.scheme import Scheme

    SchemeLike = Scheme | str | Path
    CaseloadLike = Caseload | str | Path | pl.DataFrame

Breakdown = Literal["claimant", "household", "band", "ward", "decile"]

# Classes the API hands out, imported on first use (PEP 562).
_LAZY = {
    "Caseload": "townhall.tax.claims.caseload",
    "Household": "townhall.tax.rules.household",
    "HouseholdResult": "townhall.tax.rules.calculator",
    "Scheme": "townhall.tax.rules.scheme",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_scheme(scheme: str | Path) -> Scheme:
    """A scheme from a bundled name (`merton-2026`), a `.toml` file, or a council's name or GSS
    code (that council's newest bundled scheme). A bad file raises `InvalidInputError` listing
    every problem."""
    from townhall.tax.authorities.catalogue import resolve_scheme

    return resolve_scheme(str(scheme))


def list_schemes(
    search: str | None = None,
    *,
    region: str | None = None,
    authority_class: str | None = None,
    kind: str | None = None,
    year: str | None = None,
    status: str | None = None,
) -> pl.DataFrame:
    """The bundled schemes, one row each (council, ONS code, region, class, year, kind, complete),
    filtered as `townhall tax schemes` filters them."""
    import polars as pl

    from townhall.tax.authorities.catalogue import Filters, select

    names = ("region", "authority_class", "kind", "year", "status")
    filters = Filters.checked(
        region, authority_class, kind, year, status, search, labels={n: n for n in names}
    )
    rows = [each.record() for each in select(filters)]
    text = ("name", "title", "year", "council", "ons_code", "authority", "region", "class", "kind")
    schema: dict[str, Any] = dict.fromkeys(text, pl.String)
    schema |= {"complete": pl.Boolean, "missing": pl.List(pl.String)}
    return pl.DataFrame(rows, schema=schema)


def evaluate(scheme: SchemeLike, caseload: CaseloadLike) -> pl.DataFrame:
    """Every claim's award under a scheme: one row a claim with its liability, award, what is left
    to pay and the flags that explain it, then the caseload's own extra columns."""
    from townhall.tax.rules.evaluate import evaluate as evaluated

    return evaluated(_scheme(scheme), _caseload(caseload)).table()


def compare(
    base: SchemeLike,
    options: SchemeLike | Sequence[SchemeLike],
    caseload: CaseloadLike,
    *,
    by: Breakdown | None = None,
    gap_yearly: float | None = None,
) -> pl.DataFrame:
    """Options against a base scheme over one caseload: one row an option (cost, saving, how many
    gain and lose...), or with `by` (claimant, household, band, ward or decile) one row an option
    and group."""
    from townhall.tax.impact.compare import compare as compared

    chosen = (
        [options]
        if isinstance(options, str | Path) or not isinstance(options, Sequence)
        else options
    )
    result = compared(
        _scheme(base),
        [_scheme(option) for option in chosen],
        _caseload(caseload),
        gap_yearly=gap_yearly,
        breakdowns=() if by is None else (by,),
    )
    if by is None:
        return result.summary()
    (table,) = result.breakdowns.values()
    return table


def household(scheme: SchemeLike, **details: Any) -> HouseholdResult:
    """One household's figures under a scheme, with the steps behind them. `details` are a
    `Household`'s fields as a resident gives them: band, claimant_age, partner_age, children,
    weekly_earnings, universal_credit, uc_award_monthly... (docs/tax.md)."""
    from townhall.tax.rules.calculator import calculate_household
    from townhall.tax.rules.household import household_from_mapping

    return calculate_household(_scheme(scheme), household_from_mapping(details))


def diff(a: SchemeLike, b: SchemeLike) -> pl.DataFrame:
    """Every figure that differs between two schemes: parameter, from, to and both sources."""
    from townhall.tax.rules.scheme_diff import scheme_diff

    return scheme_diff(_scheme(a), _scheme(b)).to_polars()


def standard_households(a: SchemeLike, b: SchemeLike) -> pl.DataFrame:
    """A few standard households' yearly award and bill under two schemes, and the difference."""
    from townhall.tax.rules.standard_households import standard_households_table

    return standard_households_table(_scheme(a), _scheme(b))


def _scheme(scheme: SchemeLike) -> Scheme:
    from townhall.tax.rules.scheme import Scheme

    return scheme if isinstance(scheme, Scheme) else load_scheme(scheme)


def _caseload(caseload: CaseloadLike) -> Caseload:
    import polars as pl

    from townhall.tax.claims.caseload import Caseload

    if isinstance(caseload, Caseload):
        return caseload
    if isinstance(caseload, pl.DataFrame):
        return Caseload.from_frame(caseload)
    return Caseload.read(caseload)


__all__ = [
    "Caseload",
    "Household",
    "HouseholdResult",
    "Scheme",
    "compare",
    "diff",
    "evaluate",
    "household",
    "list_schemes",
    "load_scheme",
    "standard_households",
]
