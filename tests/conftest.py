"""Fixtures shared by every domain's tests: a database of the test's own, and a real browser.

`database_url` runs a test twice, on SQLite and on PostgreSQL. Each PostgreSQL run creates a
database with a fresh name and drops it afterwards, so concurrent runs never see each other's data.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# One steady hypothesis profile, loaded by default: no deadline (a shared, busy machine must never
# turn slowness into a failure) and derandomised, so a run is the same run every time. Set
# HYPOTHESIS_PROFILE=explore to search afresh with random examples.
settings.register_profile(
    "ci", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

POSTGRES_ADMIN_URL = os.environ.get(
    "TOWNHALL_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
CHROMIUM = os.environ.get("TOWNHALL_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _postgres_database() -> Iterator[str]:
    """Create a uniquely named PostgreSQL database, yield its SQLAlchemy URL, then drop it."""
    import psycopg

    name = f"townhall_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(
            f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL} ({error}). Start it with "
            "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`."
        )
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A SQLAlchemy URL for an empty database of this test's own, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'townhall.db'}"
    else:
        yield from _postgres_database()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's Chromium with `apt-get install chromium`."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session", autouse=True)
def cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Files Townhall keeps between runs (the quantised model, libraries' vectors) go to a folder
    of this test run's own, never the user's cache; commands run by tests inherit it."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TOWNHALL_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """Where browser tests save screenshots of the pages they visit, for people to look at."""
    path = Path(os.environ.get("TOWNHALL_SCREENSHOTS", "test-output/screenshots"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(autouse=True)
def console_width(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """Every test prints 250 columns wide, so each line of output is whole; call with a width to
    print at that width for the rest of the test.

    Rich reads COLUMNS once, when the console is made; under pytest-xdist that can be before a test
    sets it, so tests set the consoles' width directly (monkeypatch restores it afterwards).
    """
    from townhall.cli.output import console, error_console

    def set_width(columns: int) -> None:
        for printer in (console, error_console):
            monkeypatch.setattr(printer, "_width", columns)

    set_width(250)
    return set_width
