"""The register of England's billing authorities: look one up, and see which have a bundled scheme.

The list is read once from `england.csv` in this package; a bad file is refused with every
problem at once. A bundled scheme belongs to an authority when its `[council] name` is the
authority's name once the words every council's name carries ("London Borough of", "City
Council", "District Council" ...) are taken away, so "Westminster City Council" is the City of
Westminster and "Oxford City Council" is Oxford.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from townhall.problems import InvalidInputError, Problem, problems_from_validation
from townhall.tax.rules.scheme import Scheme, bundled_scheme_names, load_bundled_scheme

AuthorityClass = Literal["london_borough", "metropolitan_district", "unitary", "shire_district"]
Region = Literal[
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
]
Status = Literal["bundled", "incomplete", "not yet"]

CLASSES: tuple[str, ...] = AuthorityClass.__args__  # type: ignore[attr-defined]
REGIONS: tuple[str, ...] = Region.__args__  # type: ignore[attr-defined]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]

# The GSS code's entity prefix for each class: E09 London boroughs (and the City of London), E08
# metropolitan districts, E06 unitary authorities (and the Isles of Scilly), E07 shire districts.
CLASS_PREFIXES: dict[str, str] = {
    "london_borough": "E09",
    "metropolitan_district": "E08",
    "unitary": "E06",
    "shire_district": "E07",
}
EXPECTED_COUNT = 296
AUTHORITIES_FILE = "england.csv"
COLUMNS = ("ons_code", "name", "short_name", "class", "region", "note", "source")

# Words that make a council's name but not which council it is. Longer phrases come first so that
# "Metropolitan Borough Council" goes whole rather than leaving "Metropolitan Borough".
_NAME_PREFIXES = (
    "council of the ",
    "london borough of ",
    "royal borough of ",
    "metropolitan borough of ",
    "borough of ",
    "city and county of the city of ",
    "city of ",
    "county of ",
    "the ",
)
_NAME_SUFFIXES = (
    " metropolitan borough council",
    " metropolitan district council",
    " city council",
    " district council",
    " borough council",
    " county council",
    " council",
    " corporation",
)


class Authority(BaseModel):
    """One billing authority: its GSS code, names, class and region, and where they come from."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    ons_code: str = Field(pattern=r"^E0[6-9]\d{6}$")
    name: str = Field(min_length=2)
    short_name: str = Field(min_length=2)
    authority_class: AuthorityClass = Field(alias="class")
    region: Region
    note: str = ""
    source: str = Field(min_length=3)

    @model_validator(mode="after")
    def _code_fits_class(self) -> Authority:
        prefix = CLASS_PREFIXES[self.authority_class]
        if not self.ons_code.startswith(prefix):
            raise ValueError(
                f"a {self.authority_class} has a GSS code starting {prefix}, not {self.ons_code[:3]}"
            )
        return self


@dataclass(frozen=True)
class Coverage:
    """An authority and what Townhall bundles for it: the schemes naming it, newest year first."""

    authority: Authority
    status: Status
    schemes: tuple[str, ...] = ()
    year: str | None = None  # the newest bundled scheme's year


def normalised_name(name: str) -> str:
    """A council's name without the words that every council's name carries, for matching:
    "London Borough of Merton" and "Merton" are both `merton`."""
    text = name.lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    text = " " + re.sub(r"\s+", " ", text).strip() + " "
    changed = True
    while changed:
        changed = False
        stripped = text.strip()
        for prefix in _NAME_PREFIXES:
            if stripped.startswith(prefix) and len(stripped) > len(prefix):
                text, changed = " " + stripped.removeprefix(prefix) + " ", True
                break
        stripped = text.strip()
        for suffix in _NAME_SUFFIXES:
            if stripped.endswith(suffix) and len(stripped) > len(suffix):
                text, changed = " " + stripped.removesuffix(suffix) + " ", True
                break
    return text.strip()


def authorities_from_csv(text: str, source: str) -> tuple[Authority, ...]:
    """Parse and validate the authorities table; every problem in it is reported at once."""
    reader = csv.DictReader(io.StringIO(text))
    header = tuple(reader.fieldnames or ())
    missing_columns = [column for column in COLUMNS if column not in header]
    if missing_columns:
        raise InvalidInputError(
            [
                Problem(
                    source=source,
                    field="(header)",
                    value=", ".join(header),
                    expected=f"the columns {', '.join(COLUMNS)} (missing {', '.join(missing_columns)})",
                )
            ]
        )
    problems: list[Problem] = []
    rows: list[Authority] = []
    first_row: dict[str, int] = {}
    for row_number, row in enumerate(reader, start=2):
        values = {column: (row.get(column) or "").strip() for column in COLUMNS}
        for field, key in (
            ("ons_code", values["ons_code"].upper()),
            ("name", normalised_name(values["name"])),
        ):
            seen = first_row.setdefault(f"{field}:{key}", row_number)
            if key and seen != row_number:
                problems.append(
                    Problem(
                        source=source,
                        field=field,
                        value=values[field],
                        expected=f"a value used once (row {seen} has it too)",
                        row=row_number,
                    )
                )
        try:
            rows.append(Authority.model_validate(values))
        except ValidationError as error:
            problems.extend(
                Problem(
                    source=problem.source,
                    # The code-and-class check is on the whole row: name both columns.
                    field="ons_code, class" if problem.field == "(whole)" else problem.field,
                    value=values["ons_code"] if problem.field == "(whole)" else problem.value,
                    expected=problem.expected,
                    row=row_number,
                )
                for problem in problems_from_validation(error, source)
            )
    if problems:
        raise InvalidInputError(problems)
    return tuple(rows)


@cache
def authorities() -> tuple[Authority, ...]:
    """Every English billing authority in 2025/26 (and 2026/27), in GSS code order."""
    text = resources.files(__package__).joinpath(AUTHORITIES_FILE).read_text(encoding="utf-8")
    return authorities_from_csv(text, f"townhall/tax/authorities/{AUTHORITIES_FILE}")


@cache
def _by_key() -> dict[str, Authority]:
    """Each authority under its code and its names' normalised forms."""
    keys: dict[str, Authority] = {}
    for authority in authorities():
        keys[authority.ons_code.lower()] = authority
        for name in (authority.name, authority.short_name):
            keys.setdefault(normalised_name(name), authority)
    return keys


def find_authority(code_or_name: str) -> Authority | None:
    """The authority with this GSS code or name (any case, with or without "Council" and the
    like), or None."""
    text = code_or_name.strip()
    return _by_key().get(text.lower()) or _by_key().get(normalised_name(text))


def authority(code_or_name: str) -> Authority:
    """The authority with this GSS code or name; an unknown one is refused with the nearest names."""
    found = find_authority(code_or_name)
    if found is not None:
        return found
    names = {normalised_name(a.short_name): a.short_name for a in authorities()}
    names.update({normalised_name(a.name): a.short_name for a in authorities()})
    wanted = normalised_name(code_or_name)
    # A name given in part ("Kingston") is most likely one of the names holding it as a word.
    holding = [key for key in names if wanted and f" {wanted} " in f" {key} "]
    close = holding[:3] or difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.6)
    suggestions = list(dict.fromkeys(names[key] for key in close))
    expected = (
        f"an English billing authority: did you mean {' or '.join(suggestions)}?"
        if suggestions
        else "an English billing authority's name or GSS code (e.g. Birmingham, E08000025)"
    )
    raise InvalidInputError(
        [Problem(source="authority", field="name", value=code_or_name, expected=expected)]
    )


def scheme_authority(scheme: Scheme) -> Authority | None:
    """The authority a scheme's `[council] ons_code` (else its name) names, or None when it names
    none in the list."""
    return find_authority(scheme.council.ons_code or scheme.council.name)


def bundled_schemes() -> dict[str, Scheme]:
    """Every bundled scheme by name."""
    return {name: load_bundled_scheme(name) for name in bundled_scheme_names()}


def coverage(schemes: Mapping[str, Scheme] | None = None) -> list[Coverage]:
    """Each authority with its status: `bundled` when a scheme names it, `incomplete` when the
    newest such scheme leaves something of its council's document out, else `not yet`.

    `schemes` defaults to every bundled scheme."""
    given = bundled_schemes() if schemes is None else schemes
    named: dict[str, list[tuple[str, Scheme]]] = {}
    for name, scheme in given.items():
        found = scheme_authority(scheme)
        if found is not None:
            named.setdefault(found.ons_code, []).append((name, scheme))
    rows = []
    for each in authorities():
        own = sorted(named.get(each.ons_code, []), key=lambda item: item[0])
        own.sort(key=lambda item: item[1].year, reverse=True)
        if not own:
            rows.append(Coverage(authority=each, status="not yet"))
            continue
        newest_year = own[0][1].year
        newest = [scheme for _, scheme in own if scheme.year == newest_year]
        status: Status = "bundled" if all(scheme.complete for scheme in newest) else "incomplete"
        rows.append(
            Coverage(
                authority=each,
                status=status,
                schemes=tuple(name for name, _ in own),
                year=newest_year,
            )
        )
    return rows


def unmatched_schemes(schemes: Mapping[str, Scheme]) -> list[str]:
    """Schemes whose `[council] name` names no authority in the list (a typo, or not English)."""
    return [name for name, scheme in schemes.items() if scheme_authority(scheme) is None]


def status_counts(rows: Sequence[Coverage]) -> dict[str, int]:
    """How many authorities have each status, every status listed."""
    counts = dict.fromkeys(STATUSES, 0)
    for row in rows:
        counts[row.status] += 1
    return counts


__all__ = [
    "CLASSES",
    "CLASS_PREFIXES",
    "EXPECTED_COUNT",
    "REGIONS",
    "STATUSES",
    "Authority",
    "Coverage",
    "authorities",
    "authorities_from_csv",
    "authority",
    "bundled_schemes",
    "coverage",
    "find_authority",
    "normalised_name",
    "scheme_authority",
    "status_counts",
    "unmatched_schemes",
]
