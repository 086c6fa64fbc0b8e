"""Input files checked before they are read: a file that is not what its name says (junk named
.xlsx, .csv, .toml, .db), text not saved as UTF-8, a folder where a file belongs, and an output that
would overwrite an input. Each is a `Problem` naming the file and saying how to put it right.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from townhall.problems import InvalidInputError, Problem

# The first bytes every file of a kind starts with (its "magic number").
_SIGNATURES = {
    ".xlsx": (b"PK\x03\x04", "an Excel workbook (.xlsx)"),
    ".xlsm": (b"PK\x03\x04", "an Excel workbook (.xlsm)"),
    ".xls": (b"\xd0\xcf\x11\xe0", "an Excel 97-2003 workbook (.xls)"),
    ".parquet": (b"PAR1", "a Parquet file"),
    ".db": (b"SQLite format 3\x00", "a SQLite database"),
    ".sqlite": (b"SQLite format 3\x00", "a SQLite database"),
}
_CHUNK_BYTES = 1 << 20
TEXT_SUFFIXES = {".csv", ".toml", ".txt", ".json", ".tsv"}
SAVE_AS_UTF8 = (
    "text saved as UTF-8: save it again choosing the encoding UTF-8 (in Excel: Save As, "
    "'CSV UTF-8 (Comma delimited)'; in a text editor: Save As, Encoding UTF-8)"
)


def file_problem(path: Path, expected: str = "an existing file") -> Problem | None:
    """What is wrong with an input file before it is parsed, or None: missing, a folder, bytes
    that are not its kind (by its suffix), or text that is not UTF-8."""
    source = str(path)
    if path.is_dir():
        return Problem(source, "(file)", source, f"a readable file, not a folder ({expected})")
    if not path.is_file():
        return Problem(source, "(file)", "(missing)", expected)
    suffix = path.suffix.lower()
    if suffix in _SIGNATURES:
        signature, kind = _SIGNATURES[suffix]
        with path.open("rb") as handle:
            start = handle.read(len(signature))
        if start != signature:
            return Problem(
                source,
                "(file)",
                path.name,
                f"{kind}, as its name says; this file is something else (renamed, damaged or "
                "empty): export it again from the program that made it",
            )
    elif suffix in TEXT_SUFFIXES:
        with path.open("rb") as handle:
            start = handle.read(4)
            if suffix in _TABLE_SUFFIXES and not start:
                return Problem(source, "(file)", "(empty file)", _TABLE_EXPECTED)
            if (problem := _not_text_problem(start, source)) is not None:
                return problem
            handle.seek(0)
            return _stream_utf8_problem(handle, source)
    return None


_TABLE_SUFFIXES = {".csv", ".tsv"}
_TABLE_EXPECTED = "a header row naming the columns, then one row per record"
_UTF16 = (b"\xff\xfe", b"\xfe\xff")


def _not_text_problem(start: bytes, source: str) -> Problem | None:
    """A Problem when a text file's first bytes say it is UTF-16 (Excel's "Unicode Text") or an
    Excel workbook renamed, each with how to save it as UTF-8 text."""
    if start.startswith(_UTF16):
        return Problem(source, "(encoding)", "UTF-16 (Excel's 'Unicode Text')", SAVE_AS_UTF8)
    for suffix in (".xlsx", ".xls"):
        signature, kind = _SIGNATURES[suffix]
        if start.startswith(signature):
            return Problem(
                source,
                "(file)",
                f"{kind}, named as text",
                f"{SAVE_AS_UTF8} (or, where the command reads workbooks, name it {suffix})",
            )
    return None


def utf8_problem(content: bytes, source: str) -> Problem | None:
    """A Problem when `content` is not UTF-8 text (a NUL byte means it is not text at all)."""
    return _stream_utf8_problem(io.BytesIO(content), source)


def _stream_utf8_problem(handle: BinaryIO, source: str) -> Problem | None:
    """`utf8_problem` read a chunk at a time, so a large caseload is never held twice in memory."""
    lines_before, carried, first = 0, b"", True
    while True:
        chunk = handle.read(_CHUNK_BYTES)
        if first and b"\x00" in chunk[:65536]:
            return Problem(
                source,
                "(file)",
                "(binary data)",
                "text saved as UTF-8; this file holds binary data",
            )
        first = False
        data, carried = carried + chunk, b""
        if not data:
            return None
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            if not (chunk and error.reason == "unexpected end of data"):
                return _encoding_problem(data, error.start, lines_before, source)
            # a character cut at the chunk's end: finish it with the next chunk
            data, carried = data[: error.start], data[error.start :]
        lines_before += data.count(b"\n")


def _encoding_problem(data: bytes, start: int, lines_before: int, source: str) -> Problem:
    """Where the text stops being UTF-8, and what the byte would be in Windows-1252."""
    line = lines_before + data[:start].count(b"\n") + 1
    found = f"byte 0x{data[start]:02x} on line {line}"
    try:
        character = data[start : start + 1].decode("cp1252")
        found += f" (Windows-1252 '{character}': the file looks saved as Windows-1252)"
    except UnicodeDecodeError:
        pass
    return Problem(source, "(encoding)", found, SAVE_AS_UTF8)


def check_input_file(path: Path, expected: str = "an existing file") -> None:
    """Raise InvalidInputError when `file_problem` finds something wrong."""
    problem = file_problem(path, expected)
    if problem is not None:
        raise InvalidInputError([problem])


def read_utf8(path: Path, expected: str = "an existing text file") -> str:
    """A text file's content, after `check_input_file`; a UTF-8 byte-order mark is dropped."""
    check_input_file(path, expected)
    content = path.read_bytes()
    problem = utf8_problem(content, str(path))
    if problem is not None:
        raise InvalidInputError([problem])
    return content.decode("utf-8-sig")


def refuse_overwriting_inputs(
    output: Path | None, *inputs: Path | None, option: str = "output"
) -> None:
    """An output that is a folder, or that would overwrite one of the command's inputs, is refused
    before anything is read or written."""
    if output is None:
        return
    if output.is_dir():
        raise InvalidInputError(
            [Problem("options", option, str(output), "a file name, not a folder")]
        )
    clashes = [path for path in inputs if path is not None and path.resolve() == output.resolve()]
    if clashes:
        raise InvalidInputError(
            [
                Problem(
                    "options",
                    option,
                    str(output),
                    "a new file: this is one of the inputs, which must be kept",
                )
            ]
        )
