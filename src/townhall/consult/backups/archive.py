"""The backup archive: a gzipped tar holding `townhall-backup.json` (what the backup is) and the
database copy itself (a SQLite file, or a `pg_dump` custom-format dump).

The manifest names the database kind, the schema revision, when it was made, by which version of
Townhall, the copy's SHA-256 and every table's row count, so a restore can refuse what it cannot
bring back and check that it brought back everything.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from townhall.consult.backups.errors import BackupError

FORMAT = "townhall-consult-backup"
FORMAT_VERSION = 1
MANIFEST = "townhall-backup.json"
PAYLOADS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
_CHUNK = 1024 * 1024


class BackupFileError(BackupError):
    """A file that is not a readable Townhall backup, or one that has been damaged."""


@dataclass(frozen=True)
class Manifest:
    """What a backup holds."""

    database: str  # "sqlite" or "postgresql"
    schema_revision: str
    created_at: str  # ISO 8601, UTC
    townhall_version: str
    payload_sha256: str
    payload_bytes: int
    rows: dict[str, int] = field(default_factory=dict)
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    @property
    def payload_name(self) -> str:
        return PAYLOADS[self.database]

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def now_utc() -> str:
    """The time now as the manifest records it."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_archive(target: Path, manifest: Manifest, payload: Path) -> None:
    """Write the archive to `target` atomically (a partial file never has the final name), readable
    by its owner only: a backup holds residents' answers."""
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".partial"
    )
    partial = Path(name)
    try:
        with (
            os.fdopen(descriptor, "wb") as raw,
            tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as archive,
        ):
            _add_bytes(archive, MANIFEST, json.dumps(asdict(manifest), indent=2).encode())
            archive.add(payload, arcname=manifest.payload_name, recursive=False)
        with partial.open("rb") as written:
            os.fsync(written.fileno())
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(datetime.now(UTC).timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(content))


def read_manifest(path: Path) -> Manifest:
    """The manifest of the backup at `path`; `BackupFileError` if it is not a Townhall backup."""
    with _opened(path) as archive, _unreadable_as(path):
        return _manifest(archive, path)


@contextmanager
def extracted_payload(path: Path) -> Iterator[tuple[Manifest, Path]]:
    """The backup's manifest and its database copy in a temporary file (deleted after), checked
    against the SHA-256 the manifest records."""
    with (
        _opened(path) as archive,
        tempfile.TemporaryDirectory(prefix="townhall-restore-") as folder,
    ):
        with _unreadable_as(path):
            manifest = _manifest(archive, path)
            source = archive.extractfile(_member(archive, manifest.payload_name, path))
            if source is None:
                raise BackupFileError(f"{path}: {manifest.payload_name} is not a file")
            copy = Path(folder) / manifest.payload_name
            with copy.open("wb") as handle:
                shutil.copyfileobj(source, handle, _CHUNK)
        if file_sha256(copy) != manifest.payload_sha256:
            raise BackupFileError(
                f"{path} is damaged: its database copy does not match the checksum recorded "
                "when it was made"
            )
        yield manifest, copy  # errors of the caller's block pass through untouched


@contextmanager
def _opened(path: Path) -> Iterator[tarfile.TarFile]:
    if not path.is_file():
        raise BackupFileError(f"there is no backup file {path}")
    with _unreadable_as(path):
        archive = tarfile.open(path, mode="r:gz")  # noqa: SIM115 (closed by the block below)
    with archive:
        yield archive


@contextmanager
def _unreadable_as(path: Path) -> Iterator[None]:
    """Reading the archive: a damaged or foreign file is a `BackupFileError` naming it."""
    try:
        yield
    except PermissionError:
        raise
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise BackupFileError(
            f"{path} is not a Townhall backup (made by `townhall consult backup`) or is "
            f"damaged: {error}"
        ) from None


def _member(archive: tarfile.TarFile, name: str, path: Path) -> tarfile.TarInfo:
    try:
        member = archive.getmember(name)
    except KeyError:
        raise BackupFileError(
            f"{path} is not a Townhall backup (made by `townhall consult backup`): it has no {name}"
        ) from None
    if not member.isfile():
        raise BackupFileError(f"{path}: {name} is not a file")
    return member


def _manifest(archive: tarfile.TarFile, path: Path) -> Manifest:
    source = archive.extractfile(_member(archive, MANIFEST, path))
    assert source is not None
    try:
        data: Any = json.loads(source.read(1024 * 1024).decode("utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError("it is not a Townhall consultation backup")
        if data.get("format_version") != FORMAT_VERSION:
            raise ValueError(
                f"it is format version {data.get('format_version')}; this Townhall reads "
                f"version {FORMAT_VERSION}"
            )
        manifest = Manifest(**data)
        if manifest.database not in PAYLOADS:
            raise ValueError(f"unknown database kind {manifest.database!r}")
    except (ValueError, TypeError, AttributeError, UnicodeDecodeError) as error:
        raise BackupFileError(f"{path}: the backup's description cannot be read: {error}") from None
    return manifest
