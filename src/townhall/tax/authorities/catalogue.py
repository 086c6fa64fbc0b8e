"""The bundled schemes as a catalogue: each with its authority's code, region and class, its kind
and whether it is complete; filtered and searched, and a council's newest scheme found by name.

Used by `townhall tax schemes`, `show` and `diff`, and by the Python API (`townhall.tax`).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from townhall.problems import InvalidInputError, Problem
from townhall.tax.authorities.register import (
    CLASSES,
    REGIONS,
    authority,
    bundled_schemes,
    find_authority,
    normalised_name,
    scheme_authority,
)
from townhall.tax.rules.scheme import Scheme, bundled_scheme_names, load_scheme

Kind = Literal["income-banded", "means-tested"]
KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]
COMPLETENESS: tuple[str, ...] = ("complete", "incomplete")


@dataclass(frozen=True)
class Entry:
    """One bundled scheme and the register's facts about its council (None where its council is
    no English billing authority)."""

    name: str
    title: str
    year: str
    council: str
    ons_code: str | None
    authority: str | None
    region: str | None
    authority_class: str | None
    kind: Kind
    complete: bool
    missing: tuple[str, ...]

    def record(self) -> dict[str, object]:
        """The entry as plain data, for JSON."""
        return {
            "name": self.name,
            "title": self.title,
            "year": self.year,
            "council": self.council,
            "ons_code": self.ons_code,
            "authority": self.authority,
            "region": self.region,
            "class": self.authority_class,
            "kind": self.kind,
            "complete": self.complete,
            "missing": list(self.missing),
        }


def scheme_kind(scheme: Scheme) -> Kind:
    """Income-banded when the scheme sets an income grid, else means-tested."""
    return "income-banded" if scheme.levers.income_grid is not None else "means-tested"


def entry(name: str, scheme: Scheme) -> Entry:
    """A scheme's catalogue entry."""
    found = scheme_authority(scheme)
    return Entry(
        name=name,
        title=scheme.title,
        year=scheme.year,
        council=scheme.council.name,
        ons_code=found.ons_code if found else scheme.council.ons_code,
        authority=found.short_name if found else None,
        region=found.region if found else None,
        authority_class=found.authority_class if found else None,
        kind=scheme_kind(scheme),
        complete=scheme.complete,
        missing=tuple(scheme.missing),
    )


@cache
def _bundled(names: tuple[str, ...]) -> tuple[Entry, ...]:
    """Every bundled scheme's entry, read once for a given set of bundled files."""
    return tuple(entry(name, scheme) for name, scheme in bundled_schemes().items())


def catalogue(schemes: Mapping[str, Scheme] | None = None) -> list[Entry]:
    """An entry for each scheme (default: every bundled scheme), newest year first, then by name."""
    entries = (
        list(_bundled(tuple(bundled_scheme_names())))
        if schemes is None
        else [entry(name, scheme) for name, scheme in schemes.items()]
    )
    entries.sort(key=lambda each: each.name)
    entries.sort(key=lambda each: each.year, reverse=True)
    return entries


def choice(given: str | None, choices: tuple[str, ...], option: str) -> str | None:
    """The choice meant by `given` (any case, spaces or underscores), or a clear error naming the
    valid choices and the nearest one."""
    if given is None:
        return None

    def key(text: str) -> str:
        return " ".join(text.lower().replace("_", " ").replace("-", " ").split())

    keyed = {key(each): each for each in choices}
    if key(given) in keyed:
        return keyed[key(given)]
    near = difflib.get_close_matches(key(given), list(keyed), n=1, cutoff=0.5)
    hint = f"did you mean {keyed[near[0]]!r}? " if near else ""
    raise InvalidInputError(
        [
            Problem(
                source="options",
                field=option,
                value=given,
                expected=f"{hint}one of {', '.join(choices)}",
            )
        ]
    )


CLI_LABELS = {
    "region": "--region",
    "authority_class": "--class",
    "kind": "--kind",
    "year": "--year",
    "status": "--status",
}


@dataclass(frozen=True)
class Filters:
    """What `select` keeps: each filter None for any; `search` is part of a name, any case."""

    region: str | None = None
    authority_class: str | None = None
    kind: str | None = None
    year: str | None = None
    status: str | None = None
    search: str | None = None

    @classmethod
    def checked(
        cls,
        region: str | None = None,
        authority_class: str | None = None,
        kind: str | None = None,
        year: str | None = None,
        status: str | None = None,
        search: str | None = None,
        *,
        labels: Mapping[str, str] | None = None,
    ) -> Filters:
        """Filters from a user's words, every unknown value reported at once under its `labels`
        (default: the command's options, `--region`...)."""
        named = dict(CLI_LABELS) | dict(labels or {})
        problems: list[Problem] = []
        values: dict[str, str | None] = {}
        for field, given, choices in (
            ("region", region, REGIONS),
            ("authority_class", authority_class, CLASSES),
            ("kind", kind, KINDS),
            ("status", status, COMPLETENESS),
        ):
            try:
                values[field] = choice(given, choices, named[field])
            except InvalidInputError as error:
                problems.extend(error.problems)
        if year is not None and not _year_pattern(year):
            problems.append(
                Problem("options", named["year"], year, "a year such as 2026 or 2026/27")
            )
        if problems:
            raise InvalidInputError(problems)
        return cls(year=year, search=search, **values)


def _year_pattern(year: str) -> bool:
    text = year.strip()
    return (len(text) == 4 and text.isdigit()) or (
        len(text) == 7 and text[:4].isdigit() and text[4] == "/" and text[5:].isdigit()
    )


def matches(each: Entry, filters: Filters) -> bool:
    """Whether an entry passes every filter."""
    year = (filters.year or "").strip()
    words = (each.name, each.title, each.council, each.authority or "")
    return (
        (filters.region is None or each.region == filters.region)
        and (filters.authority_class is None or each.authority_class == filters.authority_class)
        and (filters.kind is None or each.kind == filters.kind)
        and (not year or each.year == year or (len(year) == 4 and each.year.startswith(year)))
        and (filters.status is None or (filters.status == "complete") == each.complete)
        and (
            not filters.search
            or any(filters.search.strip().lower() in word.lower() for word in words)
        )
    )


def select(filters: Filters, schemes: Mapping[str, Scheme] | None = None) -> list[Entry]:
    """The catalogue's entries that pass the filters."""
    return [each for each in catalogue(schemes) if matches(each, filters)]


def resolve_scheme(text: str) -> Scheme:
    """A scheme named by its bundled name or file, or by its council's name or GSS code (then the
    council's newest bundled scheme). An unknown name is refused with the nearest names."""
    given = text.strip()
    if given in bundled_scheme_names() or given.endswith(".toml") or Path(given).is_file():
        return load_scheme(given)
    council = find_authority(given)
    if council is not None:
        own = [each for each in catalogue() if each.ons_code == council.ons_code]
        if not own:
            raise InvalidInputError(
                [
                    Problem(
                        source="scheme",
                        field="council",
                        value=given,
                        expected=f"a council with a bundled scheme: Townhall has none for "
                        f"{council.name} yet (see `townhall tax coverage`)",
                    )
                ]
            )
        return load_scheme(_newest(own).name)
    holding = [each for each in catalogue() if matches(each, Filters(search=given))]
    if len({each.ons_code or each.council for each in holding}) == 1:
        return load_scheme(_newest(holding).name)  # part of one council's name
    raise InvalidInputError([_unknown(given, holding)])


def _newest(own: list[Entry]) -> Entry:
    """Of one council's entries (newest year first), the newest year's; of several, the one named
    after the council rather than an option on its charges."""
    newest = [each for each in own if each.year == own[0].year]
    slug = "-".join(normalised_name(newest[0].authority or newest[0].council).split())
    named = [each for each in newest if each.name.startswith(slug)]
    return (named or newest)[0]


def _unknown(given: str, holding: list[Entry]) -> Problem:
    """What to say of a name that is no scheme and no council with a scheme."""
    if holding:
        several = ", ".join(each.name for each in holding[:6])
        return Problem("scheme", "name", given, f"one scheme; several match: {several}")
    near = difflib.get_close_matches(given.lower(), bundled_scheme_names(), n=3, cutoff=0.6)
    if not near:
        try:
            authority(given)
        except InvalidInputError as error:
            return Problem(
                "scheme",
                "name",
                given,
                "a bundled scheme, a .toml file, or "
                + error.problems[0].expected.replace(
                    "an English billing authority: ", "a council: "
                ),
            )
    hint = f"did you mean {' or '.join(near)}? " if near else ""
    return Problem(
        "scheme",
        "name",
        given,
        f"{hint}a bundled scheme (see `townhall tax schemes`), a .toml file, or a council's name "
        "or GSS code",
    )


__all__ = [
    "COMPLETENESS",
    "KINDS",
    "Entry",
    "Filters",
    "catalogue",
    "choice",
    "entry",
    "matches",
    "resolve_scheme",
    "scheme_kind",
    "select",
]
