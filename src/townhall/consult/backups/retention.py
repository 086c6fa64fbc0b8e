"""Backups in a folder: timestamped names, and only the newest few kept."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

PREFIX = "townhall-consult-"
SUFFIX = ".tar.gz"
_TIMESTAMPED = re.compile(re.escape(PREFIX) + r"\d{8}T\d{6}Z" + re.escape(SUFFIX))


def timestamped_name(moment: datetime | None = None) -> str:
    """A backup's file name for `moment` (now by default), sorting in time order."""
    moment = moment or datetime.now(UTC)
    return f"{PREFIX}{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}{SUFFIX}"


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` timestamped backups in `folder`; the ones deleted.

    Only files named like `timestamped_name` are touched, never anything else in the folder.
    """
    backups = sorted(path for path in folder.iterdir() if _TIMESTAMPED.fullmatch(path.name))
    doomed = backups[:-keep] if keep > 0 else backups
    for path in doomed:
        path.unlink()
    return doomed
