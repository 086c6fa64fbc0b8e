"""Masking personal data in answers before publication: names, e-mails, phones, addresses, postcodes.

Masking returns a new text with tags such as [name] and [email] and the list of what was
replaced; the original stays with officers. Rules are patterns, not a model: they catch the usual
forms (introductions, titles, sign-offs, UK numbers and postcodes, house-number street addresses)
and miss a bare first name in the middle of a sentence. Officers should read quotes before
publishing them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

NAME_WORD = r"[A-Z](?:[a-z]+|['’](?=[A-Z]))(?:['’-]?[A-Z][a-z]+)*"
NAME = rf"{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}}"
INITIALS = r"(?:[A-Z]\.?\s*){0,2}"
TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Rev|Revd|Cllr|Councillor|Sir|Dame)"
STREETS = (
    r"(?:Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Drive|Dr|Way|Grove|Crescent|Cres|Place|Pl|"
    r"Court|Ct|Gardens|Gdns|Terrace|Walk|Hill|Park|Row|Square|Sq|Mews|Rise|View|Green)"
)
NOT_NAMES = frozenset(
    [
        "Birmingham",
        "Council",
        "City",
        "Government",
        "Labour",
        "Conservative",
        "Tory",
        "Tories",
        "Coalition",
        "Citizens",
        "Advice",
        "Bureau",
        "Church",
        "Street",
        "Road",
        "Lane",
        "Sent",
        "iPhone",
        "Android",
        "Thanks",
        "Regards",
        "Yes",
        "No",
        "Please",
        "Dear",
        "Sir",
        "Madam",
        "Trades",
        "Union",
        "Forum",
        "Society",
        "Group",
        "Association",
        "Alliance",
        "Team",
    ]
)

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("email", re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")),
    (
        "phone",
        re.compile(
            r"(?<![\w+])(?:(?:\+|00)44\s?(?:\(0\)\s?)?|\(?0)\d(?:[\s-]?\)?[\s-]?\d){8,9}(?![\d])"
        ),
    ),
    (
        "postcode",
        re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s?\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE),
    ),
    (
        "address",
        re.compile(
            rf"\b(?:(?:Flat|Apartment)\s+\d+[A-Za-z]?,?\s+)?\d{{1,4}}[A-Za-z]?,?\s+"
            rf"(?:{NAME_WORD}\s+){{1,3}}{STREETS}\b\.?(?=\W|$)"
        ),
    ),
    ("name", re.compile(rf"\b{TITLES}\.?\s+{INITIALS}{NAME}")),
    (
        "name",
        re.compile(rf"(?i:\b(?:my name is|my name's|i am called|i'm called|this is)\s+)({NAME})"),
    ),
    (
        "name",
        re.compile(
            rf"(?i:\b(?:regards|kind regards|best wishes|many thanks|thanks|thank you|cheers|"
            rf"yours (?:sincerely|faithfully|truly)|signed)\b[,:]?\s+|\bfrom:\s*)({NAME})"
        ),
    ),
    # A capitalised name standing alone at the end, after a finished sentence: a sign-off.
    ("name", re.compile(rf"(?<=[.!?]\s)({NAME_WORD}\s+{NAME_WORD})(?=\s*(?:,[^.]*)?$)")),
]


@dataclass(frozen=True)
class Masked:
    """The masked text, and each (kind, original text) that was replaced, in order found."""

    text: str
    replaced: list[tuple[str, str]]


def mask_personal_data(text: str) -> Masked:
    """The text with personal data replaced by [email], [phone], [postcode], [address], [name]."""
    replaced: list[tuple[str, str]] = []
    for kind, pattern in PATTERNS:
        text = pattern.sub(partial(_replace, kind=kind, replaced=replaced), text)
    return Masked(text=text, replaced=replaced)


def _replace(match: re.Match[str], kind: str, replaced: list[tuple[str, str]]) -> str:
    """The tag for one match (only the name group is replaced when the pattern has a lead-in)."""
    group = 1 if match.groups() else 0
    found = match.group(group)
    if kind == "name" and all(word in NOT_NAMES for word in found.split()[-1:]):
        return match.group(0)
    replaced.append((kind, found))
    start, end = match.start(group) - match.start(0), match.end(group) - match.start(0)
    whole = match.group(0)
    return f"{whole[:start]}[{kind}]{whole[end:]}"
