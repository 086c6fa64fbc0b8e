"""Fixtures for the Council Tax Support tests: small hand-made households and caseloads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from townhall.tax.claims.caseload import Caseload

BASE_CLAIM: dict[str, Any] = {
    "claim_id": "x",
    "band": "A",
    "pensioner": False,
    "claimant_age": 40,
    "partner_age": None,
    "children": 0,
    "youngest_child_age": None,
    "passported": False,
}


def claims(*rows: dict[str, Any]) -> Caseload:
    """A caseload from partial rows; unspecified columns take BASE_CLAIM's values or defaults."""
    filled = [{**BASE_CLAIM, "claim_id": f"c{index}", **row} for index, row in enumerate(rows)]
    return Caseload.from_records(filled, "test")


@pytest.fixture
def make_claims() -> Callable[..., Caseload]:
    """Build a caseload from partial rows (see `claims`)."""
    return claims
