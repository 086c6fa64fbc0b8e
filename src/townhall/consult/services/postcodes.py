"""The council's postcode look-up: loaded from an ONS extract for the council's own wards (each
matched by its ONS ward code), and asked which ward a resident's postcode is in."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from townhall.consult.audit import record
from townhall.consult.models import Postcode, User, Ward
from townhall.consult.rules.postcode_lookup import PostcodeFile, normal_postcode

_WARD_CODE = re.compile(r"[EWSN][0-9]{8}")
_CHUNK = 5000


class PostcodeImportError(Exception):
    """The extract cannot be loaded for this council (its message says why and what to do)."""


@dataclass(frozen=True)
class Loaded:
    """What an import kept: postcodes by ward name, and how many were in other wards."""

    by_ward: dict[str, int]
    elsewhere: int
    wards_without: tuple[str, ...]  # coded wards the extract has no postcode for
    wards_uncoded: tuple[str, ...]  # wards with no ONS code, so no look-up


def ward_code_problem(code: str) -> str | None:
    """Why `code` is not an ONS ward code, or None."""
    return None if _WARD_CODE.fullmatch(code) else "Enter an ONS ward code, like E05011151"


def set_ward_code(
    session: Session, ward: Ward, code: str, user: User | None, actor: str = ""
) -> None:
    """Give a ward its ONS code (refused if another ward has it), audited."""
    other = session.scalar(select(Ward).where(Ward.code == code, Ward.id != ward.id))
    if other is not None:
        raise PostcodeImportError(f"{other.name} already has the ward code {code}")
    old, ward.code = ward.code, code
    record(session, user, "set ward code", ward.name, f"{old or '(none)'} -> {code}", actor)


def load(session: Session, found: PostcodeFile, user: User | None, actor: str = "") -> Loaded:
    """Replace the look-up with the extract's postcodes in the council's wards, audited."""
    every = list(session.scalars(select(Ward).order_by(Ward.name)))
    wards = {w.code: w.name for w in every if w.code}
    uncoded = tuple(w.name for w in every if not w.code)
    if not wards:
        raise PostcodeImportError(
            "no ward has an ONS ward code yet: give each one with "
            "`townhall consult ward-code NAME CODE`, then import again"
        )
    kept = [(postcode, code) for postcode, code in found.wards.items() if code in wards]
    if not kept:
        common = ", ".join(code for code, _ in Counter(found.wards.values()).most_common(5))
        raise PostcodeImportError(
            f"none of the file's postcodes is in one of the council's wards "
            f"({', '.join(sorted(wards))}); the file's commonest ward codes are {common or 'none'}"
        )
    session.execute(delete(Postcode))
    for start in range(0, len(kept), _CHUNK):
        rows = [{"postcode": p, "ward_code": c} for p, c in kept[start : start + _CHUNK]]
        session.execute(insert(Postcode), rows)
    counts = Counter(wards[code] for _, code in kept)
    without = tuple(sorted(name for name in wards.values() if name not in counts))
    record(
        session,
        user,
        "import postcodes",
        "postcode look-up",
        f"{len(kept):,} postcodes from columns {found.postcode_column} and {found.ward_column}",
        actor,
    )
    return Loaded(dict(sorted(counts.items())), len(found.wards) - len(kept), without, uncoded)


def has_lookup(session: Session, wards: Sequence[Ward]) -> bool:
    """Whether residents can find one of these wards from their postcode."""
    codes = [ward.code for ward in wards if ward.code]
    if not codes:
        return False
    one = select(Postcode.postcode).where(Postcode.ward_code.in_(codes)).limit(1)
    return session.scalar(one) is not None


def ward_of(session: Session, postcode: str) -> str | None:
    """The ward code of a postcode as typed (any case or spacing), or None if it is unknown."""
    normal = normal_postcode(postcode)
    if normal is None:
        return None
    return session.scalar(select(Postcode.ward_code).where(Postcode.postcode == normal))
