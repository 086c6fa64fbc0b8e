"""The fixed words of an accountability map: services, kinds of body, how a body is chosen, roles.

Fixed vocabularies make registers comparable between places and let every measure count like with
like; each word has the plain-English label shown to residents.
"""

from __future__ import annotations

from typing import Literal, get_args

ServiceId = Literal[
    "adult-social-care",
    "childrens-services",
    "schools",
    "policing",
    "fire",
    "planning-decisions",
    "planning-appeals",
    "highways",
    "public-transport",
    "waste-collection",
    "waste-disposal",
    "housing",
    "council-tax-collection",
    "council-tax-support",
    "public-health",
    "hospital-care",
    "gp-services",
    "libraries",
    "economic-development",
    "adult-skills",
]

SERVICES: dict[str, str] = {
    "adult-social-care": "Adult social care",
    "childrens-services": "Children's services",
    "schools": "Schools",
    "policing": "Policing",
    "fire": "Fire and rescue",
    "planning-decisions": "Planning decisions",
    "planning-appeals": "Planning appeals",
    "highways": "Highways",
    "public-transport": "Public transport",
    "waste-collection": "Waste collection",
    "waste-disposal": "Waste disposal",
    "housing": "Housing",
    "council-tax-collection": "Council tax collection",
    "council-tax-support": "Council Tax Support",
    "public-health": "Public health",
    "hospital-care": "Hospital care",
    "gp-services": "GP services",
    "libraries": "Libraries",
    "economic-development": "Economic development",
    "adult-skills": "Adult skills",
}

BodyKind = Literal[
    "county-council",
    "district-council",
    "unitary-council",
    "metropolitan-district-council",
    "london-borough",
    "parish-council",
    "combined-authority",
    "mayor",
    "police-and-crime-commissioner",
    "fire-and-rescue-authority",
    "transport-executive",
    "integrated-care-board",
    "nhs-trust",
    "academy-trust",
    "council-company",
    "national-body",
]

BODY_KINDS: dict[str, str] = {
    "county-council": "county council",
    "district-council": "district council",
    "unitary-council": "unitary council",
    "metropolitan-district-council": "metropolitan district council",
    "london-borough": "London borough council",
    "parish-council": "parish or town council",
    "combined-authority": "combined authority",
    "mayor": "directly elected mayor",
    "police-and-crime-commissioner": "police and crime commissioner",
    "fire-and-rescue-authority": "fire and rescue authority",
    "transport-executive": "transport executive",
    "integrated-care-board": "NHS integrated care board",
    "nhs-trust": "NHS trust or foundation trust",
    "academy-trust": "academy trust",
    "council-company": "company owned by a council",
    "national-body": "national body",
}

Selection = Literal[
    "elected-locally",
    "directly-elected-individual",
    "indirectly-elected",
    "appointed-nationally",
    "board-appointed",
    "part-of-another-body",
]

SELECTIONS: dict[str, str] = {
    "elected-locally": "elected locally (councillors chosen by local voters)",
    "directly-elected-individual": "directly elected individual (mayor or commissioner)",
    "indirectly-elected": "indirectly elected (members appointed by elected councils)",
    "appointed-nationally": "appointed nationally (ministers or a national agency)",
    "board-appointed": "board appointed (members chosen under national rules, not by voters)",
    "part-of-another-body": "part of another body (answers through it)",
}

SELECTIONS_SHORT: dict[str, str] = {
    "elected-locally": "elected locally",
    "directly-elected-individual": "directly elected",
    "indirectly-elected": "indirectly elected",
    "appointed-nationally": "appointed nationally",
    "board-appointed": "board appointed",
    "part-of-another-body": "part of another body",
}

DIRECTLY_ELECTED_LOCALLY: frozenset[str] = frozenset(
    {"elected-locally", "directly-elected-individual"}
)
"""Selections that give a body a direct local democratic mandate (the essay's 'priceless asset')."""

Role = Literal["decides", "commissions", "runs", "funds", "oversees"]

ROLES: dict[str, str] = {
    "decides": "decides (holds the legal duty, sets policy and budget)",
    "commissions": "commissions (decides what is bought and from whom)",
    "runs": "runs (provides the service day to day)",
    "funds": "funds (pays for it, wholly or in part)",
    "oversees": "oversees (scrutinises or intervenes)",
}

DECIDING_ROLES: frozenset[str] = frozenset({"decides", "commissions"})
"""Roles that make a body the one deciding a service here (for "who decides?" and the measures)."""

OverseerKind = Literal[
    "electorate", "local-councils", "national-government", "national-agency", "scrutiny-panel"
]

SERVICE_IDS: tuple[str, ...] = get_args(ServiceId)
