"""Writing output files atomically, so a failed run never leaves a partial report behind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from townhall.problems import InvalidInputError, Problem


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; rename it into place on success, delete it on error."""
    target = Path(path)
    if target.is_dir():
        raise InvalidInputError(
            [Problem(str(target), "(output)", str(target), "a file name, not a folder")]
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{target.name}."
    handle, temporary = tempfile.mkstemp(prefix=prefix, suffix=".part", dir=target.parent)
    os.close(handle)
    temporary_path = Path(temporary)
    try:
        yield temporary_path
        umask = os.umask(0)
        os.umask(umask)
        temporary_path.chmod(0o666 & ~umask)  # mkstemp makes files private; a report is not
        temporary_path.replace(target)
    finally:
        temporary_path.unlink(missing_ok=True)
