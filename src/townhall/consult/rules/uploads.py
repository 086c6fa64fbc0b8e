"""Which consultation documents may be uploaded: type by extension and content, and size."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ZIP = b"PK\x03\x04"


@dataclass(frozen=True)
class DocumentType:
    """An accepted kind of document: its media type and how its content must start."""

    content_type: str
    starts_with: bytes | None


DOCUMENT_TYPES: dict[str, DocumentType] = {
    ".pdf": DocumentType("application/pdf", b"%PDF-"),
    ".docx": DocumentType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP
    ),
    ".odt": DocumentType("application/vnd.oasis.opendocument.text", _ZIP),
    ".xlsx": DocumentType(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP
    ),
    ".csv": DocumentType("text/csv", None),
    ".txt": DocumentType("text/plain", None),
}


def safe_filename(filename: str) -> str:
    """The file's own name with anything but letters, digits, dot, dash and underscore replaced."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", base).strip(".-")
    return cleaned[-120:] or "document"


def document_problem(filename: str, content: bytes, max_bytes: int) -> str | None:
    """Why a file cannot be a consultation document, or None (it then gets `document_type`)."""
    if not content:
        return "The selected file is empty"
    if len(content) > max_bytes:
        return f"The selected file must be smaller than {max_bytes // (1024 * 1024)} MB"
    kind = document_type(filename)
    if kind is None:
        return "The selected file must be a PDF, Word (.docx), OpenDocument (.odt), Excel (.xlsx), CSV or text file"
    if kind.starts_with is not None and not content.startswith(kind.starts_with):
        return "The selected file's content does not match its type: check it is the right file"
    if kind.starts_with is None:
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            return "The selected text file must be saved as UTF-8"
    return None


def document_type(filename: str) -> DocumentType | None:
    """The accepted type for a file name's extension, or None."""
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return DOCUMENT_TYPES.get(suffix)
