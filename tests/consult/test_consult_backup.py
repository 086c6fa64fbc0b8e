"""`townhall consult backup` and `restore`, on SQLite and PostgreSQL: a backup taken while residents
submit is one consistent moment, and restored elsewhere it holds every response receipted before
it began, with its answers, every equality record and every outcomes ledger entry."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, func, make_url, select, text
from typer.testing import CliRunner

from townhall.cli import app
from townhall.consult.backups.archive import read_manifest
from townhall.consult.backups.contents import tables_with_data
from townhall.consult.database import make_engine, session_factory
from townhall.consult.demo import load_demo
from townhall.consult.migrate import alembic_config, upgrade
from townhall.consult.models import Answer, EqualityRecord, Response
from townhall.consult.rules.questions import AnswerValue
from townhall.consult.services.equality_pool import release_batches
from townhall.consult.services.journeys import JourneyData, save_journey, start_journey, submit
from townhall.consult.services.shapes import ShapeCache
from townhall.outcomes.ledger import Ledger

runner = CliRunner()
ANSWERS_EACH = 3  # the loader answers questions 1, 4 and 5 of the demonstration
EQUALITY = {"age_band": "25 to 34", "sex": "Female"}


@contextmanager
def second_database(database_url: str, tmp_path: Path) -> Iterator[str]:
    """Another empty database beside the test's own, to restore into."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    name = f"{url.database}_restored"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class Loader(threading.Thread):
    """Submits responses through the service's own path, releases equality answers and appends
    outcomes ledger entries to the same database, until stopped; remembers what was receipted."""

    def __init__(self, database_url: str) -> None:
        super().__init__(daemon=True)
        self.engine = make_engine(database_url)
        self.factory = session_factory(self.engine, writing=True)
        self.ledger = Ledger(database_url)
        self.receipted: list[str] = []
        self.released = 0
        self.ledger_hashes: list[str] = []
        self.stop = threading.Event()
        self.error: BaseException | None = None
        with self.factory() as session, session.begin():
            consultation = load_demo(session, date.today())
            questions = consultation.questions
            self.data = JourneyData(
                respondent_type="resident",
                ward=str(consultation.wards[0].id),
                answers={
                    questions[0].id: AnswerValue(choice_ids=(questions[0].choices[3].id,)),
                    questions[3].id: AnswerValue(choice_ids=(questions[3].choices[0].id,)),
                    questions[4].id: AnswerValue(text="We could not find £3.43 a week."),
                },
            )
            cache = ShapeCache()
            standing = cache.standing(session, consultation.slug)
            assert standing is not None
            self.shape = cache.shape(session, standing)
            self.consultation = consultation

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                self.submit_one()
        except BaseException as error:  # reported by the test after join
            self.error = error

    def submit_one(self) -> None:
        with self.factory() as session, session.begin():
            token = start_journey(session, self.consultation)
        with self.factory() as session, session.begin():
            save_journey(session, token, self.data)
        reference = submit(self.factory, self.shape, token, False, lambda _s: True, EQUALITY)
        self.receipted.append(reference)
        self.released += release_batches(self.factory, 2, date.today())
        entry = self.ledger.append("submission", "provider", "provider", {"receipt": reference})
        self.ledger_hashes.append(entry.entry_hash)

    def close(self) -> None:
        self.stop.set()
        self.join(timeout=60)
        self.ledger.engine.dispose()
        self.engine.dispose()
        if self.error is not None:
            raise self.error


def test_a_backup_under_load_restores_everything_receipted_before_it(
    database_url: str, tmp_path: Path
) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    engine.dispose()
    loader = Loader(database_url)
    loader.start()
    try:
        while len(loader.receipted) < 6 and loader.is_alive():
            loader.stop.wait(0.05)
        receipted, released = list(loader.receipted), loader.released
        ledger = list(loader.ledger_hashes)
        backup = tmp_path / "backups" / "consult.tar.gz"
        made = runner.invoke(
            app, ["consult", "backup", "--out", str(backup), "--database-url", database_url]
        )
        assert made.exit_code == 0, made.output
        after = len(loader.receipted)
        while len(loader.receipted) < after + 2 and loader.is_alive():
            loader.stop.wait(0.05)  # still submitting after the backup
    finally:
        loader.close()
    assert "Backed up the" in made.output and str(backup) in made.output
    assert backup.stat().st_mode & 0o077 == 0  # residents' answers: readable by its owner only
    manifest = read_manifest(backup)
    assert manifest.database == make_url(database_url).get_backend_name()

    with second_database(database_url, tmp_path) as restored_url:
        restored = runner.invoke(
            app, ["consult", "restore", str(backup), "--database-url", restored_url]
        )
        assert restored.exit_code == 0, restored.output
        assert "every table has the rows it had" in restored.output
        check = create_engine(restored_url)
        with check.connect() as connection:
            references = set(connection.scalars(select(Response.reference)))
            answers = dict(
                connection.execute(
                    select(Answer.response_id, func.count()).group_by(Answer.response_id)
                ).all()
            )
            responses = connection.scalar(select(func.count()).select_from(Response))
            equality = connection.scalar(select(func.count()).select_from(EqualityRecord))
        check.dispose()
        assert set(receipted) <= references  # every receipt given before the backup began
        assert responses == manifest.rows["consult_responses"] == len(references)
        assert set(answers.values()) == {ANSWERS_EACH} and len(answers) == responses
        assert released <= equality == manifest.rows["consult_equality_records"]
        restored_ledger = Ledger(restored_url, create=False)
        hashes = [entry.entry_hash for entry in restored_ledger.entries()]
        restored_ledger.engine.dispose()
        assert hashes[: len(ledger)] == ledger  # the chain, unbroken, as it was
        assert len(hashes) == manifest.rows["ledger_entries"]

        again = runner.invoke(
            app, ["consult", "restore", str(backup), "--database-url", restored_url]
        )
        assert again.exit_code == 1 and "already holds data" in again.output
        fullest = tables_with_data(manifest.rows)[0]  # named first; which it is depends on timing
        assert fullest in " ".join(again.output.split()) and "--force" in again.output
        forced = runner.invoke(
            app, ["consult", "restore", str(backup), "--force", "--database-url", restored_url]
        )
        assert forced.exit_code == 0, forced.output


def test_restore_refuses_what_it_cannot_bring_back(tmp_path: Path) -> None:
    source = f"sqlite:///{tmp_path / 'source.db'}"
    engine = make_engine(source)
    upgrade(engine)
    engine.dispose()
    backup = tmp_path / "source.tar.gz"
    assert (
        runner.invoke(
            app, ["consult", "backup", "--out", str(backup), "--database-url", source]
        ).exit_code
        == 0
    )
    target = ["--database-url", f"sqlite:///{tmp_path / 'target.db'}"]

    itself = runner.invoke(
        app, ["consult", "backup", "--out", str(tmp_path / "source.db"), "--database-url", source]
    )
    assert itself.exit_code == 1 and "nor a file name ending in .tar.gz" in itself.output
    named_like_a_folder = runner.invoke(
        app, ["consult", "backup", "--out", str(tmp_path / "backups"), "--database-url", source]
    )
    assert named_like_a_folder.exit_code == 1 and "neither an existing folder" in (
        named_like_a_folder.output
    )
    assert not (tmp_path / "backups").exists()
    nowhere = f"sqlite:///{tmp_path / 'no' / 'such' / 'folder.db'}"
    refused = runner.invoke(app, ["consult", "restore", str(backup), "--database-url", nowhere])
    assert refused.exit_code == 1 and "cannot restore into" in refused.output
    assert "Traceback" not in refused.output

    not_a_backup = tmp_path / "notes.tar.gz"
    not_a_backup.write_text("not a backup")
    refused = runner.invoke(app, ["consult", "restore", str(not_a_backup), *target])
    assert refused.exit_code == 1 and "is not a Townhall backup" in refused.output

    damaged = tmp_path / "damaged.tar.gz"
    content = bytearray(backup.read_bytes())
    content[len(content) // 2] ^= 0xFF
    damaged.write_bytes(bytes(content))
    refused = runner.invoke(app, ["consult", "restore", str(damaged), *target])
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "damaged" in refused.output or "not a Townhall backup" in refused.output

    wrong_kind = runner.invoke(
        app,
        [
            "consult",
            "restore",
            str(backup),
            "--database-url",
            "postgresql+psycopg://nobody@127.0.0.1:1/none",
        ],
    )
    assert wrong_kind.exit_code == 1
    assert "a backup of a SQLite database; restore it into a SQLite database" in wrong_kind.output
    assert not (tmp_path / "target.db").exists()  # nothing was made by a refused restore

    empty = runner.invoke(app, ["consult", "backup", "--out", str(tmp_path / "x.tar.gz"), *target])
    assert empty.exit_code == 1 and "there is no database file" in empty.output.replace("\n", " ")


def test_an_older_schema_restores_to_be_migrated_and_a_newer_one_is_refused(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'source.db'}"
    command.upgrade(alembic_config(url), "0007")

    def backup_then_restore(name: str) -> str:
        backup = tmp_path / f"{name}.tar.gz"
        made = runner.invoke(
            app, ["consult", "backup", "--out", str(backup), "--database-url", url]
        )
        assert made.exit_code == 0, made.output
        target = f"sqlite:///{tmp_path / f'{name}.db'}"
        result = runner.invoke(app, ["consult", "restore", str(backup), "--database-url", target])
        return f"{result.exit_code} " + " ".join(result.output.split())

    restored = backup_then_restore("older")
    assert restored.startswith("0 ✓ Restored the SQLite database (schema 0007")
    assert "older than this Townhall's" in restored and "run `townhall consult migrate`" in restored
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE consult_alembic_version SET version_num = '9999'"))
    engine.dispose()
    refused = backup_then_restore("newer")
    assert refused.startswith("1 ") and "made by a newer Townhall (schema revision 9999)" in refused
    assert not (tmp_path / "newer.db").exists()
