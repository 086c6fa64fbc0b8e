"""The consultation service's bad-input catalogue: each case is a form a person or a script could
send wrongly. Every case asserts the status, the message the page shows (naming the field), and
that no stored row changed (responses, answers, equality records, documents, users)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).parents[1] / "consult"))
from consult_client import DEMO, Service, csrf_from, make_service, post_form
from test_consult_journey import answer_everything

from townhall.consult.demo import load_demo
from townhall.consult.models import (
    Answer,
    Document,
    EqualityRecord,
    Journey,
    Response,
    User,
)

UPLOAD_LIMIT = 1024 * 1024  # 1 MB, so an oversized upload is small enough for a quick test
DOCUMENTS = "/staff/consultations/1/documents/upload"


@pytest.fixture
def web(database_url: str) -> Iterator[Service]:
    """The Birmingham demonstration (open today) with receipts by e-mail offered and an officer."""
    made = make_service(
        database_url,
        smtp_url="smtp://127.0.0.1:1",
        mail_from="consultation@example.org",
        max_upload_bytes=UPLOAD_LIMIT,
        max_form_bytes=4 * UPLOAD_LIMIT,
    )
    with made.session() as session, session.begin():
        load_demo(session, date.today())
    made.add_user("officer@example.org", "officer")
    yield made
    made.app.state.engine.dispose()


def stored_rows(service: Service) -> dict[str, int]:
    """How many rows each table a form could write to holds."""
    with service.session() as session:
        return {
            model.__name__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Response, Answer, EqualityRecord, Document, User)
        }


def resident(service: Service) -> TestClient:
    """A resident who has answered every page of the demonstration, not yet submitted."""
    client = service.client()
    answer_everything(service, client)
    return client


def upload(service: Service, name: str, content: bytes, media: str = "application/pdf") -> object:
    return post_form(
        service.signed_in("officer@example.org"),
        DOCUMENTS,
        data={"title": "The proposal"},
        files={"document": (name, content, media)},
    )


@dataclass(frozen=True)
class WebCase:
    """One bad form: how to send it, the status expected and the fragments the page must show."""

    name: str
    send: Callable[[Service], object]
    status: int
    says: tuple[str, ...]


def web_case(name: str, send: Callable[[Service], object], status: int, *says: str) -> object:
    return pytest.param(WebCase(name, send, status, says), id=name)


def post_without_token(path: str) -> Callable[[Service], object]:
    def send(service: Service) -> object:
        client = service.client()
        client.get(DEMO)
        return client.post(path, data={"answer": "x"}, follow_redirects=False)

    return send


def post_with_forged_token(service: Service) -> object:
    client = resident(service)
    return client.post(
        f"{DEMO}/respond/submit", data={"csrf_token": "forged.token"}, follow_redirects=False
    )


def over_long_answer(service: Service) -> object:
    return post_form(resident(service), f"{DEMO}/respond/question/5", data={"answer": "x" * 2001})


def over_sized_form(service: Service) -> object:
    client = resident(service)
    token = csrf_from(client.get(f"{DEMO}/respond/question/5").text)
    huge = "x" * (service.settings.max_form_bytes + 1)
    return client.post(f"{DEMO}/respond/question/5", data={"csrf_token": token, "answer": huge})


def contact(email: str) -> Callable[[Service], object]:
    def send(service: Service) -> object:
        return post_form(resident(service), f"{DEMO}/respond/contact", data={"email": email})

    return send


def about(data: dict[str, str]) -> Callable[[Service], object]:
    def send(service: Service) -> object:
        client = service.client()
        post_form(client, DEMO, f"{DEMO}/start")
        return post_form(client, f"{DEMO}/respond/about", data=data)

    return send


def choice(answer: str) -> Callable[[Service], object]:
    def send(service: Service) -> object:
        return post_form(resident(service), f"{DEMO}/respond/question/1", data={"answer": answer})

    return send


def equality_without_consent(service: Service) -> object:
    return post_form(resident(service), f"{DEMO}/respond/equality", data={"age_band": "25 to 34"})


def submit_unanswered(service: Service) -> object:
    client = service.client()
    post_form(client, DEMO, f"{DEMO}/start")
    return post_form(client, DEMO, f"{DEMO}/respond/submit")


def sign_in(email: str) -> Callable[[Service], object]:
    def send(service: Service) -> object:
        return post_form(
            service.client(), "/staff/sign-in", data={"email": email, "password": "wrong"}
        )

    return send


CASES = [
    web_case("answer-too-long", over_long_answer, 400, "must be 2,000 characters or fewer"),
    web_case("form-too-large", over_sized_form, 413, "too large"),
    web_case("start-without-csrf", post_without_token(f"{DEMO}/start"), 403, "this site"),
    web_case(
        "answer-without-csrf",
        post_without_token(f"{DEMO}/respond/question/1"),
        403,
        "did not come from this site",
    ),
    web_case("submit-forged-csrf", post_with_forged_token, 403, "did not come from this site"),
    web_case("email-malformed", contact("not-an-address"), 400, "correct format"),
    web_case("email-two-ats", contact("me@@example.org"), 400, "correct format"),
    web_case("email-too-long", contact("a" * 250 + "@example.org"), 400, "characters or fewer"),
    web_case(
        "about-unknown-respondent",
        about({"respondent_type": "robot"}),
        400,
        "Select whether you are responding as a resident",
        "Select the ward",
    ),
    web_case("choice-not-offered", choice("999999"), 400, "Select one of the options shown"),
    web_case("equality-without-consent", equality_without_consent, 400, "consent"),
    web_case(
        "submit-with-nothing-answered",
        submit_unanswered,
        400,
        "Tell us who you are responding as",
        "Question 1: Select how much you agree or disagree",
    ),
    web_case("sign-in-bad-email", sign_in("nobody"), 400, "Enter a correct email address"),
    web_case(
        "upload-too-large",
        lambda s: upload(s, "big.pdf", b"%PDF-" + b"x" * UPLOAD_LIMIT),
        400,
        "must be smaller than 1 MB",
    ),
    web_case(
        "upload-not-what-its-name-says",
        lambda s: upload(s, "virus.pdf", b"MZ\x90\x00"),
        400,
        "does not match its type",
    ),
    web_case("upload-empty", lambda s: upload(s, "empty.pdf", b""), 400, "is empty"),
    web_case(
        "upload-not-utf8",
        lambda s: upload(s, "notes.txt", "caf\xe9".encode("cp1252"), "text/plain"),
        400,
        "saved as UTF-8",
    ),
    web_case(
        "upload-unknown-kind",
        lambda s: upload(s, "run.exe", b"MZ\x90\x00", "application/octet-stream"),
        400,
        "must be a PDF",
    ),
]


@pytest.mark.parametrize("given", CASES)
def test_a_bad_form_is_refused_with_its_field_named_and_nothing_stored(
    web: Service, given: WebCase
) -> None:
    before = stored_rows(web)
    response = given.send(web)
    assert response.status_code == given.status, response.text[:2000]  # type: ignore[attr-defined]
    for fragment in given.says:
        assert fragment in response.text, response.text[:2000]  # type: ignore[attr-defined]
    assert stored_rows(web) == before


def test_the_journey_keeps_no_new_draft_for_a_refused_start(web: Service) -> None:
    with web.session() as session:
        drafts = session.scalar(select(func.count()).select_from(Journey))
    post_without_token(f"{DEMO}/start")(web)
    with web.session() as session:
        assert session.scalar(select(func.count()).select_from(Journey)) == drafts
