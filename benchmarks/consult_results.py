"""Benchmark: an officer's results page and the Excel export of the demo consultation with 50,000
responses (targets: the page in at most 1 s, the export in at most 10 s), each beside references
measured in the same run: a plain COUNT of the answers, and reading every answer row once.

The responses are made at run time (every closed question answered at random, a free-text answer
for two in three, a curated theme set with each answer's themes and stance), written straight to a
SQLite database in a temporary folder; the page and the export are fetched through the app
in-process, as an officer signed in, three times each (the first draws the charts; the chart
renderer itself is started beforehand, as a running server has it).

Run: .venv/bin/python benchmarks/consult_results.py [--responses 50000]
"""

from __future__ import annotations

import argparse
import random
import secrets
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from townhall.consult.analysis.themeset import Theme, ThemeSet
from townhall.consult.app import create_app
from townhall.consult.charts import tally_chart
from townhall.consult.database import make_engine, session_factory
from townhall.consult.demo import load_demo
from townhall.consult.migrate import upgrade
from townhall.consult.models import (
    Answer,
    AnswerStance,
    Consultation,
    Response,
    ThemeAssignment,
    User,
    Ward,
    utc_now,
)
from townhall.consult.rules.counting import OptionCount, Tally
from townhall.consult.security.passwords import hash_password
from townhall.consult.services.themes import save_themes
from townhall.consult.settings import Settings

RUNS = 3
PASSWORD = "a long benchmark password"
PHRASES = [
    "I cannot afford to pay anything more.",
    "Families on low incomes will be pushed into debt.",
    "Pensioners are protected but working age people pay everything.",
    "Disabled people must be protected.",
    "Second homes should pay full council tax first.",
    "Everyone should contribute something.",
    "Raise council tax for everyone instead.",
    "Cut management costs instead.",
]
THEMES = [
    ("afford", "Cannot afford it"),
    ("debt", "Debt and poverty"),
    ("pensioners", "Pensioners protected"),
    ("disabled", "Protect disabled people"),
    ("second_homes", "Charge second homes"),
    ("fair_share", "Everyone should pay"),
    ("raise_tax", "Raise council tax instead"),
    ("savings", "Find savings"),
]
STANCES = ["supports", "opposes", "mixed", "unclear"]


def fill(session: Session, responses: int, rng: random.Random) -> None:
    """`responses` responses to the demo consultation, answers, themes and stances."""
    consultation = session.scalars(select(Consultation)).one()
    wards = list(session.scalars(select(Ward.id)))
    start = utc_now() - timedelta(days=30)
    session.execute(
        insert(Response),
        [
            {
                "consultation_id": consultation.id,
                "journey_token": secrets.token_hex(16),
                "reference": f"B{number:07d}",
                "respondent_type": rng.choice(["resident", "resident", "business"]),
                "ward_id": rng.choice(wards),
                "submitted_at": start + timedelta(seconds=number * 50),
            }
            for number in range(responses)
        ],
    )
    ids = list(session.scalars(select(Response.id).order_by(Response.id)))
    rows: list[dict[str, object]] = []
    for response_id in ids:
        for question in consultation.questions:
            choices = [choice.id for choice in question.choices]
            if question.kind == "text":
                if rng.random() < 2 / 3:
                    said = " ".join(rng.sample(PHRASES, rng.randint(1, 3)))
                    rows.append(
                        {"response_id": response_id, "question_id": question.id, "text": said}
                    )
            elif question.kind == "ranking":
                rows += [
                    {
                        "response_id": response_id,
                        "question_id": question.id,
                        "choice_id": choice,
                        "rank": rank,
                    }
                    for rank, choice in enumerate(rng.sample(choices, len(choices)), 1)
                ]
            elif question.kind == "multiple":
                rows += [
                    {"response_id": response_id, "question_id": question.id, "choice_id": choice}
                    for choice in rng.sample(choices, rng.randint(1, min(3, len(choices))))
                ]
            else:
                rows.append(
                    {
                        "response_id": response_id,
                        "question_id": question.id,
                        "choice_id": rng.choice(choices),
                    }
                )
    session.execute(insert(Answer), rows)
    text_question = next(q for q in consultation.questions if q.kind == "text")
    save_themes(
        session,
        text_question,
        ThemeSet(themes=[Theme(key=key, label=label) for key, label in THEMES]),
    )
    answers = list(session.scalars(select(Answer.id).where(Answer.question_id == text_question.id)))
    session.execute(
        insert(ThemeAssignment),
        [
            {"answer_id": answer, "theme_key": key, "confidence": rng.random()}
            for answer in answers
            for key, _ in rng.sample(THEMES, rng.randint(1, 2))
        ],
    )
    session.execute(
        insert(AnswerStance),
        [{"answer_id": answer, "stance": rng.choice(STANCES)} for answer in answers],
    )
    session.add(
        User(
            email="officer@example.org",
            name="Officer",
            password_hash=hash_password(PASSWORD),
            role="officer",
        )
    )


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def report(label: str, seconds: list[float], reference: float, target: float | None = None) -> None:
    spread = f"{min(seconds):6.3f}–{max(seconds):.3f} s"
    aim = f"; target ≤ {target:g} s" if target is not None else ""
    print(f"  {label:<44} {spread}  ({min(seconds) / reference:,.0f}x the COUNT{aim})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=50_000)
    arguments = parser.parse_args()
    rng = random.Random(16)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'townhall.db'}"
        engine = make_engine(url)
        upgrade(engine)
        made = time.perf_counter()
        with session_factory(engine, writing=True)() as session, session.begin():
            load_demo(session, date.today())
            fill(session, arguments.responses, rng)
        print(f"Made {arguments.responses:,} responses in {time.perf_counter() - made:.1f} s")
        app = create_app(
            Settings(database_url=url, secret_key="benchmark-" + "x" * 40, cookie_secure=False)
        )
        client = TestClient(app, base_url="http://testserver")
        page = client.get("/staff/sign-in").text
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        signed_in = client.post(
            "/staff/sign-in",
            data={"csrf_token": token, "email": "officer@example.org", "password": PASSWORD},
            follow_redirects=False,
        )
        assert signed_in.status_code == 303, signed_in.text
        with engine.connect() as connection:
            answers = connection.scalar(select(func.count()).select_from(Answer))
            count = [
                timed(
                    lambda: connection.execute(
                        text("SELECT COUNT(*) FROM consult_answers")
                    ).scalar()
                )
                for _ in range(RUNS)
            ]
            read = [
                timed(
                    lambda: connection.execute(
                        select(
                            Answer.response_id,
                            Answer.question_id,
                            Answer.choice_id,
                            Answer.rank,
                            Answer.text,
                        )
                    ).all()
                )
                for _ in range(RUNS)
            ]
        print(f"{arguments.responses:,} responses, {answers:,} answer rows; {RUNS} runs each")
        reference = min(count)
        report("reference: SELECT COUNT(*) of the answers", count, reference)
        report("reference: read every answer row once", read, reference)

        def fetch(address: str) -> Callable[[], object]:
            def get() -> object:
                response = client.get(address)
                assert response.status_code == 200, response.status_code
                return response

            return get

        # The chart renderer starts once per server process (a few seconds), not once per page.
        tally_chart(Tally(1, (OptionCount("warm-up", 1, 100.0),)))
        page_seconds = [timed(fetch("/staff/consultations/1/results")) for _ in range(RUNS)]
        report("results page (first run draws the charts)", page_seconds, reference, 1)
        filtered = [
            timed(fetch("/staff/consultations/1/results?respondent_type=business"))
            for _ in range(RUNS)
        ]
        report("results page, filtered to businesses", filtered, reference, 1)
        export = [timed(fetch("/staff/consultations/1/export/responses.xlsx")) for _ in range(RUNS)]
        report("Excel export of every response", export, reference, 10)
        csv_export = [
            timed(fetch("/staff/consultations/1/export/responses.csv")) for _ in range(RUNS)
        ]
        report("CSV export of every response", csv_export, reference)
        engine.dispose()
        app.state.engine.dispose()


if __name__ == "__main__":
    main()
