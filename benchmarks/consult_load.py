"""Benchmark: submissions under load. Starts the consultation service with uvicorn on 127.0.0.1,
sends `--rate` submissions a second for `--duration` seconds (asyncio streams with keep-alive,
at most `--concurrency` in flight, from 2,000 loopback addresses; two uvicorn workers by default,
the server's default limits), then checks that every response that got a receipt is in the database
exactly once. A small share are sent twice at once (a double click) to load the idempotency check.
Beside it, in the same run, GETs of a static page measure what the machine gives any request.

Journeys are prepared before the clock starts, straight into the database with signed session
cookies (as the server would make them), so the timed requests are the submissions themselves.

Run: .venv/bin/python benchmarks/consult_load.py [--duration 60 --rate 200]
     .venv/bin/python benchmarks/consult_load.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
(a PostgreSQL run creates a database of its own next to the one named, and drops it afterwards)
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import httpx
import numpy as np
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import func, select

from townhall.consult.database import make_engine, session_factory
from townhall.consult.demo import SLUG, load_demo
from townhall.consult.migrate import upgrade
from townhall.consult.models import Consultation, Journey, Response
from townhall.consult.rules.questions import AnswerValue
from townhall.consult.services.journeys import JourneyData

DOUBLE_CLICK_SHARE = 0.02
WARM_UP_SUBMISSIONS = 50
CLIENTS = 2000  # at 200 a second each sends 6 a minute, under the default limit of 10
KEEP_ALIVE_SECONDS = 2.0  # reuse an idle connection only this long (uvicorn closes at 5 s)


@contextmanager
def database(url: str | None) -> Iterator[str]:
    """SQLite in a temporary folder by default; for PostgreSQL a fresh database, dropped after."""
    if url is None:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'townhall.db'}"
        return
    if not url.startswith("postgresql"):
        raise SystemExit(
            "--database-url must be a postgresql+psycopg:// URL (SQLite is the default)"
        )
    import psycopg

    admin_url = url.replace("postgresql+psycopg://", "postgresql://")
    name = f"townhall_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Prepared:
    """A journey ready to submit: its token, session cookie and the form's CSRF token."""

    token: str
    cookie: str
    csrf: str
    source: str  # the loopback address it is sent from, as if from its own resident


def prepare(url: str, secret_key: str, count: int) -> list[Prepared]:
    """Load the demo and `count` completed journeys; sign each one's session cookie."""
    engine = make_engine(url)
    upgrade(engine)
    factory = session_factory(engine, writing=True)
    signer = TimestampSigner(secret_key)
    csrf = URLSafeTimedSerializer(secret_key, salt="townhall-csrf")
    prepared = []
    with factory() as session, session.begin():
        consultation = load_demo(session, date.today())
        questions = consultation.questions
        data = JourneyData(
            respondent_type="resident",
            ward=str(consultation.wards[0].id),
            answers={
                questions[0].id: AnswerValue(choice_ids=(questions[0].choices[3].id,)),
                questions[3].id: AnswerValue(choice_ids=(questions[3].choices[0].id,)),
                questions[4].id: AnswerValue(text="It would be hard for us to find £3.43 a week."),
            },
        ).to_json()
        rows = []
        for _ in range(count):
            token, csrf_secret = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
            rows.append({"token": token, "consultation_id": consultation.id, "data": data})
            payload = base64.b64encode(
                json.dumps({"csrf_secret": csrf_secret, "journeys": {SLUG: token}}).encode()
            )
            prepared.append(
                Prepared(
                    token,
                    signer.sign(payload).decode(),
                    csrf.dumps(csrf_secret),
                    client_address(len(prepared)),
                )
            )
        session.execute(Journey.__table__.insert(), rows)
    engine.dispose()
    return prepared


def client_address(index: int) -> str:
    """One of `CLIENTS` loopback addresses (all of 127.0.0.0/8 reaches this machine), so the
    server's per-client limits apply as they would to residents at their own addresses."""
    client = index % CLIENTS
    return f"127.1.{client // 250}.{client % 250 + 1}"


@contextmanager
def server(url: str, secret_key: str, port: int, workers: int) -> Iterator[tuple[str, int]]:
    """uvicorn serving the app in a process of its own; yields the base URL once it answers."""
    environment = {
        **os.environ,
        "TOWNHALL_DATABASE_URL": url,
        "TOWNHALL_SECRET_KEY": secret_key,
        "TOWNHALL_COOKIE_SECURE": "false",  # plain HTTP on 127.0.0.1
    }
    command = [sys.executable, __file__, "--serve", str(port), "--workers", str(workers)]
    process = subprocess.Popen(command, env=environment)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(base + "/static/consult.css", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise SystemExit("the server did not start")
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(timeout=20)


def serve(port: int, workers: int) -> None:
    """Run the service as `townhall consult serve --workers N` does, without access logs."""
    from townhall.consult.server import run

    run("127.0.0.1", port, workers, log_level="warning", access_log=False)


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by a process and its worker processes (Linux)."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


@dataclass
class Outcomes:
    """What the load run saw."""

    submit_ms: list[float] = field(default_factory=list)
    static_ms: list[float] = field(default_factory=list)
    receipts: dict[str, str] = field(default_factory=dict)  # journey token -> reference
    failures: dict[str, int] = field(default_factory=dict)
    late_starts: int = 0


def reference_from(set_cookie: str) -> str | None:
    """The receipt reference the server put in the session cookie it sent back."""
    value = set_cookie.split("=", 1)[1].split(";", 1)[0]
    payload = value.rsplit(".", 2)[0]
    receipts = json.loads(base64.b64decode(payload)).get("receipts", {})
    reference = receipts.get(SLUG)
    return reference if isinstance(reference, str) else None


class ProtocolError(Exception):
    """The server's answer was not a plain HTTP/1.1 response with a Content-Length."""


class Connections:
    """Keep-alive HTTP/1.1 connections to one local server: at most `limit` open, idle ones reused.

    A deliberately small client (requests pre-encoded, responses read by Content-Length) so the
    load generator spends microseconds, not milliseconds, per request and measures the server.
    """

    def __init__(self, host: str, port: int, limit: int) -> None:
        if host != "127.0.0.1":
            raise SystemExit("the benchmark only sends load to 127.0.0.1")
        self.host, self.port = host, port
        self._gate = asyncio.Semaphore(limit)
        self._idle: dict[str, list[tuple[asyncio.StreamReader, asyncio.StreamWriter, float]]] = {}

    async def _connection(self, source: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        """The most recently used idle connection from `source`, skipping any the server may
        have closed (idle longer than `KEEP_ALIVE_SECONDS`, under uvicorn's 5 s), or a new one."""
        idle = self._idle.setdefault(source, [])
        while idle:
            reader, writer, idle_since = idle.pop()
            if time.monotonic() - idle_since < KEEP_ALIVE_SECONDS and not reader.at_eof():
                return reader, writer
            writer.close()
        return await asyncio.open_connection(self.host, self.port, local_addr=(source, 0))

    async def request(
        self, raw: bytes, source: str = "127.0.0.1"
    ) -> tuple[int, dict[bytes, bytes]]:
        """Send one pre-encoded request from the loopback address `source`; its status and
        headers (lower-case names)."""
        async with self._gate:
            reader, writer = await self._connection(source)
            try:
                writer.write(raw)
                head = await reader.readuntil(b"\r\n\r\n")
                status_line, *lines = head[:-4].split(b"\r\n")
                headers = {}
                for line in lines:
                    name, _, value = line.partition(b":")
                    headers[name.strip().lower()] = value.strip()
                length = headers.get(b"content-length")
                if length is None or not status_line.startswith(b"HTTP/1.1 "):
                    raise ProtocolError(status_line.decode(errors="replace"))
                await reader.readexactly(int(length))
            except BaseException:
                writer.close()
                raise
            if headers.get(b"connection", b"").lower() == b"close":
                writer.close()
            else:
                self._idle[source].append((reader, writer, time.monotonic()))
            return int(status_line.split()[1]), headers

    def close(self) -> None:
        for idle in self._idle.values():
            for _reader, writer, _idle_since in idle:
                writer.close()
        self._idle.clear()


def encoded_submission(journey: Prepared) -> bytes:
    """The submit POST for `journey`, as bytes on the wire (made before the clock starts)."""
    body = urlencode({"csrf_token": journey.csrf}).encode()
    return (
        f"POST /consultations/{SLUG}/respond/submit HTTP/1.1\r\n"
        "Host: 127.0.0.1\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n"
        f"Cookie: townhall_session={journey.cookie}\r\n\r\n"
    ).encode() + body


STATIC_GET = b"GET /static/consult.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
RECEIPT_PATH = f"/consultations/{SLUG}/respond/receipt".encode()


def count(failures: dict[str, int], key: str) -> None:
    failures[key] = failures.get(key, 0) + 1


async def submit(
    connections: Connections, journey: Prepared, raw: bytes, due: float, outcomes: Outcomes
) -> None:
    """One submission; its latency counts from when it was due, so a late start counts too."""
    try:
        status, headers = await connections.request(raw, journey.source)
    except (OSError, asyncio.IncompleteReadError, ProtocolError) as error:
        count(outcomes.failures, type(error).__name__)
        return
    outcomes.submit_ms.append((time.perf_counter() - due) * 1000)
    location = headers.get(b"location", b"")
    receipted = status == 303 and location.endswith(RECEIPT_PATH)
    set_cookie = headers.get(b"set-cookie")
    reference = reference_from(set_cookie.decode()) if receipted and set_cookie else None
    if reference is None:
        count(outcomes.failures, f"HTTP {status} to {location.decode() or '(none)'}")
        return
    earlier = outcomes.receipts.setdefault(journey.token, reference)
    if earlier != reference:
        count(outcomes.failures, "two references for one journey")


async def static_get(connections: Connections, due: float, outcomes: Outcomes) -> None:
    try:
        status, _headers = await connections.request(STATIC_GET)
    except (OSError, asyncio.IncompleteReadError, ProtocolError) as error:
        count(outcomes.failures, type(error).__name__)
        return
    if status == 200:
        outcomes.static_ms.append((time.perf_counter() - due) * 1000)


async def load(
    port: int, journeys: list[Prepared], rate: float, concurrency: int
) -> tuple[Outcomes, float]:
    """Open-loop load: submission i is due at i / rate seconds; one static GET per 10 submissions.

    The first `WARM_UP_SUBMISSIONS` are sent (and checked) before the clock starts, untimed.
    """
    outcomes = Outcomes()
    connections = Connections("127.0.0.1", port, concurrency)
    encoded = [encoded_submission(journey) for journey in journeys]
    rng = np.random.default_rng(2012)
    warm_up = Outcomes()
    for journey, raw in zip(
        journeys[:WARM_UP_SUBMISSIONS], encoded[:WARM_UP_SUBMISSIONS], strict=True
    ):
        await submit(connections, journey, raw, time.perf_counter(), warm_up)
    outcomes.receipts.update(warm_up.receipts)
    outcomes.failures.update(warm_up.failures)
    tasks = []
    start = time.perf_counter()
    timed = list(zip(journeys, encoded, strict=True))[WARM_UP_SUBMISSIONS:]
    for index, (journey, raw) in enumerate(timed):
        due = start + index / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        elif delay < -0.05:
            outcomes.late_starts += 1
        tasks.append(asyncio.create_task(submit(connections, journey, raw, due, outcomes)))
        if rng.random() < DOUBLE_CLICK_SHARE:
            tasks.append(asyncio.create_task(submit(connections, journey, raw, due, outcomes)))
        if index % 10 == 0:
            tasks.append(asyncio.create_task(static_get(connections, due, outcomes)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    connections.close()
    return outcomes, elapsed


def verify(url: str, outcomes: Outcomes) -> tuple[int, int, int]:
    """Receipted responses missing, stored more than once, and stored without a receipt."""
    engine = make_engine(url)
    with session_factory(engine)() as session:
        stored = dict(session.execute(select(Response.journey_token, Response.reference)).all())
        per_reference = dict(
            session.execute(
                select(Response.reference, func.count()).group_by(Response.reference)
            ).all()
        )
        per_token = dict(
            session.execute(
                select(Response.journey_token, func.count()).group_by(Response.journey_token)
            ).all()
        )
        assert session.scalar(select(func.count()).select_from(Consultation)) == 1
    engine.dispose()
    lost = sum(
        1 for token, reference in outcomes.receipts.items() if stored.get(token) != reference
    )
    duplicated = sum(count - 1 for count in per_reference.values() if count > 1) + sum(
        count - 1 for count in per_token.values() if count > 1
    )
    unreceipted = len(set(stored) - set(outcomes.receipts))
    return lost, duplicated, unreceipted


def percentile(values: list[float], share: float) -> float:
    return float(np.percentile(values, share)) if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", help="postgresql+psycopg://... (default: SQLite in a temporary folder)"
    )
    parser.add_argument("--rate", type=float, default=200, help="submissions a second (1 to 1000)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (1 to 600)")
    parser.add_argument(
        "--concurrency", type=int, default=200, help="most submissions in flight (1 to 1000)"
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="uvicorn worker processes (1 to 8; default 2, one a core here); each keeps its own rate limits",
    )
    arguments = parser.parse_args()
    if arguments.serve is not None:  # the server process this script starts for itself
        serve(arguments.serve, arguments.workers)
        return
    if not (
        1 <= arguments.rate <= 1000
        and 1 <= arguments.duration <= 600
        and 1 <= arguments.concurrency <= 1000
        and 1 <= arguments.workers <= 8
    ):
        parser.error(
            "--rate must be 1 to 1000, --duration 1 to 600, --concurrency 1 to 1000, --workers 1 to 8"
        )
    count = int(arguments.rate * arguments.duration) + WARM_UP_SUBMISSIONS
    secret_key = secrets.token_urlsafe(32)
    with database(arguments.database_url) as url:
        kind = url.split(":", 1)[0]
        print(f"Database: {kind}. Preparing {count:,} journeys ...", flush=True)
        journeys = prepare(url, secret_key, count)
        with server(url, secret_key, arguments.port, arguments.workers) as (base, pid):
            print(
                f"Sending {arguments.rate:g} submissions a second for {arguments.duration:g} s to {base} ...",
                flush=True,
            )
            cpu_before = cpu_seconds(pid)
            outcomes, elapsed = asyncio.run(
                load(arguments.port, journeys, arguments.rate, arguments.concurrency)
            )
            server_cpu = cpu_seconds(pid) - cpu_before
        lost, duplicated, unreceipted = verify(url, outcomes)
    print(
        f"\nTimed submissions answered: {len(outcomes.submit_ms):,} (double clicks included) in {elapsed:.1f} s; receipts: {len(outcomes.receipts):,} of {count:,} journeys ({WARM_UP_SUBMISSIONS} untimed warm-up)"
    )
    print(
        f"Achieved rate: {(len(outcomes.receipts) - WARM_UP_SUBMISSIONS) / elapsed:.0f} receipted submissions a second; started late (>50 ms behind schedule): {outcomes.late_starts}"
    )
    print(
        f"Submission latency: p50 {percentile(outcomes.submit_ms, 50):.1f} ms, p99 {percentile(outcomes.submit_ms, 99):.1f} ms (target p99 < 100 ms)"
    )
    print(
        f"Reference, GET of a static page in the same run: p50 {percentile(outcomes.static_ms, 50):.1f} ms, p99 {percentile(outcomes.static_ms, 99):.1f} ms"
    )
    print(
        f"Server CPU: {server_cpu:.1f} s over the run (warm-up included), {1000 * server_cpu / max(1, len(outcomes.submit_ms) + len(outcomes.static_ms)):.1f} ms a request; machine load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(f"Failures: {outcomes.failures or 'none'}")
    print(
        f"Lost (receipted but not stored): {lost}; duplicated: {duplicated}; stored without a receipt reaching the client: {unreceipted}"
    )
    if lost or duplicated:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
