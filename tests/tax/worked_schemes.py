"""Schemes pinned to the figures the lever and comparison tests were worked by hand on.

Council Tax Benefit's 2012/13 amounts (`ctb-2012`) over Birmingham's own Band D of £1,113.67 alone
(no police or fire precepts): Band A £742.45, single person £556.84. The bundled schemes now carry
the whole bill and each year's own figures; these keep the levers' arithmetic easy to follow.
"""

from __future__ import annotations

from townhall.tax.rules.scheme import Scheme, scheme_from_toml

CITY_ELEMENT_ONLY = (
    "council.precepts_band_d_yearly = "
    '{ value = {}, source = "the city element alone, as these figures were worked" }\n'
)
BIRMINGHAM_LEVERS = (
    'levers.minimum_contribution = { value = 0.24, source = "the seed essay" }\n'
    "levers.protected_groups = { value = "
    '["child_under_age", "disability_premium", "disabled_child_premium", "war_pension"], '
    'source = "the seed essay" }\n'
    'levers.protected_child_under_age = { value = 6, source = "the seed essay" }\n'
)
TRANSITION_LEVERS = (
    'levers.minimum_contribution = { value = 0.085, source = "the transition grant criteria" }\n'
)


def option(toml: str = "", name: str = "test-option") -> Scheme:
    """Council Tax Benefit 2012/13 on the city element, changed as a council's option file would."""
    return scheme_from_toml(
        f'extends = "ctb-2012"\nname = "{name}"\n{CITY_ELEMENT_ONLY}{toml}', f"{name}.toml"
    )


CTB = option(name="ctb-2012")
DEFAULT = option(name="default-2013")  # no minimum contribution, as the default scheme
BIRMINGHAM = option(BIRMINGHAM_LEVERS, "birmingham-2013")  # 24% with the seed's protected groups
TRANSITION = option(TRANSITION_LEVERS, "transition-grant-2013")  # 8.5% for everyone
