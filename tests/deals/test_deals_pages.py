"""The public, read-only city deal pages, through FastAPI's TestClient.

The router is served by a small app with what `render` needs (templates, a session, the CSRF
serializer), so the pages are tested whatever else the consultation service is doing.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from deal_documents import DEAL_TOML
from fastapi import FastAPI
from fastapi.testclient import TestClient
from itsdangerous import URLSafeTimedSerializer
from starlette.middleware.sessions import SessionMiddleware
from typer.testing import CliRunner

from townhall.cli import app as cli
from townhall.consult.app import create_app
from townhall.consult.database import make_engine
from townhall.consult.migrate import upgrade
from townhall.consult.pages import make_templates
from townhall.consult.published_registers import load_published_registers
from townhall.consult.routes.deals import router
from townhall.consult.settings import Settings
from townhall.deals.register import bundled_register
from townhall.problems import InvalidInputError


def deals_app() -> FastAPI:
    app = FastAPI()
    app.state.templates = make_templates()
    app.state.registers = load_published_registers(bundled_register(), [])
    app.state.csrf_serializer = URLSafeTimedSerializer("test-only-key", salt="townhall-csrf")
    app.include_router(router)
    app.add_middleware(SessionMiddleware, secret_key="test-only-key")
    return app


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(deals_app())


def test_register_lists_both_waves_with_links(client: TestClient) -> None:
    page = client.get("/deals")
    assert page.status_code == 200
    assert (
        "Wave one: the eight core cities" in page.text
        and "Wave two: twenty more localities" in page.text
    )
    assert (
        len(re.findall(r'<th scope="row" role="rowheader"><a href="/deals/[a-z-]+">', page.text))
        == 28
    )
    assert "Signed 18 September 2012" in page.text
    assert 'method="post"' not in page.text.lower()


def test_deal_page_cites_every_fact_and_shows_scorecard_and_milestones(client: TestClient) -> None:
    page = client.get("/deals/sheffield")
    assert page.status_code == 200
    assert "£72,000,000" in page.text and "4,000" in page.text
    assert (
        'href="https://www.brewsterpartners.co.uk/news/city-deal-will-deliver-skills-training-to-thousands"'
        in page.text
    )
    assert (
        'href="#source-brewster-skills"' in page.text and 'id="source-brewster-skills"' in page.text
    )
    assert "The Sheffield City Region Combined Authority was formed on 1 April 2014" in page.text
    assert "not reported" in page.text
    # Not scored: said once, not seven rows of blanks; kinds of offer in plain words.
    assert "This deal has not been scored yet against the 7 questions" in page.text
    assert "<td>Money</td>" in page.text and "<td>fund</td>" not in page.text


def test_a_scored_deal_shows_its_score_note_and_source(client: TestClient) -> None:
    page = client.get("/deals/bristol")
    assert page.status_code == 200
    assert page.text.count("0 of 3") == 3
    assert "Low carbon: 0 of 9 points on the 3 of 3 questions scored." in page.text
    assert "Not scored yet: " in page.text  # its objectives, by name
    assert 'href="https://inlogov.com/tag/martin-stott/page/2/"' in page.text


def test_compare_page_and_its_chart(client: TestClient) -> None:
    page = client.get("/deals/compare")
    assert page.status_code == 200
    assert '<img src="/deals/compare.svg" alt="' in page.text
    assert (
        "Leeds City Region City Deal</a>: objectives not appraised; low carbon 2 of 3 points (1 of 3 criteria)"
        in page.text
    )
    image = client.get("/deals/compare.svg")
    assert image.headers["content-type"].startswith("image/svg+xml")
    assert image.text.startswith("<svg") and "<script" not in image.text


def test_compare_shows_only_appraised_deals_by_name(client: TestClient) -> None:
    page = client.get("/deals/compare").text
    grid = page.split("<tbody>")[1].split("</tbody>")[0]
    rows = grid.count("<tr>")
    assert 0 < rows < 10  # the appraised deals, not 28 rows of mostly blanks
    assert "Black Country" not in grid and ">black-country<" not in page
    not_appraised = page.split("Not appraised yet")[1]
    assert '<a href="/deals/black-country">The Black Country City Deal</a>' in not_appraised
    image = client.get("/deals/compare.svg").text
    assert "black-country" not in image and "Leeds" in image  # places, not ids
    assert "…" not in image  # no label cut short


def test_unknown_deal_is_not_found(client: TestClient) -> None:
    page = client.get("/deals/atlantis")
    assert page.status_code == 404


def test_in_the_real_service_with_its_security_headers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOWNHALL_DEALS_REGISTER", "")  # set but empty: the bundled register
    app = create_app(service_settings(tmp_path))
    app.include_router(router)
    service = TestClient(app)
    page = service.get("/deals/newcastle")
    assert page.status_code == 200 and "Climate action" in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert service.get("/deals/compare.svg").status_code == 200
    assert service.post("/deals/newcastle").status_code == 405


def service_settings(tmp_path: Path) -> Settings:
    """The service's settings on a migrated database of the test's own; registers from the
    environment."""
    database_url = f"sqlite:///{tmp_path / 'townhall.db'}"
    engine = make_engine(database_url)
    upgrade(engine)  # the service runs only on a database at its schema
    engine.dispose()
    return Settings(
        database_url=database_url,
        secret_key="test-only-key-of-some-length-0123456789",
        cookie_secure=False,
    )


def own_register(tmp_path: Path) -> Path:
    """A council's own register: one deal of its own and Bristol with its appraisal."""
    folder = tmp_path / "our-deals"
    folder.mkdir()
    (folder / "testville.toml").write_text(DEAL_TOML, encoding="utf-8")
    for name in ("bristol.toml", "bristol.appraisal.toml"):
        shutil.copyfile(bundled_register() / name, folder / name)
    return folder


def test_a_councils_own_register_is_served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOWNHALL_DEALS_REGISTER", str(own_register(tmp_path)))
    service = TestClient(create_app(service_settings(tmp_path)))
    page = service.get("/deals")
    assert page.status_code == 200
    assert re.findall(
        r'<th scope="row" role="rowheader"><a href="/deals/([a-z-]+)">', page.text
    ) == ["bristol", "testville"]
    assert "Testville City Council" in service.get("/deals/testville").text
    assert service.get("/deals/leeds").status_code == 404
    assert "0 of 3" in service.get("/deals/bristol").text
    assert service.get("/deals/compare.svg").text.startswith("<svg")


def test_a_register_with_a_mistake_stops_the_service_naming_the_file(tmp_path: Path) -> None:
    folder = own_register(tmp_path)
    (folder / "testville.toml").write_text(DEAL_TOML.replace("wave = 1", "wave = 0"))
    settings = service_settings(tmp_path).model_copy(update={"deals_register": folder})
    with pytest.raises(InvalidInputError) as raised:
        create_app(settings)
    assert [(p.source, p.field) for p in raised.value.problems] == [
        (str(folder / "testville.toml"), "wave")
    ]
    missing = settings.model_copy(update={"deals_register": tmp_path / "nowhere"})
    with pytest.raises(InvalidInputError, match="nowhere"):
        create_app(missing)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InvalidInputError, match=r"a folder with deal \.toml files"):
        create_app(settings.model_copy(update={"deals_register": empty}))


def test_serve_refuses_a_bad_register_with_the_problem_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, console_width: Callable[[int], None]
) -> None:
    folder = own_register(tmp_path)
    (folder / "bristol.appraisal.toml").write_text('deal = "bristol"\nscores = 3\n')
    monkeypatch.chdir(tmp_path)  # the folder named relative to where serve runs
    monkeypatch.setenv("TOWNHALL_DEALS_REGISTER", "our-deals")
    monkeypatch.setattr("townhall.consult.server.run", pytest.fail)  # must not start
    console_width(250)
    result = CliRunner().invoke(cli, ["consult", "serve"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert re.search(r"our-deals/bristol\.appraisal\.toml +│ scores +│ 3 ", result.output)
    assert "Nothing was loaded or written" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "townhall.db").exists()  # refused before the database was made
