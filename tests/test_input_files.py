"""Input files checked before they are read: kind by content, UTF-8 (read a chunk at a time),
folders, and outputs that would overwrite an input."""

from __future__ import annotations

from pathlib import Path

import pytest

import townhall.input_files as input_files
from townhall.input_files import file_problem, read_utf8, refuse_overwriting_inputs, utf8_problem
from townhall.problems import InvalidInputError


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read four bytes at a time, so characters and lines fall across chunk boundaries."""
    monkeypatch.setattr(input_files, "_CHUNK_BYTES", 4)


@pytest.mark.usefixtures("small_chunks")
def test_utf8_split_across_chunks_is_fine() -> None:
    assert utf8_problem("£5 café ’quoted’ 😀\n".encode() * 5, "x.csv") is None


@pytest.mark.usefixtures("small_chunks")
def test_a_windows_1252_byte_is_found_on_its_line_across_chunks() -> None:
    content = b"first line\nsecond line\nthird caf\xe9\n"
    problem = utf8_problem(content, "x.csv")
    assert problem is not None and problem.field == "(encoding)"
    # "é" in Windows-1252 is the single byte 0xE9, on line 3.
    assert problem.value.startswith("byte 0xe9 on line 3 (Windows-1252 'é'")
    assert "UTF-8" in problem.expected and "CSV UTF-8" in problem.expected


@pytest.mark.usefixtures("small_chunks")
def test_a_character_cut_off_at_the_end_is_not_utf8() -> None:
    problem = utf8_problem("abc£".encode()[:-1], "x.csv")
    assert problem is not None and "line 1" in problem.value


def test_binary_data_is_not_text() -> None:
    problem = utf8_problem(b"PK\x03\x04\x00\x00", "x.csv")
    assert problem is not None and problem.value == "(binary data)"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("claims.xlsx", "an Excel workbook"),
        ("claims.parquet", "a Parquet file"),
        ("ledger.db", "a SQLite database"),
    ],
)
def test_a_file_that_is_not_what_its_name_says(tmp_path: Path, name: str, kind: str) -> None:
    path = tmp_path / name
    path.write_text("claim_id,band\na,A\n")
    problem = file_problem(path)
    assert problem is not None and problem.expected.startswith(kind)
    assert "as its name says" in problem.expected


def test_a_file_of_its_kind_passes(tmp_path: Path) -> None:
    workbook = tmp_path / "claims.xlsx"
    workbook.write_bytes(b"PK\x03\x04rest of the zip")
    assert file_problem(workbook) is None


def test_read_utf8_drops_a_byte_order_mark_and_refuses_a_folder(tmp_path: Path) -> None:
    path = tmp_path / "scheme.toml"
    path.write_bytes(b"\xef\xbb\xbfname = 'x'\n")
    assert read_utf8(path) == "name = 'x'\n"
    with pytest.raises(InvalidInputError, match="not a folder"):
        read_utf8(tmp_path)


def test_an_output_that_is_an_input_or_a_folder_is_refused(tmp_path: Path) -> None:
    given = tmp_path / "claims.csv"
    given.write_text("x\n")
    with pytest.raises(InvalidInputError, match="one of the inputs"):
        refuse_overwriting_inputs(tmp_path / "." / "claims.csv", None, given, option="--out")
    with pytest.raises(InvalidInputError, match="not a folder"):
        refuse_overwriting_inputs(tmp_path, given)
    refuse_overwriting_inputs(tmp_path / "results.csv", given)
    refuse_overwriting_inputs(None, given)
