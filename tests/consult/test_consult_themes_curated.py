"""Officers start a question's themes from a curated theme set (TOWNHALL_THEME_SETS): its themes,
and its library of labelled answers trained on beside their corrections; renaming keeps the
library, changing the themes leaves it; a bad choice, a missing file or a moved library is a clear
error; officers only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import polars as pl
import pytest
import tomli_w
from consult_client import Service, make_service, post_form
from consult_sample_answers import add_answers
from pydantic import ValidationError
from sqlalchemy import select

from townhall.consult.analysis.bundled import CTS_THEME_SET, LABELLED
from townhall.consult.analysis.themeset import load_theme_set
from townhall.consult.demo import load_demo
from townhall.consult.models import AuditEntry, Consultation, Question, ThemeAssignment
from townhall.consult.services.themes import current_themes
from townhall.consult.settings import Settings, settings_error_message

LIBRARY_ROWS = 60  # from each of two library files: enough to learn from, quick to train


@pytest.fixture
def curated(tmp_path: Path) -> Path:
    """The bundled CTS theme set with a small library of its own: 60 answers of two sets."""
    folder = tmp_path / "curated"
    folder.mkdir()
    names = ["cts-answers-independent-9.csv", "cts-answers-independent-12.csv"]
    for name in names:
        pl.read_csv(LABELLED / name, infer_schema_length=0).head(LIBRARY_ROWS).write_csv(
            folder / name
        )
    themes = load_theme_set(CTS_THEME_SET).model_copy(update={"library": names})
    path = folder / "cts-small.toml"
    path.write_text(tomli_w.dumps(themes.model_dump(mode="json")))
    return path


@pytest.fixture
def site(tmp_path: Path, curated: Path) -> Iterator[tuple[Service, str, int]]:
    """The demo with sample answers, offering the small curated set; the theme page and question."""
    made = make_service(f"sqlite:///{tmp_path / 'townhall.db'}", theme_sets=[curated])
    with made.session() as session, session.begin():
        consultation = load_demo(session, date.today())
        question = add_answers(session, session.get(Consultation, consultation.id))  # type: ignore[arg-type]
        home = f"/staff/consultations/{consultation.id}/questions/{question.id}/themes"
        question_id = question.id
    made.add_user("officer@example.org", "officer")
    made.add_user("aston@example.org", "councillor", ("Aston",))
    yield made, home, question_id
    made.app.state.engine.dispose()


def _library(service: Service, question_id: int) -> list[str]:
    with service.session() as session:
        themes = current_themes(session, session.get(Question, question_id))  # type: ignore[arg-type]
        assert themes is not None
        return themes.library


def _audit_details(service: Service, action: str) -> list[str]:
    with service.session() as session:
        return list(
            session.scalars(select(AuditEntry.detail).where(AuditEntry.action == action)).all()
        )


def test_an_officer_starts_from_a_curated_theme_set(site: tuple[Service, str, int]) -> None:
    service, home, question_id = site
    officer = service.signed_in("officer@example.org")
    page = officer.get(home).text
    assert "Start from a curated theme set" in page
    assert "cts-small: What do you think of the proposed Council Tax Support scheme?" in page
    assert "(11 themes, learning from 2 labelled sets)" in page

    response = post_form(officer, home, f"{home}/curated", {"theme_set": "0"})
    assert response.status_code == 303  # type: ignore[attr-defined]
    library = _library(service, question_id)
    assert [Path(name).name for name in library] == [
        "cts-answers-independent-9.csv",
        "cts-answers-independent-12.csv",
    ]
    assert all(Path(name).is_absolute() for name in library)  # found wherever the service runs
    page = officer.get(home).text
    assert "learning from this theme set's library (2 sets" in page
    assert _audit_details(service, "use a curated theme set") == [
        "cts-small.toml: " + ", ".join(load_theme_set(CTS_THEME_SET).keys) + "; library of 2 files"
    ]

    assert post_form(officer, home, f"{home}/assign", {}).status_code == 303  # type: ignore[attr-defined]
    assert _audit_details(service, "assign themes")[-1].endswith(
        f"learning from {2 * LIBRARY_ROWS} library answers"
    )
    with service.session() as session:
        assert session.scalars(select(ThemeAssignment)).first() is not None


def test_renaming_keeps_the_library_and_merging_leaves_it(
    site: tuple[Service, str, int],
) -> None:
    service, home, question_id = site
    officer = service.signed_in("officer@example.org")
    post_form(officer, home, f"{home}/curated", {"theme_set": "0"})
    post_form(officer, home, f"{home}/rename", {"key": "hardship", "label": "Cannot afford it"})
    assert len(_library(service, question_id)) == 2
    post_form(
        officer,
        home,
        f"{home}/merge",
        {"keys": ["hardship", "everyone_pays"], "label": "Money"},
    )
    assert _library(service, question_id) == []  # its answers are labelled with the old themes
    assert "this theme set's library" not in officer.get(home).text
    assert post_form(officer, home, f"{home}/assign", {}).status_code == 303  # type: ignore[attr-defined]
    assert _audit_details(service, "assign themes")[-1].endswith(" answers")


def test_a_bad_choice_or_a_moved_library_is_a_clear_error(
    site: tuple[Service, str, int], curated: Path
) -> None:
    service, home, question_id = site
    officer = service.signed_in("officer@example.org")
    for choice in ("1", "x", ""):
        refused = post_form(officer, home, f"{home}/curated", {"theme_set": choice})
        assert refused.status_code == 400  # type: ignore[attr-defined]
        assert "Select a curated theme set" in refused.text  # type: ignore[attr-defined]
    councillor = service.signed_in("aston@example.org")
    assert councillor.post(f"{home}/curated", data={"theme_set": "0"}).status_code in {403, 400}
    with service.session() as session:
        assert current_themes(session, session.get(Question, question_id)) is None  # type: ignore[arg-type]

    post_form(officer, home, f"{home}/curated", {"theme_set": "0"})
    (curated.parent / "cts-answers-independent-12.csv").unlink()
    assert post_form(officer, home, f"{home}/assign", {}).status_code == 303  # type: ignore[attr-defined]
    page = officer.get(home).text
    assert "The last assignment stored nothing." in page
    assert "The theme set&#39;s library cannot be read" in page
    assert "cts-answers-independent-12.csv" in page
    assert "Answers were last assigned" not in page
    assert (
        "cts-answers-independent-12.csv"
        in _audit_details(service, "assign themes: nothing stored")[-1]
    )


def test_a_theme_set_file_broken_or_gone_since_start_is_said_not_crashed_on(
    site: tuple[Service, str, int], curated: Path
) -> None:
    service, home, question_id = site
    officer = service.signed_in("officer@example.org")
    assert "cts-small: What do you think" in officer.get(home).text
    curated.write_text("themes = [")
    page = officer.get(home)
    assert page.status_code == 200
    assert "cts-small (cannot be read now: the file has changed)" in page.text
    refused = post_form(officer, home, f"{home}/curated", {"theme_set": "0"})
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert "That theme set cannot be read now" in refused.text  # type: ignore[attr-defined]
    assert "valid UTF-8 TOML" in refused.text  # type: ignore[attr-defined]
    curated.unlink()
    assert "cts-small (cannot be read now: the file is missing)" in officer.get(home).text
    with service.session() as session:
        assert current_themes(session, session.get(Question, question_id)) is None  # type: ignore[arg-type]


def test_the_setting_names_each_unusable_file(tmp_path: Path, curated: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("themes = [")
    (curated.parent / "cts-answers-independent-9.csv").unlink()
    with pytest.raises(ValidationError) as raised:
        Settings(theme_sets=f"{tmp_path / 'none.toml'}, {broken}, {curated}")  # type: ignore[arg-type]
    message = settings_error_message(raised.value)
    assert message.startswith("TOWNHALL_THEME_SETS: ")
    assert "none.toml" in message and "expected an existing TOML file" in message
    assert "broken.toml" in message and "valid UTF-8 TOML" in message
    assert "its library names" in message and "cts-answers-independent-9.csv" in message


def test_by_default_the_bundled_set_is_offered() -> None:
    assert Settings().theme_sets == [CTS_THEME_SET]
    assert Settings(theme_sets="").theme_sets == []  # type: ignore[arg-type]
