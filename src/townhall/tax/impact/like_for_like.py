"""Whether an option can fairly be set beside the base: the same council and the same year.

Options of another council (another bill, other precepts) or another year (other prices,
prescribed amounts and precepts) still compute, but part of the difference is then not the
scheme's doing; these say exactly what differs, for the terminal, the report and the workbook.
"""

from __future__ import annotations

from townhall.reports.formats import pounds
from townhall.tax.rules.scheme import Scheme


def differences(base: Scheme, option: Scheme, names: list[str] | None = None) -> str | None:
    """What differs between an option and the base beyond its levers, in one sentence, or None.
    `names` lists every option sharing this option's council, year and bill (default: its own)."""
    names = names or [option.name]
    different_council = option.council.name != base.council.name
    different_year = option.year != base.year
    if not different_council and not different_year:
        return None
    what = [
        label
        for label, differs in (("council", different_council), ("year", different_year))
        if differs
    ]
    option_band_d = option.council.band_d_total_yearly()
    base_band_d = base.council.band_d_total_yearly()
    bill = (
        f"whole Band D bill {pounds(option_band_d)} against {pounds(base_band_d)}"
        if abs(option_band_d - base_band_d) >= 0.005
        else f"the same whole Band D bill of {pounds(base_band_d)}"
    )
    consequence = (
        "the saving sets one council's bills and claimants' support against another's, so it is "
        "not a saving either council could make"
        if different_council
        else "part of the difference comes from the year's bills and prescribed amounts, not "
        "from the scheme's choices"
    )
    subject = (
        f"{names[0]} is {option.council.name}'s scheme"
        if len(names) == 1
        else f"{', '.join(names[:-1])} and {names[-1]} are {option.council.name}'s schemes"
    )
    return (
        f"{subject} for {option.year}; the base, {base.name}, "
        f"is {base.council.name}'s for {base.year} (a different {' and '.join(what)}; {bill}): "
        f"{consequence}."
    )


def comparison_warnings(base: Scheme, options: list[Scheme]) -> list[str]:
    """One warning for each council, year and bill among the options that is not the base's;
    options that share them share the warning."""
    alike: dict[tuple[str, str, float], list[Scheme]] = {}
    for option in options:
        key = (option.council.name, option.year, round(option.council.band_d_total_yearly(), 2))
        alike.setdefault(key, []).append(option)
    found = [differences(base, group[0], [s.name for s in group]) for group in alike.values()]
    return [warning for warning in found if warning is not None]
