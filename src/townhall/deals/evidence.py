"""Evidence: passages of text read from a deal's documents (.txt, .pdf, .docx), each with where
it came from (file, page, paragraph), so an appraisal can cite the words that support a score.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from townhall.input_files import utf8_problem
from townhall.problems import InvalidInputError, Problem

SUPPORTED = (".txt", ".pdf", ".docx")
MAX_DOCUMENT_BYTES = 25_000_000
MAX_PASSAGE_CHARS = 2_000
MIN_PASSAGE_WORDS = 3
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_SPACE = re.compile(r"\s+")


class Passage(BaseModel):
    """A paragraph (or part of a long one) of a deal document."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="deal:file:p<page>.<paragraph> (PDF) or deal:file:<paragraph>")
    deal: str
    file: str = Field(description="the document's file name")
    page: int | None = Field(default=None, description="PDF page, counted from 1")
    paragraph: int = Field(description="paragraph on the page (PDF) or in the file, from 1")
    text: str = Field(max_length=MAX_PASSAGE_CHARS)

    @property
    def location(self) -> str:
        """Where the passage is, in words: 'report.pdf, page 3, paragraph 2'."""
        page = "" if self.page is None else f", page {self.page}"
        return f"{self.file}{page}, paragraph {self.paragraph}"


def paragraphs(text: str) -> list[str]:
    """Paragraphs of plain text: blocks separated by blank lines, whitespace collapsed, long
    paragraphs cut at word boundaries, fragments under three words (page numbers) dropped."""
    pieces = []
    for block in _PARAGRAPH_BREAK.split(text):
        flat = _SPACE.sub(" ", block).strip()
        if len(flat.split()) >= MIN_PASSAGE_WORDS:
            pieces.extend(_cut(flat))
    return pieces


def _cut(text: str) -> list[str]:
    """A paragraph in pieces of at most MAX_PASSAGE_CHARS, cut between words."""
    pieces, current = [], ""
    for word in text.split(" "):
        word = word[:MAX_PASSAGE_CHARS]
        if current and len(current) + 1 + len(word) > MAX_PASSAGE_CHARS:
            pieces.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*pieces, current] if current else pieces


def file_key(path: Path) -> str:
    """The file's name as it appears in passage ids: lower case, other characters than letters,
    digits and dots as '-' (so 'Deal Summary.txt' is 'deal-summary.txt')."""
    return re.sub(r"[^a-z0-9.]+", "-", path.name.lower()).strip("-") or "document"


def read_passages(deal: str, path: Path) -> list[Passage]:
    """The passages of one document; a bad file raises InvalidInputError naming the file."""
    problem = _file_problem(path)
    if problem is not None:
        raise InvalidInputError([problem])
    try:
        pages = _pages(path)
    except Exception as error:  # each library raises its own errors for a damaged file
        raise InvalidInputError(
            [
                Problem(
                    str(path),
                    "(file)",
                    type(error).__name__,
                    f"a readable {path.suffix.lower()} file ({error})",
                )
            ]
        ) from None
    key, passages = file_key(path), []
    for page, text in pages:
        for number, paragraph in enumerate(paragraphs(text), start=1):
            where = f"p{page}.{number}" if page is not None else str(number)
            passages.append(
                Passage(
                    id=f"{deal}:{key}:{where}",
                    deal=deal,
                    file=path.name,
                    page=page,
                    paragraph=number,
                    text=paragraph,
                )
            )
    if not passages:
        raise InvalidInputError(
            [
                Problem(
                    str(path),
                    "(file)",
                    "no text",
                    "a document with text (a scanned PDF needs OCR first)",
                )
            ]
        )
    return passages


def read_documents(deal: str, paths: Sequence[Path]) -> list[Passage]:
    """The passages of several documents; problems with any of them are reported together."""
    passages: list[Passage] = []
    problems: list[Problem] = []
    keys: dict[str, Path] = {}
    for path in paths:
        if file_key(path) in keys and keys[file_key(path)] != path:
            problems.append(
                Problem(
                    str(path),
                    "(file)",
                    path.name,
                    f"a name not clashing with {keys[file_key(path)]}",
                )
            )
            continue
        keys[file_key(path)] = path
        try:
            passages.extend(read_passages(deal, path))
        except InvalidInputError as error:
            problems.extend(error.problems)
    if problems:
        raise InvalidInputError(problems)
    return passages


def clashing_names(stored: Sequence[Passage], imported: Sequence[Passage]) -> list[Problem]:
    """A Problem for each imported file whose passage ids would be those of another stored file
    (names that differ only in case or punctuation)."""
    stored_files = {(p.deal, file_key(Path(p.file))): p.file for p in stored}
    problems = []
    for deal, name in sorted({(p.deal, p.file) for p in imported}):
        other = stored_files.get((deal, file_key(Path(name))))
        if other is not None and other != name:
            problems.append(
                Problem(name, "(file)", name, f"a name not clashing with {other}, imported before")
            )
    return problems


def _file_problem(path: Path) -> Problem | None:
    """What is wrong with a document before reading it, if anything."""
    if not path.exists():
        return Problem(str(path), "(file)", str(path), "an existing file")
    if not path.is_file():
        return Problem(str(path), "(file)", str(path), "a file, not a folder")
    if path.suffix.lower() not in SUPPORTED:
        return Problem(
            str(path), "(file)", path.suffix or "(none)", f"one of {', '.join(SUPPORTED)}"
        )
    size = path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        return Problem(str(path), "(file)", f"{size:,} bytes", "at most 25 MB")
    if size == 0:
        return Problem(str(path), "(file)", "empty", "a document with text")
    if path.suffix.lower() == ".txt":
        return utf8_problem(path.read_bytes(), str(path))
    return None


def _pages(path: Path) -> Iterable[tuple[int | None, str]]:
    """The document's text: one (page, text) per PDF page, or (None, whole text) otherwise."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(path)
        # layout mode keeps the blank lines between paragraphs that plain extraction drops
        return [
            (number, page.extract_text(extraction_mode="layout") or "")
            for number, page in enumerate(reader.pages, 1)
        ]
    if suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        return [(None, "\n\n".join(paragraph.text for paragraph in document.paragraphs))]
    return [(None, path.read_text(encoding="utf-8"))]
