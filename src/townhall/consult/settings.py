"""Settings of the consultation service, from `TOWNHALL_*` environment variables.

The secret key that signs session cookies and CSRF tokens comes from `TOWNHALL_SECRET_KEY` or,
failing that, from a file outside the repository that is generated on first use (mode 0600).
Receipt e-mails need both `TOWNHALL_SMTP_URL` and `TOWNHALL_MAIL_FROM`; without them residents are
not asked for an e-mail address at all. Whether or not mail is set, no address is kept longer than
`TOWNHALL_RECEIPT_ADDRESS_DAYS` after its response was submitted. Errors never repeat what was
given (it may hold a password). The public deal register and accountability maps are the bundled
ones unless `TOWNHALL_DEALS_REGISTER` (a folder, the same variable the `townhall deals` commands
read) or `TOWNHALL_MANDATE_REGISTERS` (register files, comma-separated, adding places) says more.
Officers may start a question's themes from a curated theme set: those in `TOWNHALL_THEME_SETS`
(theme-set files, comma-separated), by default the bundled Council Tax Support one where the
source checkout has it.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from townhall.consult.analysis.bundled import CTS_THEME_SET
from townhall.consult.analysis.library import library_paths
from townhall.consult.analysis.themeset import load_theme_set
from townhall.consult.mail.server import SmtpServer, parse_sender, parse_smtp_url
from townhall.deals.register import bundled_register
from townhall.problems import InvalidInputError


def default_secret_key_file() -> Path:
    """Where a generated secret key is kept: the user's config folder, never the repository."""
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "townhall" / "consult-secret-key"


def theme_set_problems(path: Path) -> list[str]:
    """What stops a curated theme-set file being offered: unreadable, or naming a library file
    that is not there (the library itself is read when answers are assigned)."""
    try:
        themes = load_theme_set(path)
    except InvalidInputError as error:
        return [str(problem) for problem in error.problems]
    return [
        f"{path}: its library names {library}, which is not there"
        for library in library_paths(themes, path)
        if not library.is_file()
    ]


def default_theme_sets() -> list[Path]:
    """The curated theme sets officers may start from: the bundled CTS one, if it is here."""
    return [CTS_THEME_SET] if CTS_THEME_SET.is_file() else []


class Settings(BaseSettings):
    """Everything the service needs to start; each field can be set by `TOWNHALL_<NAME>`."""

    model_config = SettingsConfigDict(
        env_prefix="TOWNHALL_", extra="ignore", hide_input_in_errors=True
    )

    database_url: str = "sqlite:///townhall.db"
    secret_key: SecretStr | None = None
    secret_key_file: Path = Field(default_factory=default_secret_key_file)
    cookie_secure: bool = True
    session_max_age_seconds: int = Field(default=4 * 3600, ge=60, le=7 * 24 * 3600)
    staff_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    staff_session_hours: int = Field(default=8, ge=1, le=7 * 24)
    max_upload_bytes: int = Field(default=10 * 1024 * 1024, ge=1024, le=50 * 1024 * 1024)
    max_form_bytes: int = Field(default=256 * 1024, ge=1024, le=10 * 1024 * 1024)
    # Many residents may share one address (a library, an office, a mobile network), so the
    # per-address limits are generous and each session has a tighter one of its own.
    submissions_per_client_per_minute: int = Field(default=30, ge=1, le=1_000_000)
    submissions_per_session_per_minute: int = Field(default=3, ge=1, le=1000)
    starts_per_client_per_minute: int = Field(default=300, ge=1, le=1_000_000)
    login_attempts_per_quarter_hour: int = Field(default=5, ge=1, le=1000)
    smtp_url: SecretStr | None = None
    mail_from: str | None = None
    receipt_address_days: int = Field(default=7, ge=1, le=90)
    equality_batch_minimum: int = Field(default=10, ge=2, le=1000)
    # Councillors see a ward's answers and quotes only when at least this many responded (and
    # answered each question), so no one resident's answers can be picked out.
    ward_minimum_responses: int = Field(default=5, ge=2, le=1000)
    # How long a shared link to a draft's preview works.
    preview_link_days: int = Field(default=7, ge=1, le=90)
    # How long a resident's "save and come back later" link works (or until the close, if sooner).
    resume_link_days: int = Field(default=30, ge=1, le=90)
    # The council running the service, until an administrator sets it at /staff/council.
    council_name: str = Field(default="", max_length=200)
    council_website: str = Field(default="", max_length=300)
    council_address: str = Field(default="", max_length=1000)
    council_phone: str = Field(default="", max_length=60)
    council_email: str = Field(default="", max_length=254)
    # The service's own web address ("https://consult.example.gov.uk"), for links in e-mails.
    public_url: str = Field(default="", max_length=300)
    deals_register: Path = Field(default_factory=bundled_register)
    mandate_registers: Annotated[list[Path], NoDecode] = Field(default_factory=list)
    # Curated theme sets (TOML) officers may start a question's themes from; each trains on its
    # library of labelled answers beside the officers' corrections.
    theme_sets: Annotated[list[Path], NoDecode] = Field(default_factory=default_theme_sets)
    # How `serve` writes its log lines: "plain" text, or "json" (one object a line) for a
    # log collector.
    log_format: Literal["plain", "json"] = "plain"

    @field_validator("deals_register", mode="before")
    @classmethod
    def _deals_register_or_bundled(cls, value: object) -> object:
        return bundled_register() if isinstance(value, str) and not value.strip() else value

    @field_validator("mandate_registers", "theme_sets", mode="before")
    @classmethod
    def _files_listed(cls, value: object) -> object:
        if isinstance(value, str):  # from the environment: file paths separated by commas
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("theme_sets")
    @classmethod
    def _theme_sets_readable(cls, value: list[Path]) -> list[Path]:
        problems = [problem for path in value for problem in theme_set_problems(path)]
        if problems:
            raise ValueError("; ".join(problems))
        return value

    @field_validator("smtp_url")
    @classmethod
    def _smtp_url_readable(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and value.get_secret_value().strip():
            parse_smtp_url(value.get_secret_value())
            return value
        return None

    @field_validator("mail_from")
    @classmethod
    def _mail_from_tidy(cls, value: str | None) -> str | None:
        return parse_sender(value) if value is not None and value.strip() else None

    @model_validator(mode="after")
    def _mail_from_with_smtp(self) -> Settings:
        if self.smtp_url is not None and self.mail_from is None:
            raise ValueError(
                "TOWNHALL_MAIL_FROM (the address receipts come from) must be set "
                "when TOWNHALL_SMTP_URL is"
            )
        return self

    @property
    def receipts_by_email(self) -> bool:
        """Whether receipts can be e-mailed, so whether residents may be asked for an address."""
        return self.smtp_url is not None

    def smtp_server(self) -> SmtpServer | None:
        """The SMTP server receipts go through, if one is set."""
        if self.smtp_url is None:
            return None
        return parse_smtp_url(self.smtp_url.get_secret_value())

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


def settings_error_message(error: ValidationError) -> str:
    """A `Settings()` validation error as plain sentences, each named by its environment variable."""
    problems = []
    for problem in error.errors():
        name = f"TOWNHALL_{str(problem['loc'][0]).upper()}: " if problem["loc"] else ""
        problems.append(name + problem["msg"].removeprefix("Value error, "))
    return "; ".join(problems)
