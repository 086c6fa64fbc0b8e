"""Who keeps a saving: the billing authority and each preceptor, in proportion to its Band D.

Support reduces the whole bill, so the fall in the cost of support (the saving) comes back to the
billing authority and each precepting authority (county, police, fire, parishes, the GLA) in
proportion to its Band D: its Band D ÷ the whole Band D. A shire district keeps about a ninth of
it; a metropolitan or unitary council most of it. The split uses the option's council's figures,
since the saving falls in the option's year.
"""

from __future__ import annotations

from dataclasses import dataclass

from townhall.tax.rules.scheme import Council

# How preceptors are named to people; a key not listed is shown with spaces for underscores.
PRECEPTOR_NAMES = {
    "police": "the police authority",
    "fire": "the fire authority",
    "county": "the county council",
    "parish": "the parish councils",
    "parishes": "the parish councils",
    "gla": "the Greater London Authority",
    "county_and_police": "the county council and the police authority",
}
_AUTHORITIES = ("police", "fire")


@dataclass(frozen=True)
class PreceptorSaving:
    """One authority's part of a saving (negative when the option costs more)."""

    authority: str
    billing_authority: bool
    band_d_yearly: float
    share: float
    saving_yearly: float


def preceptor_name(key: str) -> str:
    """A preceptor's key in a scheme file (police, fire, county…) as people say it."""
    return PRECEPTOR_NAMES.get(key, "the " + key.replace("_", " "))


def others_phrase(keys: list[str]) -> str:
    """The preceptors together: 'the police and fire authorities', 'the Greater London Authority'."""
    if len(keys) > 1 and all(key in _AUTHORITIES for key in keys):
        return f"the {_joined(keys)} authorities"
    return _joined([preceptor_name(key) for key in keys])


def saving_by_preceptor(council: Council, saving_yearly: float) -> list[PreceptorSaving]:
    """The saving split between the billing authority (first) and each preceptor by Band D."""
    total = council.band_d_total_yearly()
    precepts = council.precepts_band_d_yearly.value if council.precepts_band_d_yearly else {}
    parts = [(council.name, True, council.band_d_yearly.value)]
    parts += [(preceptor_name(key), False, band_d) for key, band_d in precepts.items()]
    return [
        PreceptorSaving(
            authority=name,
            billing_authority=own,
            band_d_yearly=band_d,
            share=band_d / total if total else (1.0 if own else 0.0),
            saving_yearly=saving_yearly * band_d / total if total else saving_yearly * own,
        )
        for name, own, band_d in parts
    ]


def _joined(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
