"""The evidence store: every imported passage of a register, in one JSON file beside the deals.

Importing a document again replaces its passages (a passage id names its deal, file and place,
so ids stay the same for an unchanged document and confirmed passages keep pointing at them).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from townhall.deals.evidence import Passage
from townhall.deals.register import EVIDENCE_FILE
from townhall.problems import InvalidInputError, Problem, problems_from_validation
from townhall.reports.files import atomic_path

_PASSAGES = TypeAdapter(list[Passage])


def evidence_path(register: Path) -> Path:
    """Where a register keeps its evidence."""
    return register / EVIDENCE_FILE


def load_passages(register: Path) -> list[Passage]:
    """Every stored passage (none when nothing has been imported yet)."""
    path = evidence_path(register)
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return _PASSAGES.validate_python(data.get("passages") if isinstance(data, dict) else data)
    except json.JSONDecodeError as error:
        raise InvalidInputError(
            [Problem(str(path), "(file)", "", f"valid JSON: {error}")]
        ) from None
    except ValidationError as error:
        raise InvalidInputError(problems_from_validation(error, str(path))) from None


def merge(stored: Sequence[Passage], imported: Sequence[Passage]) -> list[Passage]:
    """The stored passages with each imported (deal, file) replaced by its new passages."""
    replaced = {(p.deal, p.file) for p in imported}
    kept = [p for p in stored if (p.deal, p.file) not in replaced]
    return sorted([*kept, *imported], key=lambda p: (p.deal, p.file, p.page or 0, p.paragraph))


def save_passages(register: Path, passages: Sequence[Passage]) -> Path:
    """Write the store atomically: a failed write leaves the old store as it was."""
    path = evidence_path(register)
    body = {"version": 1, "passages": [p.model_dump() for p in passages]}
    with atomic_path(path) as temporary:
        temporary.write_text(json.dumps(body, indent=1, ensure_ascii=False), encoding="utf-8")
    return path


def passages_of(passages: Sequence[Passage], deal: str) -> list[Passage]:
    """The passages imported for one deal."""
    return [p for p in passages if p.deal == deal]
