"""Receipt references: short, random, easy to read aloud (no 0/O, 1/I)."""

from __future__ import annotations

import re
import secrets

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PATTERN = re.compile(rf"^[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")


def new_reference() -> str:
    """A reference such as "7KQM-29XD": 40 random bits, so collisions are rare (and retried)."""
    characters = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{characters[:4]}-{characters[4:]}"


def is_reference(text: str) -> bool:
    """True if `text` has the form of a receipt reference."""
    return PATTERN.fullmatch(text) is not None
