"""Which scheme each billing authority runs in a national run, with what Band D and claims.

An authority runs its newest bundled scheme for the run's year or the year before; one without
runs the default scheme (SI 2012/2886) built for the run's year, marked `default`. Its Band D is
its scheme's own whole-bill Band D where the scheme states the council's figure, else the figures
table's (docs/national.md says which figures are published and which assumed).
"""

from __future__ import annotations

import json
import pickle
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Literal, NamedTuple

import polars as pl

from townhall.tax.authorities.register import (
    Authority,
    find_authority,
    normalised_name,
    scheme_authority,
)
from townhall.tax.rules.scheme import (
    SCHEMES_PACKAGE,
    Council,
    Scheme,
    Sourced,
    bundled_scheme_names,
    load_bundled_scheme,
    scheme_from_toml,
)

Status = Literal["bundled", "incomplete", "default"]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]
DEFAULT_BASE = "default-2013"
# The words of a scheme's Band D source that mean it used an England or class average, not the
# council's own figure (some bundled schemes fall back on MHCLG's England average of £2,280).
_AVERAGE_WORDS = ("average band d",)


@dataclass(frozen=True)
class AuthorityRun:
    """One authority's part of a national run: its scheme, Band D and claims, and their bases."""

    index: int
    code: str
    name: str
    authority_class: str
    region: str
    scheme: Scheme
    scheme_name: str
    status: Status
    band_d_yearly: float
    band_d_basis: str
    band_d_source: str
    claims: int
    claims_basis: str
    pensioner_share: float
    universal_credit_share: float
    shares_basis: str

    def __getstate__(self) -> dict[str, object]:
        """Pickled with its scheme as plain data: pydantic's generic classes (`Sourced[float]`)
        pickle by value, slowly, so a scheme travels to a Dask worker as data instead."""
        state = dict(self.__dict__)
        state["scheme"] = pickle.dumps(self.scheme.model_dump())
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        """Unpickled with its scheme read back once per process (see `_scheme_from_data`)."""
        for name, value in state.items():
            loaded = _scheme_from_data(value) if isinstance(value, bytes) else value
            object.__setattr__(self, name, loaded)

    def record(self) -> dict[str, object]:
        """The facts the totals table carries about the authority and its scheme."""
        return {
            "ons_code": self.code,
            "authority": self.name,
            "class": self.authority_class,
            "region": self.region,
            "scheme": self.scheme_name,
            "scheme_status": self.status,
            "band_d_yearly": self.band_d_yearly,
            "band_d_basis": self.band_d_basis,
            "claims_basis": self.claims_basis,
        }


@lru_cache(maxsize=512)
def _scheme_from_data(data: bytes) -> Scheme:
    """A scheme from its pickled plain data, validated once per process for each scheme."""
    return Scheme.model_validate(pickle.loads(data))  # noqa: S301 - pickled by __getstate__


def previous_year(year: str) -> str:
    """The council tax year before `year` ("2026/27" → "2025/26")."""
    start = int(year[:4]) - 1
    return f"{start}/{(start + 1) % 100:02d}"


class Candidate(NamedTuple):
    """A scheme an authority might run: its name, year and its council's GSS code."""

    name: str
    year: str
    ons_code: str | None


@cache
def bundled_candidates() -> tuple[Candidate, ...]:
    """Every bundled scheme's name, year and council, read from its file's own `year` and
    `[council]` without loading it whole (a file that states neither is loaded)."""
    found = []
    for name in bundled_scheme_names():
        text = resources.files(SCHEMES_PACKAGE).joinpath(f"{name}.toml").read_text("utf-8")
        data = tomllib.loads(text)
        council = data.get("council")
        council = council if isinstance(council, dict) else {}
        named = find_authority(str(council.get("ons_code") or council.get("name") or ""))
        year = data.get("year")
        if named is None or not isinstance(year, str):
            scheme = load_bundled_scheme(name)
            owner = scheme_authority(scheme)
            found.append(Candidate(name, scheme.year, owner.ons_code if owner else None))
        else:
            found.append(Candidate(name, year, named.ons_code))
    return tuple(found)


def candidates_of(schemes: Mapping[str, Scheme]) -> tuple[Candidate, ...]:
    """Given schemes as candidates."""
    return tuple(
        Candidate(
            name, scheme.year, owner.ons_code if (owner := scheme_authority(scheme)) else None
        )
        for name, scheme in schemes.items()
    )


def chosen_entry(authority: Authority, entries: Sequence[Candidate], year: str) -> Candidate | None:
    """The authority's newest bundled scheme for `year` or the year before: of several of the
    newest year, the one named after the council (not an option on its charges), else the first
    by name. None when it has none of those years."""
    years = (year, previous_year(year))
    own = sorted(
        (e for e in entries if e.ons_code == authority.ons_code and e.year in years),
        key=lambda e: (years.index(e.year), e.name),
    )
    if not own:
        return None
    newest = [e for e in own if e.year == own[0].year]
    slug = "-".join(normalised_name(authority.short_name).split())
    named = [e for e in newest if e.name.startswith(slug)]
    return (named or newest)[0]


def default_scheme(authority: Authority, year: str, band_d: float, source: str) -> Scheme:
    """The default scheme (SI 2012/2886) for `year` with this authority's Band D: the working-age
    figures in force on the year's first day and the prescribed pensioner scheme of that year."""
    text = "\n".join(
        [
            f'extends = "{DEFAULT_BASE}"',
            f'name = "default-{authority.ons_code.lower()}"',
            f"title = {json.dumps(f'Default scheme {year}, {authority.short_name}')}",
            f'year = "{year}"',
            "[council]",
            f"name = {json.dumps(authority.name)}",
            f'ons_code = "{authority.ons_code}"',
            f"band_d_yearly = {{ value = {band_d!r}, source = {json.dumps(source)} }}",
        ]
    )
    scheme = scheme_from_toml(text, f"default scheme for {authority.short_name}")
    # Only this authority's council: none of the base's (Birmingham's precepts and tax base, which
    # `extends` keeps when the names match).
    council = Council(
        name=authority.name,
        ons_code=authority.ons_code,
        band_d_yearly=Sourced(value=band_d, source=source),
    )
    return scheme.model_copy(update={"council": council})


def uses_average(scheme: Scheme) -> bool:
    """Whether the scheme's Band D is an average (England's or a class's), not its council's."""
    source = scheme.council.band_d_yearly.source.lower()
    return any(words in source for words in _AVERAGE_WORDS)


def with_band_d(scheme: Scheme, band_d: float, source: str) -> Scheme:
    """The scheme with this whole-bill Band D in place of its own (and no separate precepts)."""
    council = scheme.council.model_copy(
        update={
            "band_d_yearly": Sourced(value=band_d, source=source),
            "precepts_band_d_yearly": None,
        }
    )
    return scheme.model_copy(update={"council": council})


def national_plan(
    figures: pl.DataFrame, year: str = "2026/27", schemes: Mapping[str, Scheme] | None = None
) -> list[AuthorityRun]:
    """Each authority of the figures table with the scheme it runs, its Band D and its claims.
    `schemes` defaults to every bundled scheme."""
    entries = bundled_candidates() if schemes is None else candidates_of(schemes)
    runs = []
    for index, row in enumerate(figures.iter_rows(named=True)):
        authority = find_authority(row["ons_code"])
        assert authority is not None  # the figures table is checked against the register
        entry = chosen_entry(authority, entries, year)
        band_d, basis, source = row["band_d_yearly"], row["band_d_basis"], row["band_d_source"]
        if entry is None:
            scheme, status = default_scheme(authority, year, band_d, source), "default"
        else:
            scheme = schemes[entry.name] if schemes is not None else load_bundled_scheme(entry.name)
            status = "bundled" if scheme.complete else "incomplete"
            if uses_average(scheme):
                scheme = with_band_d(scheme, band_d, source)
            else:
                band_d = scheme.council.band_d_total_yearly()
                basis = "published"
                source = f"the council's figures in the bundled scheme {entry.name}"
        runs.append(
            AuthorityRun(
                index=index,
                code=authority.ons_code,
                name=authority.short_name,
                authority_class=authority.authority_class,
                region=authority.region,
                scheme=scheme,
                scheme_name=entry.name if entry else f"default scheme {year}",
                status=status,  # type: ignore[arg-type]
                band_d_yearly=round(band_d, 2),
                band_d_basis=basis,
                band_d_source=source,
                claims=row["claims"],
                claims_basis=row["claims_basis"],
                pensioner_share=row["pensioner_share"],
                universal_credit_share=row["universal_credit_share"],
                shares_basis=row["shares_basis"],
            )
        )
    return runs


__all__ = [
    "STATUSES",
    "AuthorityRun",
    "Candidate",
    "bundled_candidates",
    "candidates_of",
    "chosen_entry",
    "default_scheme",
    "national_plan",
    "previous_year",
    "uses_average",
    "with_band_d",
]
