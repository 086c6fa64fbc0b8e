"""`townhall deals` as an officer uses it: copy the register, import evidence, search it,
appraise, compare with HTML and Excel, monitor; and the errors a person can make."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from deal_documents import DEAL_TOML, write_docx, write_pdf
from openpyxl import load_workbook
from typer.testing import CliRunner

from townhall.cli import app

runner = CliRunner()


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["deals", *args])
    return result.exit_code, result.output


@pytest.fixture
def register(tmp_path: Path) -> Path:
    folder = tmp_path / "register"
    code, output = _run("init", str(folder))
    assert code == 0, output
    return folder


def test_list_and_show_the_bundled_register() -> None:
    code, output = _run("list")
    assert code == 0
    for city in (
        "birmingham",
        "bristol",
        "leeds",
        "liverpool",
        "manchester",
        "newcastle",
        "nottingham",
        "sheffield",
        "tees-valley",
    ):
        assert city in output
    code, output = _run("show", "manchester")
    assert code == 0
    assert "£1,200,000,000" in output and "agma-announcement" in output
    assert "objectives: not appraised; low carbon: not appraised." in output


def test_validate_files_and_registers(tmp_path: Path, register: Path) -> None:
    code, output = _run("validate", str(register))
    assert code == 0 and "31 files valid" in output
    bad = tmp_path / "testville.toml"
    bad.write_text(
        DEAL_TOML.replace("wave = 1", "wave = 0").replace('kind = "council"', 'kind = "charity"'),
        encoding="utf-8",
    )
    code, output = _run("validate", str(bad))
    assert code == 1
    assert "2 problems found" in output and "partners.0.kind" in output and "wave" in output
    assert "Traceback" not in output


def test_import_search_appraise_compare(tmp_path: Path, register: Path) -> None:
    (register / "testville.toml").write_text(DEAL_TOML, encoding="utf-8")
    text = tmp_path / "summary.txt"
    text.write_text(
        "The deal [draft] creates jobs.\n\nA new combined authority will lead.\n", encoding="utf-8"
    )
    pdf = write_pdf(
        tmp_path / "deal.pdf",
        [
            ["Growth is framed by a low carbon", "vision for the whole city."],
            ["Carbon emissions will fall 40% by 2020."],
        ],
    )
    docx = write_docx(tmp_path / "annex.docx", ["A fund of ten million pounds for growth."])
    code, output = _run(
        "import-evidence", "testville", str(text), str(pdf), str(docx), "--register", str(register)
    )
    assert code == 0, output
    assert "deal.pdf: 2 passages" in output and "summary.txt: 2 passages" in output

    code, output = _run(
        "evidence", "testville", "--criterion", "low_carbon_vision", "--register", str(register)
    )
    assert code == 0
    ids = re.findall(r"testville:[\w.\-]+:[\w.]+", output)
    assert ids[:2] == ["testville:deal.pdf:p1.1", "testville:deal.pdf:p2.1"]

    code, output = _run(
        "evidence", "testville", "--criterion", "growth", "--register", str(register)
    )
    assert code == 0 and "The deal [draft] creates jobs." in output  # text printed as it is

    code, output = _run(
        "appraise",
        "testville",
        "--criterion",
        "low_carbon_vision",
        "--score",
        "2",
        "--note",
        "Growth framed by a low carbon vision.",
        "--appraiser",
        "A. Officer",
        "--passage",
        "testville:deal.pdf:p1.1",
        "--date",
        "2026-11-25",
        "--register",
        str(register),
    )
    assert code == 0, output
    assert "2 of 3 (The approach to growth is framed by a low-carbon vision.)" in output
    assert (register / "testville.appraisal.toml").exists()

    report, workbook = tmp_path / "out" / "deals.html", tmp_path / "out" / "deals.xlsx"
    code, output = _run(
        "compare",
        "testville",
        "leeds",
        "bristol",
        "--report",
        str(report),
        "--xlsx",
        str(workbook),
        "--register",
        str(register),
    )
    assert code == 0, output
    html = report.read_text(encoding="utf-8")
    assert "<svg" in html and "Growth is framed by a low carbon vision for the whole city." in html
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", html)
    assert not list(report.parent.glob("*.part"))
    sheets = load_workbook(workbook, read_only=True)
    assert sheets.sheetnames == ["Comparison", "Scores", "Evidence", "Sources", "Rubric"]
    rows = list(sheets["Comparison"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:4] == ("deal", "place", "wave", "growth")
    by_deal = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert by_deal["testville"]["low_carbon_vision"] == 2
    assert (
        by_deal["bristol"]["low_carbon_points"] == 0
        and by_deal["bristol"]["low_carbon_possible"] == 9
    )
    assert by_deal["leeds"]["growth"] is None


def test_monitor_shows_promised_against_delivered() -> None:
    code, output = _run("monitor", "sheffield")
    assert code == 0
    assert "combined-authority" in output and "2014-04-01 combined-authority: delivered" in output
    assert "not reported" in output
    code, output = _run("monitor", "sheffield", "--as-of", "July 2014")
    assert code == 1 and "expected a date as YYYY-MM-DD" in output


def test_mistakes_get_clear_errors(tmp_path: Path, register: Path) -> None:
    code, output = _run("import-evidence", "leeds", str(tmp_path / "nothing.pdf"))
    assert code == 1 and "bundled register is read-only" in output
    code, output = _run(
        "import-evidence", "leeds", str(tmp_path / "nothing.pdf"), "--register", str(register)
    )
    assert code == 1 and "an existing file" in output
    code, output = _run(
        "evidence", "leeds", "--criterion", "happiness", "--register", str(register)
    )
    assert code == 1 and "No criterion 'happiness'" in output
    code, output = _run("evidence", "leeds", "--criterion", "growth", "--register", str(register))
    assert code == 1 and "No evidence imported for leeds" in output
    code, output = _run("show", "atlantis")
    assert code == 1 and "one of: birmingham" in output
    code, output = _run(
        "appraise",
        "leeds",
        "--criterion",
        "growth",
        "--score",
        "5",
        "--note",
        "x",
        "--appraiser",
        "me",
        "--passage",
        "leeds:none.txt:1",
        "--register",
        str(register),
    )
    assert code == 1 and "a score from 0 to 3" in output and "score " in output
    code, output = _run(
        "appraise",
        "leeds",
        "--criterion",
        "growth",
        "--score",
        "1",
        "--note",
        "x",
        "--appraiser",
        "me",
        "--passage",
        "leeds:none.txt:1",
        "--register",
        str(register),
    )
    assert code == 1 and "the id of an imported passage of this deal" in output
    code, output = _run("init", str(register))
    assert code == 1 and "a new or empty folder" in output
