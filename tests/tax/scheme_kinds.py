"""Which bundled schemes the slower per-scheme tests run on: every kind of rule taken.

With a hundred councils bundled, running every hypothesis search and optimiser test on every scheme
would take most of the suite's time while adding little: councils of one kind differ in their
figures, not in the code their rules take. So the slower tests run on the schemes Townhall started
with (the national ones and the first councils, worked by hand in code) and on further schemes,
chosen so that every choice of rule that sends a claim down a different path is taken by at least one.
Every bundled scheme still meets the specification on a large drawn caseload (test_tax_rules) and
its own hand-worked households (test_tax_council_cases).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from townhall.tax.rules.scheme import Scheme, bundled_scheme_names, load_bundled_scheme

CORE = (
    "ctb-2012",
    "default-2013",
    "birmingham-2013",
    "transition-grant-2013",
    "oxford-2026",
    "merton-2026",
    "kingston-upon-thames-2026",
    "newham-2026",
    "westminster-2026",
    "dover-2026",
    "castle-point-2026",
    "ealing-2026",
)


def kind(scheme: Scheme) -> tuple[Any, ...]:
    """The rule choices that change which path a claim takes through the means test."""
    working, levers = scheme.working_age, scheme.levers
    universal_credit = working.universal_credit
    return (
        levers.income_grid is not None,
        levers.band_cap.value != "none",
        levers.minimum_contribution.value > 0,
        levers.minimum_award_weekly.value > 0,
        bool(levers.protected_groups.value),
        working.capital.lower_limit.value >= working.capital.upper_limit.value,
        working.non_dependant_deduction_not_in_work_weekly is not None,
        bool(working.second_adult_rebate.enabled.value),
        tuple(sorted(working.non_dependant_exemptions.value))
        if working.non_dependant_exemptions is not None
        else None,
        *(() if working.income_disregards is None else _values(working.income_disregards)),
        *(() if universal_credit is None else _values(universal_credit)),
    )


# Figures whose amount or groups do not change a claim's path, only whether they are stated.
STATED_ONLY = {"disability_weekly", "disability_for"}


def _values(model: Any) -> tuple[Any, ...]:
    """A model's figures without their sources, in field order, one entry for every field (None
    where not stated), so that each figure keeps its place in `kind`; for STATED_ONLY, whether
    it is stated."""
    return tuple(
        (name, field is not None if name in STATED_ONLY else repr(getattr(field, "value", field)))
        for name, field in model
    )


@cache
def representative_schemes() -> tuple[str, ...]:
    """CORE, then, greedily, the schemes that bring the most rule choices not yet covered, until
    every value of every choice in `kind` that some bundled scheme makes is covered."""
    names = sorted(bundled_scheme_names())
    features = {name: set(enumerate(kind(load_bundled_scheme(name)))) for name in names}
    chosen = [name for name in CORE if name in features]
    covered = set().union(*(features[name] for name in chosen))
    while True:
        best = max(names, key=lambda name: len(features[name] - covered))
        if not features[best] - covered:
            return tuple(chosen)
        chosen.append(best)
        covered |= features[best]


def other_schemes() -> tuple[str, ...]:
    """Every bundled scheme that is not representative."""
    chosen = set(representative_schemes())
    return tuple(name for name in sorted(bundled_scheme_names()) if name not in chosen)
