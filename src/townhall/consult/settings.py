"""Settings of the consultation service, from `TOWNHALL_*` environment variables.

The secret key that signs session cookies and CSRF tokens comes from `TOWNHALL_SECRET_KEY` or,
failing that, from a file outside the repository that is generated on first use (mode 0600).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_secret_key_file() -> Path:
    """Where a generated secret key is kept: the user's config folder, never the repository."""
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "townhall" / "consult-secret-key"


class Settings(BaseSettings):
    """Everything the service needs to start; each field can be set by `TOWNHALL_<NAME>`."""

    model_config = SettingsConfigDict(env_prefix="TOWNHALL_", extra="ignore")

    database_url: str = "sqlite:///townhall.db"
    secret_key: SecretStr | None = None
    secret_key_file: Path = Field(default_factory=default_secret_key_file)
    cookie_secure: bool = True
    session_max_age_seconds: int = Field(default=4 * 3600, ge=60, le=7 * 24 * 3600)
    max_upload_bytes: int = Field(default=10 * 1024 * 1024, ge=1024, le=50 * 1024 * 1024)
    max_form_bytes: int = Field(default=256 * 1024, ge=1024, le=10 * 1024 * 1024)
    submissions_per_client_per_minute: int = Field(default=10, ge=1, le=1_000_000)
    login_attempts_per_quarter_hour: int = Field(default=5, ge=1, le=1000)

    def resolved_secret_key(self) -> str:
        """The configured key, or the one stored in `secret_key_file` (created if missing)."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        path = self.secret_key_file
        if path.exists():
            return path.read_text().strip()
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(key)
        return key
