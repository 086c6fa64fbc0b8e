"""`townhall consult serve` with several worker processes: it answers, and limits hold across them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
from consult_client import csrf_from
from consult_server import free_port

TOWNHALL = Path(sys.executable).with_name("townhall")


def test_two_workers_serve_pages_and_share_the_sign_in_limit_per_forwarded_client(
    database_url: str, tmp_path: Path
) -> None:
    port = free_port()
    environment = {
        **os.environ,
        "TOWNHALL_SECRET_KEY": "a test key that is long enough to sign cookies",
        "TOWNHALL_COOKIE_SECURE": "false",
        "TOWNHALL_LOGIN_ATTEMPTS_PER_QUARTER_HOUR": "3",
        "TOWNHALL_LOG_FORMAT": "json",
    }
    migrate = [str(TOWNHALL), "consult", "migrate", "--database-url", database_url]
    subprocess.run(migrate, env=environment, cwd=tmp_path, check=True, capture_output=True)
    command = [str(TOWNHALL), "consult", "serve", "--port", str(port), "--workers", "2"]
    command += ["--trust-proxy", "127.0.0.1", "--database-url", database_url]
    server = subprocess.Popen(
        command, env=environment, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300  # a busy machine may take minutes to start two workers
        while True:
            try:
                if httpx.get(base + "/", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "serve did not start"
            time.sleep(0.2)
        # A new connection each time, so the two workers take turns accepting them.
        with httpx.Client(base_url=base, headers={"Connection": "close"}) as client:
            token = csrf_from(client.get("/staff/sign-in").text)

            def attempt(email: str, forwarded_for: str | None = None) -> int:
                headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
                form = {"csrf_token": token, "email": email, "password": "wrong"}
                return client.post("/staff/sign-in", data=form, headers=headers).status_code

            same_email = [attempt("nobody@example.gov.uk") for _ in range(6)]
            assert same_email == [400, 400, 400, 429, 429, 429]
            # Through the trusted proxy each resident is counted at their own address.
            one_client = [attempt(f"{n}@example.gov.uk", "198.51.100.1") for n in range(4)]
            assert one_client == [400, 400, 400, 429]
            assert attempt("another@example.gov.uk", "198.51.100.2") == 400
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    assert "2 worker processes" in output
    assert output.count("Started server process") == 2
    # Every worker logs one JSON object a line: the route, never the e-mail addresses posted.
    logged = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    access = [entry for entry in logged if entry["logger"] == "townhall.access"]
    assert ("POST", "/staff/sign-in", 429) in {
        (e["method"], e["path"], e["status"]) for e in access
    }
    assert "example.gov.uk" not in output
