"""Files made once and kept between runs: the quantised sentence model, and the sentence vectors
of a theme set's library (never a consultation's own answers).

They live in `TOWNHALL_CACHE_DIR`, else `$XDG_CACHE_HOME/townhall`, else `~/.cache/townhall`; an
empty `TOWNHALL_CACHE_DIR` keeps nothing. The folder is the user's alone (mode 0700) and each file
is written whole or not at all. Keeping is only ever a saving: a file that cannot be read or written
is made afresh, never an error, and each file's name is the digest of everything it was made from,
so a changed input is never answered by an old file.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import tempfile
from pathlib import Path

import numpy as np

VARIABLE = "TOWNHALL_CACHE_DIR"


def cache_folder() -> Path | None:
    """Where kept files go (None: keeping is turned off by an empty TOWNHALL_CACHE_DIR)."""
    chosen = os.environ.get(VARIABLE)
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    if xdg := os.environ.get("XDG_CACHE_HOME"):
        return Path(xdg) / "townhall"
    try:
        return Path.home() / ".cache" / "townhall"
    except RuntimeError:  # no home folder to be found (a service user without one): keep nothing
        return None


def key(*parts: bytes | str) -> str:
    """A file name standing for every part it was made from (SHA-256 over them, each delimited)."""
    sha = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        sha.update(len(data).to_bytes(8, "little"))
        sha.update(data)
    return sha.hexdigest()


def read_kept(kind: str, name: str) -> bytes | None:
    """A kept file's bytes, or None if there is none (or it cannot be read)."""
    folder = cache_folder()
    if folder is None:
        return None
    try:
        return (folder / kind / name).read_bytes()
    except OSError:
        return None


def keep(kind: str, name: str, data: bytes) -> None:
    """Write a file whole under the cache folder (0600 in a 0700 folder); failing, keep nothing."""
    folder = cache_folder()
    if folder is None:
        return
    with contextlib.suppress(OSError):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        place = folder / kind
        place.mkdir(mode=0o700, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=place, prefix=".part-")  # created 0600
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            Path(temporary).replace(place / name)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
            raise


def array_bytes(array: np.ndarray) -> bytes:
    """An array as the bytes of a .npy file (exact: the same floats come back)."""
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def bytes_array(data: bytes) -> np.ndarray | None:
    """The array a .npy file's bytes hold, or None if they are not one (a damaged file)."""
    try:
        array: np.ndarray = np.load(io.BytesIO(data), allow_pickle=False)
    except (ValueError, OSError, EOFError):
        return None
    return array
