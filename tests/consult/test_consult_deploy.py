"""docs/deploy.md: its files are the ones in docs/deploy/ and each passes its own check
(systemd-analyze verify, nginx -t, the settings file read by the service, the SQL run by psql
against a real server, where the service then runs as the least-privilege role); the restore
drill's commands run as written."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import psycopg
import pytest
import trustme
from consult_client import DEMO, make_service
from sqlalchemy import create_engine, text
from sqlalchemy.exc import ProgrammingError
from test_consult_journey import answer_everything
from typer.testing import CliRunner

from townhall.cli import app
from townhall.consult.demo import load_demo
from townhall.consult.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "deploy.md"
FILES = ROOT / "docs" / "deploy"
INSTALLED = "/opt/townhall/venv/bin/townhall"
POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
runner = CliRunner()


def test_every_file_in_the_guide_is_the_file_in_docs_deploy() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    names = sorted(path.name for path in FILES.iterdir())
    assert names == [
        "nginx.conf",
        "postgresql-database.sql",
        "postgresql-roles.sql",
        "townhall-backup.service",
        "townhall-backup.timer",
        "townhall.env",
        "townhall.service",
    ]
    for name in names:
        assert f"```{_fence(name)}\n{(FILES / name).read_text(encoding='utf-8')}```" in guide, name


def _fence(name: str) -> str:
    return {".conf": "nginx", ".sql": "sql", ".env": "sh"}.get(Path(name).suffix, "ini")


def test_the_settings_file_is_read_by_the_service(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [name for name in os.environ if name.startswith("TOWNHALL_")]:
        monkeypatch.delenv(name)
    settings = Settings(_env_file=FILES / "townhall.env")  # type: ignore[call-arg]
    assert settings.database_url.startswith("postgresql+psycopg://townhall_app:")
    assert settings.receipts_by_email and settings.mail_from == (
        "Example Council <consultation@example.gov.uk>"
    )
    assert settings.log_format == "json" and settings.cookie_secure


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_the_systemd_units_verify(tmp_path: Path) -> None:
    townhall = Path(sys.executable).with_name("townhall")  # the program the units start
    units = ["townhall.service", "townhall-backup.service", "townhall-backup.timer"]
    for name in units:
        content = (FILES / name).read_text(encoding="utf-8")
        assert INSTALLED in content or name.endswith(".timer")
        (tmp_path / name).write_text(content.replace(INSTALLED, str(townhall)), encoding="utf-8")
    checked = subprocess.run(
        ["systemd-analyze", "verify", *units], cwd=tmp_path, capture_output=True, text=True
    )
    assert checked.returncode == 0 and checked.stderr == "", checked.stderr


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed")
def test_the_nginx_site_passes_nginx_t(tmp_path: Path) -> None:
    site = (FILES / "nginx.conf").read_text(encoding="utf-8")
    certificate = trustme.CA().issue_cert("consult.example.gov.uk")
    certificate.cert_chain_pems[0].write_to_path(str(tmp_path / "fullchain.pem"))
    certificate.private_key_pem.write_to_path(str(tmp_path / "privkey.pem"))
    site = site.replace("/etc/letsencrypt/live/consult.example.gov.uk", str(tmp_path))
    (tmp_path / "townhall.conf").write_text(site, encoding="utf-8")
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n    client_body_temp_path {tmp_path}/body;\n    proxy_temp_path {tmp_path}/proxy;\n"
        f"    include {tmp_path}/townhall.conf;\n}}\n",
        encoding="utf-8",
    )
    checked = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(main), "-e", f"{tmp_path}/error.log"],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr and "[warn]" not in checked.stderr


def drill_commands() -> list[str]:
    """The commands of the guide's tested restore drill, in order."""
    guide = GUIDE.read_text(encoding="utf-8")
    block = re.search(r"<!-- tested: the restore drill -->\n```sh\n(.*?)```", guide, re.DOTALL)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_restore_drill_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOWNHALL_SECRET_KEY", "test-secret-key-" + "x" * 32)
    outputs = []
    for line in drill_commands():
        words = shlex.split(line)
        if words[0] == "export":
            name, value = words[1].split("=", 1)
            monkeypatch.setenv(name, value)
            continue
        assert words[0] == "townhall", line
        result = runner.invoke(app, words[1:])
        assert result.exit_code == 0, f"{line}\n{result.output}"
        outputs.append(" ".join(result.output.split()))
    assert "migrate would apply" in outputs[0] and "Nothing was changed" in outputs[0]
    assert "every table has the rows it had" in outputs[4]
    assert "The database is up to date" in outputs[5]
    assert (tmp_path / "drill-responses.csv").exists()


@pytest.fixture
def roles() -> Iterator[dict[str, str]]:
    """The guide's two roles and a database, made by its SQL under names of this test's own; all
    dropped afterwards (roles belong to the whole PostgreSQL cluster)."""
    suffix = uuid.uuid4().hex[:10]
    names = {"owner": f"th_owner_{suffix}", "app": f"th_app_{suffix}", "database": f"th_{suffix}"}
    made: list[str] = []
    try:
        _psql("postgresql-roles.sql", names)
        yield names
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            for database in (names["database"], names["database"] + "_drill", *made):
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            for role in (names["app"], names["owner"]):
                admin.execute(f'DROP ROLE IF EXISTS "{role}"')


def _psql(script: str, variables: dict[str, str]) -> None:
    arguments = [
        "psql",
        "-X",
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        "-d",
        POSTGRES,
        "-f",
        str(FILES / script),
    ]
    for name, value in variables.items():
        arguments[1:1] = ["-v", f"{name}={value}"]
    done = subprocess.run(arguments, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def _url(role: str, database: str) -> str:
    return f"postgresql+psycopg://{role}@127.0.0.1:5432/{database}"


@pytest.mark.postgres
def test_the_service_runs_as_the_least_privileged_role(
    roles: dict[str, str], tmp_path: Path
) -> None:
    _psql("postgresql-database.sql", roles)
    owner = _url(roles["owner"], roles["database"])
    service_role = _url(roles["app"], roles["database"])
    refused = runner.invoke(app, ["consult", "migrate", "--database-url", service_role])
    assert refused.exit_code == 1 and "migrate as the role that owns the tables" in refused.output
    migrated = runner.invoke(app, ["consult", "migrate", "--database-url", owner])
    assert migrated.exit_code == 0, migrated.output

    service = make_service(service_role)  # rows only: it must need nothing more
    with service.session() as session, session.begin():
        load_demo(session, date.today())
    service.add_user("officer@example.gov.uk", "officer")
    client = service.client()
    answer_everything(service, client)
    token = re.search(
        r'name="csrf_token" value="([^"]+)"', client.get(f"{DEMO}/respond/check").text
    )
    assert token is not None
    sent = client.post(
        f"{DEMO}/respond/submit", data={"csrf_token": token.group(1)}, follow_redirects=False
    )
    assert sent.status_code == 303
    assert service.signed_in("officer@example.gov.uk").get("/staff").status_code == 200
    assert client.get("/readyz").text == "ready\n"
    service.app.state.engine.dispose()
    engine = create_engine(service_role)
    with engine.connect() as connection, pytest.raises(ProgrammingError, match="permission denied"):
        connection.execute(text("CREATE TABLE consult_mine (id integer)"))
    engine.dispose()

    backup = tmp_path / "townhall.tar.gz"
    made = runner.invoke(
        app, ["consult", "backup", "--out", str(backup), "--database-url", service_role]
    )
    assert made.exit_code == 0, made.output  # the nightly backup runs as the service's role
    _psql("postgresql-database.sql", {**roles, "database": roles["database"] + "_drill"})
    drill_owner = _url(roles["owner"], roles["database"] + "_drill")
    restored = runner.invoke(
        app, ["consult", "restore", str(backup), "--database-url", drill_owner]
    )
    assert restored.exit_code == 0, restored.output
    drill = make_service(_url(roles["app"], roles["database"] + "_drill"))
    assert "Council Tax Support" in drill.client().get(DEMO).text  # the restored rows, as the app
    assert drill.signed_in("officer@example.gov.uk").get("/staff").status_code == 200
    drill.app.state.engine.dispose()
