"""What a comparison was run on, for the Assumptions sheet: the caseload, when, and where each
scheme came from. The command line knows these; the domain functions do not."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass(frozen=True)
class RunRecord:
    """The caseload described in words, the time of the run, and each scheme's file by name."""

    caseload: str = "not stated"
    run_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    scheme_files: dict[str, str] = field(default_factory=dict)


def synthetic_caseload_description(name: str, seed: int, claims: int) -> str:
    """'synthetic caseload calibrated to birmingham-2013, seed 2013, 137,000 claims'."""
    return f"synthetic caseload calibrated to {name}, seed {seed}, {claims:,} claims"


def scheme_file_description(given: str, bundled: bool) -> str:
    """Where a scheme came from: a bundled scheme by name, or a file."""
    if bundled:
        return f"bundled scheme {given} (townhall/tax/schemes/{given}.toml)"
    return f"file {given}"
