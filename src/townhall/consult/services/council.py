"""The council running the service: what an administrator set, or the environment's defaults,
read once every few seconds per process (every page shows it) and changed with an audit entry."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker, undefer

from townhall.consult.audit import record
from townhall.consult.models import CouncilSettings, User, utc_now
from townhall.consult.rules.council import Logo
from townhall.consult.settings import Settings

DEFAULT_HEADER_COLOUR = "#0b0c0c"
DEFAULT_HEADER_TEXT_COLOUR = "#ffffff"
FALLBACK_NAME = "Townhall consultations"
PAGES = ("privacy_notice", "accessibility_statement", "cookies_page")
PAGE_TITLES = {
    "privacy_notice": "Privacy notice",
    "accessibility_statement": "Accessibility statement",
    "cookies_page": "Cookies",
}
CACHE_SECONDS = 5.0
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Council:
    """The council as every page shows it (a page's text empty: its default is shown)."""

    name: str
    website: str
    address: str
    phone: str
    email: str
    data_protection_contact: str
    header_colour: str
    header_text_colour: str
    logo_version: str  # empty: no logo; else changes whenever the logo does (cache busting)
    privacy_notice: str
    accessibility_statement: str
    cookies_page: str
    named: bool  # whether a name was set at all (else the service's own name is shown)

    @property
    def phone_link(self) -> str:
        """The phone number as a tel: address (digits and a leading +)."""
        return "tel:" + "".join(c for c in self.phone if c.isdigit() or c == "+")

    def page(self, name: str) -> str:
        """The administrator's text of one of `PAGES` ("" when they kept the default)."""
        text: str = getattr(self, name)
        return text


UNNAMED = Council(
    name=FALLBACK_NAME,
    website="",
    address="",
    phone="",
    email="",
    data_protection_contact="",
    header_colour=DEFAULT_HEADER_COLOUR,
    header_text_colour=DEFAULT_HEADER_TEXT_COLOUR,
    logo_version="",
    privacy_notice="",
    accessibility_statement="",
    cookies_page="",
    named=False,
)  # for pages served without the council's store (a bare app of a few routers, say)


def council_from(row: CouncilSettings | None, settings: Settings) -> Council:
    """The council from its stored row, else from the `TOWNHALL_COUNCIL_*` settings."""
    name = row.name if row and row.name else settings.council_name
    return Council(
        name=name or FALLBACK_NAME,
        website=row.website if row else settings.council_website,
        address=row.address if row else settings.council_address,
        phone=row.phone if row else settings.council_phone,
        email=row.email if row else settings.council_email,
        data_protection_contact=row.data_protection_contact if row else "",
        header_colour=(row.header_colour if row else "") or DEFAULT_HEADER_COLOUR,
        header_text_colour=(row.header_text_colour if row else "") or DEFAULT_HEADER_TEXT_COLOUR,
        logo_version=(
            str(int(row.updated_at.timestamp())) if row is not None and row.logo_type else ""
        ),
        privacy_notice=row.privacy_notice if row else "",
        accessibility_statement=row.accessibility_statement if row else "",
        cookies_page=row.cookies_page if row else "",
        named=bool(name),
    )


def load_council(session: Session, settings: Settings) -> Council:
    """The council as stored now."""
    return council_from(session.get(CouncilSettings, 1), settings)


def logo(session: Session) -> tuple[bytes, str] | None:
    """The logo's content and media type, if one was uploaded."""
    row = session.scalar(
        select(CouncilSettings)
        .options(undefer(CouncilSettings.logo))
        .where(CouncilSettings.id == 1)
    )
    if row is None or row.logo is None or not row.logo_type:
        return None
    return row.logo, row.logo_type


def _row(session: Session, settings: Settings) -> CouncilSettings:
    """The stored row, made from the environment's defaults the first time it is changed."""
    row = session.get(CouncilSettings, 1)
    if row is None:
        row = CouncilSettings(
            id=1,
            name=settings.council_name,
            website=settings.council_website,
            address=settings.council_address,
            phone=settings.council_phone,
            email=settings.council_email,
            data_protection_contact="",
            header_colour=DEFAULT_HEADER_COLOUR,
            header_text_colour=DEFAULT_HEADER_TEXT_COLOUR,
            logo_type="",
            privacy_notice="",
            accessibility_statement="",
            cookies_page="",
        )
        session.add(row)
    return row


def save_identity(session: Session, settings: Settings, values: dict[str, str], user: User) -> None:
    """Keep the council's name, contacts and colours (checked by the caller), audited with each
    field's old and new value."""
    row = _row(session, settings)
    changes = []
    for field, value in values.items():
        old = getattr(row, field)
        if old != value:
            changes.append(f"{field}: {old!r} -> {value!r}")
            setattr(row, field, value)
    row.updated_at = utc_now()
    if changes:
        record(session, user, "change council details", "council", "\n".join(changes))


def save_logo(session: Session, settings: Settings, new: Logo | None, user: User) -> None:
    """Replace (or, given None, remove) the logo, audited."""
    row = _row(session, settings)
    row.logo, row.logo_type = (new.content, new.content_type) if new else (None, "")
    row.updated_at = utc_now()
    detail = f"{new.content_type}, {len(new.content):,} bytes" if new else "removed"
    record(session, user, "change council logo", "council", detail)


def save_page(
    session: Session, settings: Settings, page: str, text: str, default: str, user: User
) -> None:
    """Keep one of `PAGES` (the default's exact text is kept as "", so it follows the settings),
    audited with the old and new text."""
    row = _row(session, settings)
    kept = "" if text.strip() == default.strip() else text
    old = getattr(row, page)
    setattr(row, page, kept)
    row.updated_at = utc_now()
    record(
        session,
        user,
        f"change {PAGE_TITLES[page].lower()}",
        "council",
        f"Old: {old or '(the default)'}\nNew: {kept or '(the default)'}",
    )


class CouncilCache:
    """The council for every page, read again when `CACHE_SECONDS` have passed (so another
    process's change shows within seconds) or at once after this process changes it."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._held: tuple[float, Council] | None = None

    def get(self, reader: sessionmaker[Session], settings: Settings) -> Council:
        """The council, from the cache while it is fresh."""
        with self._lock:
            held = self._held
        if held is not None and self._clock() - held[0] < CACHE_SECONDS:
            return held[1]
        try:
            with reader() as session:
                council = load_council(session, settings)
        except DBAPIError as error:  # unmigrated or unreachable: pages that need no database
            # still show, named from the settings; tried again on the next page
            _log.warning("council details unreadable, using the settings: %s", error.orig)
            return council_from(None, settings)
        with self._lock:
            self._held = (self._clock(), council)
        return council

    def forget(self) -> None:
        """Read it again next time (after a change)."""
        with self._lock:
            self._held = None
