"""The public, read-only accountability map pages, through FastAPI's TestClient.

The pages are served by a small app that has what `render` needs (templates, a session and the
CSRF serializer) so that they are tested whatever else the consultation service is doing; the last
tests use the real service, with a council's own register files.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest
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
from townhall.consult.routes.mandate import router
from townhall.consult.settings import Settings
from townhall.deals.register import bundled_register
from townhall.problems import InvalidInputError

TINY = Path(__file__).parent / "data" / "tiny.toml"
PLACES = Path(str(resources.files("townhall.mandate.places")))


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    app.state.templates = make_templates()
    app.state.registers = load_published_registers(bundled_register(), [])
    app.state.csrf_serializer = URLSafeTimedSerializer("test-only-key", salt="townhall-csrf")
    app.include_router(router)
    app.add_middleware(SessionMiddleware, secret_key="test-only-key")
    return TestClient(app)


def test_places_page_links_to_birmingham(client: TestClient) -> None:
    page = client.get("/mandate")
    assert page.status_code == 200
    assert 'href="/mandate/birmingham"' in page.text and "25 November 2026" in page.text


def test_map_page_has_diagram_text_alternative_and_sources(client: TestClient) -> None:
    page = client.get("/mandate/birmingham")
    assert page.status_code == 200
    assert '<img src="/mandate/birmingham/map.svg" alt="' in page.text
    assert (
        "Planning appeals: decided by The Planning Inspectorate (appointed nationally)."
        in page.text
    )
    # The measures in residents' words: no averages to two places, no "coverage".
    assert "31% is decided by people local voters elect directly" in page.text
    assert "Most services involve one or two of them; Public transport involves 4." in page.text
    assert "This leaves out 5 of the 8 deciding organisations" in page.text
    assert "coverage" not in page.text and "1.55" not in page.text
    assert (
        'href="https://www.gov.uk/government/consultations/west-midlands-police-and-crime-commissioner-functions-transfer"'
        in page.text
    )
    assert 'method="post"' not in page.text.lower()


def test_diagram_is_an_svg_image_without_scripts(client: TestClient) -> None:
    image = client.get("/mandate/birmingham/map.svg")
    assert image.status_code == 200
    assert image.headers["content-type"].startswith("image/svg+xml")
    assert image.text.startswith("<svg") and "<script" not in image.text
    assert "Mayor of the West Midlands (directly elected)" in image.text


def test_who_decides_planning_appeals(client: TestClient) -> None:
    page = client.get("/mandate/birmingham/who", params={"service": "planning-appeals"})
    assert page.status_code == 200
    assert "Who decides planning appeals in Birmingham?" in page.text
    assert "The Planning Inspectorate" in page.text and "appointed nationally" in page.text
    assert re.search(r'<option value="planning-appeals" selected>', page.text)


def test_the_question_alone_then_a_bad_answer_shows_the_error_summary(client: TestClient) -> None:
    question = client.get("/mandate/birmingham/who")
    assert question.status_code == 200 and "There is a problem" not in question.text
    wrong = client.get("/mandate/birmingham/who", params={"service": "<bins>"})
    assert wrong.status_code == 400
    assert "There is a problem" in wrong.text and "Select a service from the list" in wrong.text
    assert "<bins>" not in wrong.text


def test_unknown_place_is_not_found(client: TestClient) -> None:
    assert client.get("/mandate/atlantis").status_code == 404
    assert client.get("/mandate/atlantis/who", params={"service": "schools"}).status_code == 404
    assert client.post("/mandate/birmingham").status_code == 405


def test_in_the_real_service(tmp_path: Path) -> None:
    app = create_app(service_settings(tmp_path))
    app.include_router(router)
    page = TestClient(app).get("/mandate/birmingham/who", params={"service": "policing"})
    assert page.status_code == 200
    assert "West Midlands Police and Crime Commissioner" in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]


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


def test_a_councils_own_register_adds_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOWNHALL_MANDATE_REGISTERS", f" {TINY} ,")  # a comma-separated list
    service = TestClient(create_app(service_settings(tmp_path)))
    places = service.get("/mandate").text
    assert 'href="/mandate/birmingham"' in places and 'href="/mandate/tinyshire"' in places
    page = service.get("/mandate/tinyshire")
    assert page.status_code == 200 and "Tinyshire Council" in page.text
    assert "Mayor of Tinyshire" in service.get("/mandate/tinyshire/map.svg").text
    answer = service.get("/mandate/tinyshire/who", params={"service": "hospital-care"})
    assert "Tinyshire Hospitals NHS Trust" in answer.text
    assert service.get("/mandate/birmingham").status_code == 200


def test_a_place_already_mapped_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "our-birmingham.toml"
    shutil.copyfile(PLACES / "birmingham.toml", copy)
    again = tmp_path / "tiny-again.toml"
    shutil.copyfile(TINY, again)
    settings = service_settings(tmp_path).model_copy(
        update={"mandate_registers": [copy, TINY, again]}
    )
    with pytest.raises(InvalidInputError) as raised:
        create_app(settings)
    assert [(p.source, p.field, p.value, p.expected) for p in raised.value.problems] == [
        (
            str(copy),
            "place.id",
            "birmingham",
            "a place id not already mapped (birmingham is bundled with Townhall)",
        ),
        (
            str(again),
            "place.id",
            "tinyshire",
            f"a place id not already mapped (tinyshire is in {TINY})",
        ),
    ]


def test_serve_refuses_a_bad_register_file_with_the_problem_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, console_width: Callable[[int], None]
) -> None:
    (tmp_path / "badshire.toml").write_text(
        TINY.read_text().replace('kind = "mayor"', 'kind = "mayoress"')
    )
    monkeypatch.chdir(tmp_path)  # the files named relative to where serve runs
    monkeypatch.setenv("TOWNHALL_MANDATE_REGISTERS", "badshire.toml,missing.toml")
    monkeypatch.setattr("townhall.consult.server.run", pytest.fail)  # must not start
    console_width(250)
    result = CliRunner().invoke(cli, ["consult", "serve"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "2 problems found" in result.output
    assert re.search(r"badshire\.toml +│ bodies\.1\.kind +│ mayoress", result.output)
    assert re.search(r"missing\.toml +│ file +│ missing\.toml +│ an existing", result.output)
    assert "Traceback" not in result.output
    assert not (tmp_path / "townhall.db").exists()  # refused before the database was made
