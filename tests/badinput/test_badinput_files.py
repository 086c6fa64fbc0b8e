"""Files as councils really send them, through the three readers (caseload, answers and
corrections, outcomes people): forms that mean one thing are read; the rest are refused naming
file, row and field, with nothing written. Cases the CLI catalogue covers are not repeated here.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from typer.testing import CliRunner

from townhall.cli import app, output

runner = CliRunner()
CLAIMS = "claim_id,band,pensioner,claimant_age\na,A,no,40\nb,B,no,35\n"
ANSWERS = "id,text\n1,The cut is too deep.\n2,Protect carers please.\n"
PEOPLE = "person_id,cohort,group,start_date\np0,W1,treated,2013-01-01\np1,W1,treated,2013-01-01\n"
EVENTS = "person_id,kind,date,end_date\np0,job_start,2013-03-01,2013-06-09\n"
THEMES = (
    '[[themes]]\nkey = "cost"\nlabel = "Cost"\nseed_terms = ["cut"]\n'
    '[[themes]]\nkey = "carers"\nlabel = "Carers"\nseed_terms = ["carers"]\n'
)


def command(reader: str, folder: Path, name: str) -> list[str]:
    """The reader's command on `folder/name`, writing its output to `folder/out.csv`."""
    given, out = str(folder / name), str(folder / "out.csv")
    (folder / "events.csv").write_text(EVENTS, encoding="utf-8")
    (folder / "answers.csv").write_text(ANSWERS, encoding="utf-8")
    (folder / "themes.toml").write_text(THEMES, encoding="utf-8")
    return {
        "caseload": ["tax", "run", "default-2013", "--caseload", given, "--output", out],
        "answers": ["consult", "analysis", "mask", given, "--out", out],
        "corrections": [
            *("consult", "analysis", "assign", str(folder / "answers.csv")),
            *("--themes", str(folder / "themes.toml"), "--corrections", given),
            *("--out", out, "--lexical"),
        ],
        "people": [
            *("outcomes", "pay", "work-programme", "--data", given),
            *("--events", str(folder / "events.csv"), "--csv", out),
        ],
    }[reader]


def run(reader: str, folder: Path, name: str, content: bytes | str) -> tuple[int, str]:
    """Write the file, run the reader's command, and give its exit code and words."""
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    result = runner.invoke(app, command(reader, folder, name), env={"COLUMNS": "400"})
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, " ".join(result.output.split())


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    for console in (output.console, output.error_console):
        monkeypatch.setattr(console, "_width", 400)


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def header_as(text: str, change: object) -> str:
    head, rest = text.split("\n", 1)
    return ",".join(change(name) for name in head.split(",")) + "\n" + rest  # type: ignore[operator]


GOOD = {"caseload": CLAIMS, "answers": ANSWERS, "people": PEOPLE}
ACCEPTED = [
    ("bom", lambda t: b"\xef\xbb\xbf" + t.encode()),
    ("crlf", crlf),
    ("trailing-blank-lines", lambda t: t + "\n\n\n"),
    ("trailing-blank-crlf", lambda t: crlf(t + "\n\n")),
    ("trailing-empty-cells", lambda t: t + "," * (t.split("\n")[0].count(",")) + "\n"),
    ("upper-case-header", lambda t: header_as(t, str.upper)),
    ("spaces-around-header", lambda t: header_as(t, lambda n: f" {n} ")),
]


@pytest.mark.parametrize("reader", sorted(GOOD))
@pytest.mark.parametrize(("form", "made"), ACCEPTED, ids=[name for name, _ in ACCEPTED])
def test_forms_that_mean_one_thing_are_read(
    reader: str, form: str, made: object, tmp_path: Path
) -> None:
    code, said = run(reader, tmp_path, f"{form}.csv", made(GOOD[reader]))  # type: ignore[operator]
    assert code == 0, said
    assert (tmp_path / "out.csv").exists()


def workbook(text: str) -> bytes:
    """The table as a real workbook, as Excel saves it."""
    book = openpyxl.Workbook()
    for line in text.splitlines():
        book.active.append(line.split(",") if line else [])  # type: ignore[union-attr]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


REFUSED = [
    ("empty", lambda t: b"", "(empty file)", "a header row naming the columns"),
    ("utf16", lambda t: t.replace(",", "\t").encode("utf-16"), "UTF-16", "saved as UTF-8"),
    ("latin1", lambda t: t.replace("\n", ",£5\n").encode("latin-1"), "Windows-1252", "UTF-8"),
    ("workbook-named-csv", workbook, "an Excel workbook (.xlsx), named as text", "UTF-8"),
    ("semicolons", lambda t: t.replace(",", ";"), "separated by semicolons", "CSV UTF-8"),
    ("tabs", lambda t: t.replace(",", "\t"), "separated by tabs", "CSV UTF-8"),
    (
        "repeated-column",
        lambda t: "\n".join(line + "," + line.split(",")[1] for line in t.splitlines()) + "\n",
        "(column repeated)",
        "each column once",
    ),
]


@pytest.mark.parametrize("reader", sorted(GOOD))
@pytest.mark.parametrize(
    ("form", "made", "value", "expected"), REFUSED, ids=[case[0] for case in REFUSED]
)
def test_forms_that_could_be_misread_are_refused(
    reader: str, form: str, made: object, value: str, expected: str, tmp_path: Path
) -> None:
    code, said = run(reader, tmp_path, f"{form}.csv", made(GOOD[reader]))  # type: ignore[operator]
    assert code != 0
    assert f"{form}.csv" in said and value in said and expected in said, said
    assert not (tmp_path / "out.csv").exists()


def has_row(said: str, row: int) -> bool:
    return re.search(rf"│ {row} +│", said) is not None


@pytest.mark.parametrize(
    ("value", "read"),
    [
        *[("£1,234.50", True), ("1,234", True), (" 12.5 ", True), ("12.50 ", True), ("-0", True)],
        *[("1e3", True), ("1.234,50", False), ("1,2", False), ("24%", False), ("(12.50)", False)],
    ],
)
def test_caseload_money_as_excel_writes_it(value: str, read: bool, tmp_path: Path) -> None:
    text = f'claim_id,band,pensioner,claimant_age,capital\na,A,no,40,"{value}"\n'
    code, said = run("caseload", tmp_path, "money.csv", text)
    assert (code == 0) is read, said
    if not read:
        assert "capital" in said and value.strip() in said and has_row(said, 2), said
        assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize(
    ("value", "read"),
    [("06/12/1980", True), ("1980-12-06", True), ("06/12/80", False), ("12/31/1980", False)],
)
def test_caseload_dates_of_birth(value: str, read: bool, tmp_path: Path) -> None:
    text = f"claim_id,band,pensioner,claimant_date_of_birth\na,A,no,{value}\n"
    code, said = run("caseload", tmp_path, "dates.csv", text)
    assert (code == 0) is read, said
    if not read:
        assert "claimant_date_of_birth" in said and value in said, said


def test_caseload_with_only_a_header_is_refused(tmp_path: Path) -> None:
    code, said = run("caseload", tmp_path, "header.csv", "claim_id,band,pensioner,claimant_age\n")
    assert code != 0 and "header.csv" in said and "at least one claim" in said, said
    assert not (tmp_path / "out.csv").exists()


def test_answers_with_an_unquoted_comma_name_the_row(tmp_path: Path) -> None:
    code, said = run("answers", tmp_path, "a.csv", "id,text\n1,ok\n2,I think, on balance, no\n")
    assert code != 0 and "a.csv" in said and has_row(said, 3) and "double quotes" in said, said
    assert not (tmp_path / "out.csv").exists()


def test_answers_keep_newlines_emoji_and_formulas_safe(tmp_path: Path) -> None:
    text = 'id,text\n1,"Line one\nline two"\n2,Love it 😀\n3,"=HYPERLINK(""http://x"",""y"")"\n'
    code, said = run("answers", tmp_path, "a.csv", text)
    assert code == 0, said
    written = (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert "Line one\nline two" in written and "😀" in written
    assert "\n3,\"'=HYPERLINK" in written  # a formula is written as text, never run


def test_a_correction_given_twice_is_refused(tmp_path: Path) -> None:
    text = "id,themes,stance\n1,cost,opposes\n1,carers,supports\n"
    code, said = run("corrections", tmp_path, "fixes.csv", text)
    assert code != 0 and "fixes.csv" in said and has_row(said, 3) and "row 2" in said, said
    assert not (tmp_path / "out.csv").exists()


def test_corrections_header_in_capitals_is_read(tmp_path: Path) -> None:
    code, said = run("corrections", tmp_path, "fixes.csv", "ID,Themes,Stance\r\n1,cost,opposes\r\n")
    assert code == 0, said


@pytest.mark.parametrize(
    ("row", "field", "value"),
    [
        ("p0,W1,treated,2013-01-01,maybe,1", "enrolled", "maybe"),
        ("p0,W1,treated,2013-01-01,yes,NaN", "age", "NaN"),
        ("p0,W1,treated,2013-01-01,yes,inf", "age", "inf"),
        ("p0,W1,treated,06/12/13,yes,1", "start_date", "06/12/13"),
        (",W1,treated,2013-01-01,yes,1", "person_id", "(empty)"),
    ],
)
def test_people_values_that_cannot_be_read_are_named(
    row: str, field: str, value: str, tmp_path: Path
) -> None:
    text = f"person_id,cohort,group,start_date,enrolled,age\n{row}\np1,W1,treated,2013-01-01,no,2\n"
    code, said = run("people", tmp_path, "people.csv", text)
    assert code != 0 and "people.csv" in said and field in said and value in said, said
    assert has_row(said, 2), said
    assert not (tmp_path / "out.csv").exists()


def test_people_as_excel_writes_them_are_read(tmp_path: Path) -> None:
    text = (
        "person_id,cohort,group,start_date,enrolled,age\n"
        'p0,W1, Treated ,06/12/2012,Y," 1,234 "\np1,W1,treated, 2013-01-01 ,No,£12.50\n'
    )
    code, said = run("people", tmp_path, "people.csv", text)
    assert code == 0, said


def test_people_given_as_a_workbook_are_refused(tmp_path: Path) -> None:
    code, said = run("people", tmp_path, "people.xlsx", workbook(PEOPLE))
    assert code != 0 and "people.xlsx" in said and "a CSV file" in said, said
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("reader", ["caseload", "answers"])
def test_a_real_workbook_is_read_where_the_reader_takes_one(reader: str, tmp_path: Path) -> None:
    code, said = run(reader, tmp_path, "book.xlsx", workbook(GOOD[reader]))
    assert code == 0, said


def test_corrections_theme_keys_in_capitals_are_read(tmp_path: Path) -> None:
    code, said = run("corrections", tmp_path, "fixes.csv", "id,themes,stance\n1, Cost ,Opposes\n")
    assert code == 0, said


def test_caseload_row_with_too_many_cells_is_named(tmp_path: Path) -> None:
    text = "claim_id,band,pensioner,claimant_age\na,A,no,40\nb,B,no,35,extra\n"
    code, said = run("caseload", tmp_path, "claims.csv", text)
    assert code != 0 and "claims.csv" in said and has_row(said, 3) and "5 cells" in said, said
    assert not (tmp_path / "out.csv").exists()


def test_caseload_notes_with_line_breaks_survive_chunked_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import townhall.tax.claims.caseload as caseload_module

    monkeypatch.setattr(caseload_module, "CSV_CHUNK_BYTES", 20)  # every chunk ends mid-record
    notes = "".join(f'c{i},A,no,40,"called on\nday {i}, left a card"\n' for i in range(30))
    text = f"claim_id,band,pensioner,claimant_age,note\n{notes}"
    code, said = run("caseload", tmp_path, "claims.csv", text)
    assert code == 0, said
    assert "30 rows" in said


def blank_row_in_the_middle(text: str, row: str) -> str:
    """The table with `row` (no cells, or only commas) put after its first row of data."""
    head, first, rest = text.split("\n", 2)
    return f"{head}\n{first}\n{row}\n{rest}"


@pytest.mark.parametrize("reader", sorted(GOOD))
@pytest.mark.parametrize("cells", ["", ",", " , "], ids=["empty-line", "commas", "spaces"])
def test_a_blank_row_between_rows_of_data_is_one_problem(
    reader: str, cells: str, tmp_path: Path
) -> None:
    text = GOOD[reader]
    row = cells if cells != "," else "," * text.split("\n")[0].count(",")
    code, said = run(reader, tmp_path, "blank.csv", blank_row_in_the_middle(text, row) + "\n\n")
    assert code != 0 and "1 problem found" in said, said
    assert "blank.csv" in said and has_row(said, 3) and "delete it or fill it" in said, said
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("reader", ["caseload", "answers"])
def test_a_blank_row_between_rows_of_data_in_a_workbook_is_one_problem(
    reader: str, tmp_path: Path
) -> None:
    """As in a CSV file: named at the row the spreadsheet shows, not skipped unsaid."""
    book = workbook(blank_row_in_the_middle(GOOD[reader], "") + "\n")
    code, said = run(reader, tmp_path, "blank.xlsx", book)
    assert code != 0 and "1 problem found" in said, said
    assert "blank.xlsx" in said and has_row(said, 3) and "delete it or fill it" in said, said
    assert not (tmp_path / "out.csv").exists()


def test_a_blank_answer_in_a_file_of_one_column_is_an_answer_left_empty(tmp_path: Path) -> None:
    text = "text\nThe cut is too deep.\n\nProtect carers please.\n"
    code, said = run("answers", tmp_path, "one-column.csv", text)
    assert code == 0, said
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").count("\n") == 4


@pytest.mark.parametrize(
    ("value", "read"),
    [
        *[("1980-12-06 00:00:00", True), ("06/12/1980 00:00", True), ("1980-12-06T00:00", True)],
        *[("06/12/1980 13:45", False), ("1980-12-06 00:00:01", False)],
        ("1980-02-30 00:00:00", False),
    ],
)
def test_caseload_dates_with_a_time_of_midnight_are_dates(
    value: str, read: bool, tmp_path: Path
) -> None:
    text = f"claim_id,band,pensioner,claimant_date_of_birth\na,A,no,{value}\n"
    code, said = run("caseload", tmp_path, "dates.csv", text)
    assert (code == 0) is read, said
    if not read:
        assert "claimant_date_of_birth" in said and value in said and has_row(said, 2), said
        assert ("not a date and time" in said) is value.endswith(("13:45", "01")), said
        assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize(
    ("moment", "read"), [("1980-12-06 00:00", True), ("1980-12-06 09:30", False)]
)
def test_caseload_parquet_date_times_are_dates_only_at_midnight(
    moment: str, read: bool, tmp_path: Path
) -> None:
    frame = pl.DataFrame(
        {"claim_id": ["a"], "band": ["A"], "pensioner": [False]},
    ).with_columns(claimant_date_of_birth=pl.lit(moment).str.to_datetime("%Y-%m-%d %H:%M"))
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    code, said = run("caseload", tmp_path, "claims.parquet", buffer.getvalue())
    assert (code == 0) is read, said
    if not read:
        assert "claimant_date_of_birth" in said and "not a date and time" in said, said


@pytest.mark.parametrize(("midnight", "moment"), [(" 00:00:00", " 09:30"), (" 00:00", "T17:00:00")])
def test_outcomes_dates_with_a_time_of_midnight_are_dates(
    midnight: str, moment: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(globals(), "EVENTS", EVENTS.replace("-09\n", f"-09{midnight}\n"))
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    people = PEOPLE.replace("2013-01-01\n", f"2013-01-01{midnight}\n")
    code, said = run("people", tmp_path / "a", "people.csv", people)
    assert code == 0, said
    later = PEOPLE.replace("2013-01-01\np1", f"2013-01-01{moment}\np1")
    code, said = run("people", tmp_path / "b", "people.csv", later)
    assert code != 0 and "start_date" in said and has_row(said, 2), said
    assert "not a date and time" in said and not (tmp_path / "b" / "out.csv").exists(), said


def test_people_column_of_text_is_ignored_and_said(tmp_path: Path) -> None:
    text = header_as(PEOPLE, str).replace("start_date\n", "start_date,name,note,age\n")
    text = text.replace("p0,W1,treated,2013-01-01\n", "p0,W1,treated,2013-01-01,Ann Smith,,40\n")
    text = text.replace("p1,W1,treated,2013-01-01\n", "p1,W1,treated,2013-01-01,Bo Lee,rang,41\n")
    code, said = run("people", tmp_path, "people.csv", text)
    assert code == 0, said
    assert "column name ignored: not a number, so not used as a covariate" in said, said
    assert "column note ignored" in said and "column age" not in said, said


def test_people_column_of_numbers_with_text_in_a_row_is_refused(tmp_path: Path) -> None:
    text = PEOPLE.replace("start_date\n", "start_date,age\n").replace("-01\np1", "-01,forty\np1")
    text = text.replace("2013-01-01\n", "2013-01-01,41\n")
    code, said = run("people", tmp_path, "people.csv", text)
    assert code != 0 and "people.csv" in said and has_row(said, 2) and "forty" in said, said
    assert "delete the column" in said and not (tmp_path / "out.csv").exists(), said


def test_a_contract_matching_on_a_column_of_text_is_refused(tmp_path: Path) -> None:
    text = (
        "person_id,cohort,group,start_date,age,previous_convictions,sentence_months\n"
        "p0,1,treated,2013-01-01,40,several,6\np1,1,comparison,2013-01-01,41,few,12\n"
    )
    (tmp_path / "people.csv").write_text(text, encoding="utf-8")
    (tmp_path / "events.csv").write_text(EVENTS.replace("job_start", "reconviction"))
    given = ["--data", str(tmp_path / "people.csv"), "--events", str(tmp_path / "events.csv")]
    out = ["--csv", str(tmp_path / "out.csv")]
    result = runner.invoke(app, ["outcomes", "pay", "peterborough-sib", *given, *out])
    said = " ".join(result.output.split())
    assert result.exit_code != 0 and "previous_convictions" in said, said
    assert "it holds text" in said and not (tmp_path / "out.csv").exists(), said
