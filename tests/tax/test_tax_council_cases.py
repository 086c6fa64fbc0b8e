"""Every bundled council scheme against households worked by hand from its own document.

The households live in tests/tax/council_cases/<scheme>.toml (format in that folder's README), so a
council added to the library brings its cases as data, beside its scheme file.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from townhall.tax.claims.caseload import Caseload
from townhall.tax.rules.evaluate import evaluate
from townhall.tax.rules.scheme import bundled_scheme_names, load_bundled_scheme

CASES = Path(__file__).parent / "council_cases"
CLAIM_DEFAULTS: dict[str, Any] = {"pensioner": False, "claimant_age": 35}
# Schemes before 2025/26 are Birmingham's and the national ones of 2012-2014, tested elsewhere.
HISTORIC = {"ctb-2012", "default-2013", "birmingham-2013", "transition-grant-2013"}
# Schemes whose hand-worked households are written as tests in code (each with three or more).
IN_CODE = {
    "oxford-2026",  # test_tax_council_schemes.py
    "merton-2026",
    "kingston-upon-thames-2026",
    "newham-2026",
    "westminster-2026",
    "dover-2026",  # test_tax_library_schemes.py
    "castle-point-2026",
    "ealing-2026",
}
CASE_KEYS = {"name", "source", "working", "claim", "non_dependants", "award_yearly", "award_weekly"}


scheme_named = cache(load_bundled_scheme)  # each scheme read once for all its cases


def case_files() -> list[Path]:
    """Every council's cases file."""
    return sorted(CASES.glob("*.toml"))


def cases() -> list[tuple[str, dict[str, Any]]]:
    """(scheme, case) for every case in every file."""
    found = []
    for path in case_files():
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for case in data["case"]:
            found.append((data["scheme"], case))
    return found


def test_every_council_scheme_has_three_cases() -> None:
    have = {path.stem: len(tomllib.loads(path.read_text("utf-8"))["case"]) for path in case_files()}
    short = {
        name: have.get(name, 0)
        for name in bundled_scheme_names()
        if name not in HISTORIC | IN_CODE and have.get(name, 0) < 3
    }
    assert not short, f"schemes with fewer than three hand-worked cases: {short}"


@pytest.mark.parametrize("path", case_files(), ids=lambda path: path.stem)
def test_cases_file_is_well_formed(path: Path) -> None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["scheme"] == path.stem
    assert data["scheme"] in bundled_scheme_names()
    for case in data["case"]:
        assert set(case) <= CASE_KEYS, set(case) - CASE_KEYS
        assert case["name"] and case["source"] and case["working"].strip()
        assert ("award_yearly" in case) != ("award_weekly" in case), case["name"]


@pytest.mark.parametrize(
    ("scheme", "case"),
    cases(),
    ids=lambda value: value if isinstance(value, str) else value["name"],
)
def test_council_case(scheme: str, case: dict[str, Any]) -> None:
    records = [{**CLAIM_DEFAULTS, "claim_id": "c", **case["claim"]}]
    rows = [{"claim_id": "c", **row} for row in case.get("non_dependants", [])]
    caseload = Caseload.from_records(records, "test", non_dependants=rows)
    yearly = float(evaluate(scheme_named(scheme), caseload).award_yearly[0])
    if "award_yearly" in case:
        assert yearly == pytest.approx(case["award_yearly"], abs=0.005), case["working"]
    else:
        assert yearly / 365 * 7 == pytest.approx(case["award_weekly"], abs=0.005), case["working"]
