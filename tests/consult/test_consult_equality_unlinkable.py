"""Equality answers cannot be joined back to the responses they came with, on SQLite and
PostgreSQL: the joins an insider with the database would try (id order, rowid, time, PostgreSQL's
xmin, place in the table, place in the SQLite file and its write-ahead log) pair records with
responses no better than chance, and nothing the resident typed is left behind by the journey.

How "no better than chance" is judged: each of 24 residents gives a distinct combination of
equality answers, so the test knows the true pairs. Records are released in batches of at least 10
(here residents 0-9, 10-19, then 20-23 at the close), so which batch a record belongs to may be
known from when it appeared; the test asks that nothing pairs them within their batch. A join
orders the records by its key; within each batch it pairs the r-th record with the batch's r-th
response (or the r-th from last: SQLite fills a page from its end). Under a random order each batch
gives close to a Poisson(1) count of right pairs; over the three, read whichever way pairs more,
P(13 or more) is about 1 in 40,000 (simulated), while a join that followed the responses would get
all 24 right. So fewer than 13 right pairs is "no better than chance".
"""

from __future__ import annotations

import base64
import json
import random
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from consult_client import DEMO, Service, make_service, post_form
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from test_consult_journey import answer_everything
from typer.testing import CliRunner

from townhall.cli import app as cli_app
from townhall.consult.database import make_engine, scrub_write_ahead_log
from townhall.consult.demo import SLUG, load_demo
from townhall.consult.migrate import alembic_config
from townhall.consult.models import (
    Answer,
    Consultation,
    EqualityRecord,
    Journey,
    PendingEqualityRecord,
    Question,
    Response,
    utc_now,
)
from townhall.consult.rules.equality import EQUALITY_QUESTIONS
from townhall.consult.rules.questions import AnswerValue
from townhall.consult.services.equality_pool import (
    pool_equality,
    release_and_scrub,
    release_batches,
)
from townhall.consult.services.journeys import JourneyData, submit
from townhall.consult.services.shapes import ShapeCache

RESIDENTS = 24
MINIMUM = 10  # the batch size for these tests (the service's default is 10 too)
CHANCE = 13  # fewer right pairs than this is no better than chance (see the module docstring)
AGES = EQUALITY_QUESTIONS["age_band"][1][:6]  # six age bands x two sexes x two = 24 combinations


def equality_of(resident: int) -> dict[str, str]:
    """Resident `resident`'s equality answers, different from every other resident's."""
    return {
        "age_band": AGES[resident % 6],
        "sex": ("Female", "Male")[resident // 6 % 2],
        "disability": ("Yes", "No")[resident // 12],
    }


def resident_of(record: EqualityRecord) -> int:
    """Which resident gave `record` (the test knows; the database does not)."""
    return next(
        resident
        for resident in range(RESIDENTS)
        if equality_of(resident)
        == {"age_band": record.age_band, "sex": record.sex, "disability": record.disability}
    )


def right_pairs(residents_in_record_order: list[int]) -> int:
    """How many records a join pairs with the right response within their batch (responses in
    submission order, MINIMUM to a batch), reading the join's order forwards or backwards,
    whichever pairs more."""

    def paired(order: list[int]) -> int:
        batches = sorted({resident // MINIMUM for resident in order})
        within = ([r for r in order if r // MINIMUM == batch] for batch in batches)
        return sum(
            resident == batch * MINIMUM + rank
            for batch, residents in zip(batches, within, strict=True)
            for rank, resident in enumerate(residents)
        )

    return max(paired(residents_in_record_order), paired(residents_in_record_order[::-1]))


@pytest.fixture
def demo(service: Service) -> Service:
    with service.session() as session, session.begin():
        load_demo(session, date.today())
    return service


def sqlite_files(service: Service) -> bytes:
    """Every byte SQLite keeps for the database: the file, its write-ahead log and its index."""
    path = Path(service.settings.database_url.removeprefix("sqlite:///"))
    return b"".join(
        candidate.read_bytes()
        for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm"))
        if candidate.exists()
    )


def respond(service: Service, released: Callable[[], None]) -> None:
    """24 residents submit in turn (journeys as the pages leave them); `released` runs after each,
    as the background step would."""
    client = service.client()
    answer_everything(service, client)
    with service.session() as session:
        template = JourneyData.from_json(session.scalars(select(Journey.data)).one())
        text_question = session.scalars(select(Question.id).where(Question.kind == "text")).one()
        consultation_id = session.scalars(select(Consultation.id)).one()
    shapes = ShapeCache()
    with service.app.state.reader() as session:
        standing = shapes.standing(session, SLUG)
        assert standing is not None
        shape = shapes.shape(session, standing)
    for resident in range(RESIDENTS):
        token = f"journey-{resident:02d}"
        template.answers[text_question] = AnswerValue(text=f"Resident {resident:02d} says")
        with service.session() as session, session.begin():
            session.add(
                Journey(token=token, consultation_id=consultation_id, data=template.to_json())
            )
        submit(
            service.app.state.writer,
            shape,
            token,
            keep_email=False,
            admit=lambda _session: True,
            equality=equality_of(resident),
        )
        released()


def close_consultation(service: Service) -> None:
    with service.session() as session, session.begin():
        consultation = session.scalars(select(Consultation)).one()
        consultation.status = "closed"


def responses_in_order(service: Service) -> list[int]:
    """Each response's resident, by response id (= the order they came)."""
    with service.session() as session:
        texts = session.scalars(
            select(Answer.text)
            .join(Response, Response.id == Answer.response_id)
            .where(Answer.text.is_not(None))
            .order_by(Response.id)
        ).all()
    return [int(str(said).split()[1]) for said in texts]


def test_no_join_links_a_record_to_its_response(demo: Service) -> None:
    shuffle = random.Random(20261206)  # seeded, so the test is the same every run
    batches: list[int] = []

    def release() -> None:
        moved = release_batches(demo.app.state.writer, MINIMUM, date.today(), shuffle)
        if moved:
            batches.append(moved)

    respond(demo, release)
    with demo.session() as session:
        assert (
            session.scalar(select(func.count()).select_from(PendingEqualityRecord))
            == RESIDENTS - 20
        )  # 4 wait for more
    close_consultation(demo)
    release()
    assert batches == [10, 10, 4]  # at least k a batch; the rest when the consultation closed
    assert responses_in_order(demo) == list(range(RESIDENTS))
    engine = demo.app.state.engine
    with demo.session() as session:
        records = session.scalars(select(EqualityRecord)).all()
        assert session.scalar(select(func.count()).select_from(PendingEqualityRecord)) == 0
        assert (
            session.scalar(select(func.count()).select_from(Journey)) == 1
        )  # the template's, never submitted
    residents = {record.id: resident_of(record) for record in records}
    assert sorted(residents.values()) == list(range(RESIDENTS))

    # By key order: random keys.
    assert right_pairs([residents[key] for key in sorted(residents)]) < CHANCE
    # By time: a record has only the day its batch was released, the same for all here.
    assert {record.given_on for record in records} == {date.today()}
    columns = {column["name"] for column in inspect(engine).get_columns("consult_equality_pending")}
    assert columns == {
        "id",
        "consultation_id",
        "age_band",
        "sex",
        "disability",
        "ethnic_group",
        "carer",
    }

    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            # By transaction: each batch is one transaction of its own, none a response's.
            record_xmins = dict(
                connection.execute(
                    text("SELECT id, xmin::text::bigint FROM consult_equality_records")
                ).all()
            )
            response_xmins = set(
                connection.scalars(text("SELECT xmin::text::bigint FROM consult_responses"))
            )
            assert len(set(record_xmins.values())) == len(batches)
            assert not set(record_xmins.values()) & response_xmins
            # By place in the table (ctid), and by transaction then place.
            by_place = connection.scalars(
                text("SELECT id FROM consult_equality_records ORDER BY ctid")
            ).all()
            assert right_pairs([residents[key] for key in by_place]) < CHANCE
            by_xmin = connection.scalars(
                text("SELECT id FROM consult_equality_records ORDER BY xmin::text::bigint, ctid")
            ).all()
            assert right_pairs([residents[key] for key in by_xmin]) < CHANCE
            # The pool is never written to the write-ahead log (so not to replicas or backups).
            persistence = connection.scalar(
                text(
                    "SELECT relpersistence FROM pg_class WHERE relname = 'consult_equality_pending'"
                )
            )
            assert persistence == "u"
        else:
            # By rowid: the tables have none.
            for table in ("consult_equality_records", "consult_equality_pending"):
                with pytest.raises(OperationalError, match="no such column: rowid"):
                    connection.execute(text(f"SELECT rowid FROM {table}"))
    if engine.dialect.name == "sqlite":
        # By place in the files' bytes, before and after the write-ahead log is cut.
        for files in (sqlite_files(demo), _after_scrub(demo)):
            # A record's own bytes: its key, then its date (the key alone is in the index too).
            day = date.today().isoformat().encode()
            offsets = {key: files.rfind(key.encode() + day) for key in residents}
            assert all(offset >= 0 for offset in offsets.values())
            in_file_order = sorted(residents, key=offsets.__getitem__)
            assert right_pairs([residents[key] for key in in_file_order]) < CHANCE


def released_and_scrubbed(service: Service) -> None:
    """The background step, run until the log has been cut: a request's session may still be
    closing in the test client's thread, and a reader holds the log (the service would simply
    try again the next minute)."""
    release_and_scrub(service.app.state.engine, MINIMUM, date.today())
    for _ in range(100):
        if scrub_write_ahead_log(service.app.state.engine):
            return
        time.sleep(0.05)
    pytest.fail("the write-ahead log stayed in use")


def _after_scrub(service: Service) -> bytes:
    released_and_scrubbed(service)
    path = Path(service.settings.database_url.removeprefix("sqlite:///"))
    assert Path(f"{path}-wal").stat().st_size == 0
    return sqlite_files(service)


def test_nothing_is_released_below_k_until_the_consultation_closes(demo: Service) -> None:
    writer = demo.app.state.writer
    with demo.session() as session:
        consultation_id = session.scalars(select(Consultation.id)).one()
    for resident in range(MINIMUM - 1):
        pool_equality(writer, consultation_id, equality_of(resident))
    assert release_batches(writer, MINIMUM, date.today()) == 0
    pool_equality(writer, consultation_id, equality_of(MINIMUM - 1))
    assert release_batches(writer, MINIMUM, date.today()) == MINIMUM
    for resident in range(3):
        pool_equality(writer, consultation_id, equality_of(resident))
    assert release_batches(writer, MINIMUM, date.today()) == 0
    close_consultation(demo)
    assert release_batches(writer, MINIMUM, date.today()) == 3
    with demo.session() as session:
        assert session.scalar(select(func.count()).select_from(EqualityRecord)) == MINIMUM + 3
        assert session.scalar(select(func.count()).select_from(PendingEqualityRecord)) == 0


@pytest.fixture
def sqlite_demo(tmp_path: Path) -> Iterator[Service]:
    made = make_service(f"sqlite:///{tmp_path / 'townhall.db'}")
    with made.session() as session, session.begin():
        load_demo(session, date.today())
    yield made
    made.app.state.engine.dispose()


def test_the_journey_leaves_nothing_in_the_sqlite_files(sqlite_demo: Service) -> None:
    service = sqlite_demo
    client = service.client()
    answer_everything(service, client, text="A first draft, DRAFT-7Q3K, that I changed.")
    # The equality answers are held in the resident's session, never in the database.
    assert b"25 to 34" not in sqlite_files(service)
    changed = post_form(client, f"{DEMO}/respond/question/5", data={"answer": "FINAL-8W2M."})
    assert changed.status_code == 303  # type: ignore[attr-defined]
    assert "Given, with your consent (2 answered)" in client.get(f"{DEMO}/respond/check").text
    sent = post_form(client, f"{DEMO}/respond/check", f"{DEMO}/respond/submit")
    assert sent.headers["location"] == f"{DEMO}/respond/receipt"  # type: ignore[attr-defined]
    payload = client.cookies["townhall_session"].split(".")[0]
    held = json.loads(base64.b64decode(payload + "=" * (-len(payload) % 4)))
    assert "equality" not in held  # the session forgets them once they are pooled
    close_consultation(service)  # so the one record is released
    released_and_scrubbed(service)
    files = sqlite_files(service)
    assert b"FINAL-8W2M." in files  # the response itself
    assert b"DRAFT-7Q3K" not in files  # the journey's earlier answer: overwritten, log cut
    assert b'"seen_equality"' not in files  # no journey row, nor a leftover of one
    assert files.count(b"25 to 34") == 1  # the released equality record, once


def test_release_equality_on_the_command_line(
    demo: Service, console_width: Callable[[int], None]
) -> None:
    writer = demo.app.state.writer
    with demo.session() as session:
        consultation_id = session.scalars(select(Consultation.id)).one()
    for resident in range(3):
        pool_equality(writer, consultation_id, equality_of(resident))
    url = ["--database-url", demo.settings.database_url]
    waiting = CliRunner().invoke(cli_app, ["consult", "release-equality", *url])
    assert waiting.exit_code == 0, waiting.output
    assert waiting.output == (
        "Released 0 equality records; 3 wait for a batch of 10 or for the consultation to close.\n"
    )
    close_consultation(demo)
    released = CliRunner().invoke(cli_app, ["consult", "release-equality", *url])
    assert released.output == (
        "Released 3 equality records; 0 wait for a batch of 10 or for the consultation to close.\n"
    )


def test_the_web_service_releases_due_batches_as_it_starts(demo: Service) -> None:
    writer = demo.app.state.writer
    with demo.session() as session:
        consultation_id = session.scalars(select(Consultation.id)).one()
    for resident in range(MINIMUM):
        pool_equality(writer, consultation_id, equality_of(resident))
    with demo.client():  # runs the app's lifespan: start-up, then shut-down
        pass
    with demo.session() as session:
        assert session.scalar(select(func.count()).select_from(EqualityRecord)) == MINIMUM
        assert session.scalar(select(func.count()).select_from(PendingEqualityRecord)) == 0


def test_migration_0007_rewrites_older_records_apart_from_their_responses(
    database_url: str,
) -> None:
    engine = make_engine(database_url)

    def migrate(step: Callable[[Config, str], None], revision: str) -> None:
        config = alembic_config(database_url)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            step(config, revision)

    # The demo is written by today's models, then the database taken back to 0006's schema.
    migrate(command.upgrade, "head")
    with Session(engine) as session, session.begin():
        consultation_id = load_demo(session, date.today()).id
    migrate(command.downgrade, "0006")
    with engine.begin() as connection:  # as the service wrote them before: one transaction
        connection.execute(
            text(
                "INSERT INTO consult_responses (consultation_id, journey_token, reference, "
                "submitted_at, respondent_type) VALUES (:c, 'old', 'OLD-0001', :at, 'resident')"
            ),
            {"c": consultation_id, "at": utc_now()},
        )
        connection.execute(
            text(
                "INSERT INTO consult_equality_records (id, consultation_id, given_on, age_band, "
                "sex, disability, ethnic_group, carer) "
                "VALUES ('a1', :c, :on, '25 to 34', 'Female', '', '', '')"
            ),
            {"c": consultation_id, "on": date.today()},
        )
        journey = {"respondent_type": "resident", "equality": {"sex": "Male"}, "consent": True}
        connection.execute(
            text(
                "INSERT INTO consult_journeys (token, consultation_id, data, updated_at) "
                "VALUES ('going', :c, :data, :at)"
            ),
            {"c": consultation_id, "data": json.dumps(journey), "at": utc_now()},
        )
        if engine.dialect.name == "postgresql":
            shared = "SELECT xmin::text FROM consult_responses UNION ALL "
            shared += "SELECT xmin::text FROM consult_equality_records"
            assert len(set(connection.scalars(text(shared)))) == 1  # the old link
    migrate(command.upgrade, "head")
    with engine.connect() as connection:
        kept = connection.execute(
            text("SELECT id, age_band, sex FROM consult_equality_records")
        ).all()
        assert [tuple(row) for row in kept] == [("a1", "25 to 34", "Female")]
        data = json.loads(connection.scalar(text("SELECT data FROM consult_journeys")))
        assert data == {"respondent_type": "resident"}  # equality answers out of the journey
        if engine.dialect.name == "postgresql":
            assert len(set(connection.scalars(text(shared)))) == 2  # rewritten in its own
        else:
            with pytest.raises(OperationalError, match="no such column: rowid"):
                connection.execute(text("SELECT rowid FROM consult_equality_records"))
    engine.dispose()
