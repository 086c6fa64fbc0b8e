"""Equality answers on their way to the equality table, so nothing links them to a response.

Submitting stores the response, then (in a transaction of its own) puts the equality answers in
the pending pool: a random key, the consultation, no date. The release step moves a
consultation's pending answers into the equality table once at least `minimum` wait (or once the
consultation has closed), in a random order, in one transaction a batch, all dated the day of the
release. So a record's key, place, transaction and date say only which batch it came in, and each
batch (but a closed consultation's last) holds at least `minimum` residents. docs/security.md says
what this protects against and what it cannot.
"""

from __future__ import annotations

import logging
import random
import secrets
import uuid
from collections.abc import Mapping
from datetime import date

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from townhall.consult.database import scrub_write_ahead_log, session_factory, transaction
from townhall.consult.models import (
    EQUALITY_FIELDS,
    Consultation,
    EqualityRecord,
    PendingEqualityRecord,
)
from townhall.consult.rules.availability import availability

logger = logging.getLogger(__name__)
_ANSWER_COLUMNS = [PendingEqualityRecord.__table__.c[name] for name in EQUALITY_FIELDS]


def pool_equality(
    factory: sessionmaker[Session], consultation_id: int, answers: Mapping[str, str]
) -> None:
    """Put one resident's equality answers in the pending pool, in a transaction of their own."""
    with transaction(factory) as session:
        session.execute(
            insert(PendingEqualityRecord).values(
                id=uuid.uuid4().hex,
                consultation_id=consultation_id,
                **{name: answers.get(name, "") for name in EQUALITY_FIELDS},
            )
        )


def release_batches(
    factory: sessionmaker[Session],
    minimum: int,
    today: date,
    shuffle: random.Random | None = None,
) -> int:
    """Release every batch that is due, each in its own transaction; how many records moved.

    `factory` must make writing sessions; `shuffle` is the randomness (the system's by default;
    tests pass a seeded one).
    """
    shuffle = shuffle or secrets.SystemRandom()
    with factory() as session:
        waiting = session.execute(
            select(
                PendingEqualityRecord.consultation_id,
                func.count(),
                Consultation.status,
                Consultation.opens_on,
                Consultation.closes_on,
            )
            .join(Consultation, Consultation.id == PendingEqualityRecord.consultation_id)
            .group_by(
                PendingEqualityRecord.consultation_id,
                Consultation.status,
                Consultation.opens_on,
                Consultation.closes_on,
            )
        ).all()
    released = 0
    for consultation_id, count, status, opens_on, closes_on in waiting:
        closed = availability(status, opens_on, closes_on, today) == "closed"
        if count >= minimum or closed:
            released += _release(factory, consultation_id, minimum, closed, today, shuffle)
    return released


def release_and_scrub(engine: Engine, minimum: int, today: date) -> int:
    """The background step: release due batches, then on SQLite cut the write-ahead log, so
    neither pending answers nor deleted journeys stay in the -wal file; how many moved."""
    released = release_batches(session_factory(engine, writing=True), minimum, today)
    if not scrub_write_ahead_log(engine):
        logger.info("the write-ahead log was in use; it will be cut on the next run")
    return released


def _release(
    factory: sessionmaker[Session],
    consultation_id: int,
    minimum: int,
    closed: bool,
    today: date,
    shuffle: random.Random,
) -> int:
    """Move one consultation's pending answers in one transaction: taken out of the pool with
    DELETE ... RETURNING (so two processes never both take a record) and written shuffled."""
    with factory() as session:
        taken = [
            dict(row._mapping)
            for row in session.execute(
                delete(PendingEqualityRecord)
                .where(PendingEqualityRecord.consultation_id == consultation_id)
                .returning(*_ANSWER_COLUMNS)
            )
        ]
        if not taken or (len(taken) < minimum and not closed):
            session.rollback()  # another process took some first: wait for more
            return 0
        shuffle.shuffle(taken)
        session.execute(
            insert(EqualityRecord),
            [
                {
                    **record,
                    "id": uuid.uuid4().hex,  # a new key, unrelated to the pending one
                    "consultation_id": consultation_id,
                    "given_on": today,
                }
                for record in taken
            ],
        )
        session.commit()
    return len(taken)
