"""The one kind of error a backup or restore reports to the person running it."""

from __future__ import annotations


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""
