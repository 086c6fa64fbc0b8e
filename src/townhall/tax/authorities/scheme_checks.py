"""A scheme file checked whole: its figures (by `rules.scheme`) and its council against the register
of billing authorities, every problem in one message. Used by `townhall tax validate`."""

from __future__ import annotations

import difflib
import re
import tomllib
from importlib import resources
from pathlib import Path

from townhall.problems import InvalidInputError, Problem
from townhall.tax.authorities.register import (
    Authority,
    authorities,
    authority,
    find_authority,
    normalised_name,
)
from townhall.tax.rules.scheme import (
    SCHEMES_PACKAGE,
    Scheme,
    bundled_scheme_names,
    load_bundled_scheme,
    load_scheme,
)

_GSS_CODE = re.compile(r"E0[6-9]\d{6}")


def register_problems(name: object, ons_code: object, source: str) -> list[Problem]:
    """What is wrong with a scheme's `[council]` name and GSS code against the register: a code no
    authority has, a name none has, or a code and a name of two different authorities."""
    problems: list[Problem] = []
    named = find_authority(name) if isinstance(name, str) and name.strip() else None
    if isinstance(name, str) and name.strip() and named is None:
        problems.append(Problem(source, "council.name", name, _name_expected(name)))
    if not isinstance(ons_code, str) or not _GSS_CODE.fullmatch(ons_code):
        return problems  # absent, or not a GSS code at all: the scheme's own validation says so
    coded = find_authority(ons_code)
    if coded is None:
        near = named or (_nearest(name) if isinstance(name, str) else None)
        hint = (
            f": did you mean {near.ons_code} ({near.name}, by the council's name)?"
            if near
            else " (see `townhall tax coverage` for every code)"
        )
        problems.append(
            Problem(
                source,
                "council.ons_code",
                ons_code,
                "an English billing authority's GSS code" + hint,
            )
        )
    elif named is not None and named.ons_code != coded.ons_code:
        problems.append(
            Problem(
                source,
                "council.ons_code",
                ons_code,
                f"the code of the council named: {ons_code} is {coded.name}, but "
                f"{name!r} is {named.name} ({named.ons_code})",
            )
        )
    return problems


def _nearest(name: str) -> Authority | None:
    """The authority whose name is nearest a misspelt one, if any is near."""
    names = {normalised_name(each.name): each for each in authorities()}
    near = difflib.get_close_matches(normalised_name(name), list(names), n=1, cutoff=0.8)
    return names[near[0]] if near else None


def _name_expected(name: str) -> str:
    """An unknown council name's expectation, with the nearest authorities' names."""
    try:
        authority(name)
    except InvalidInputError as error:
        return error.problems[0].expected + " (the register's names: `townhall tax coverage`)"
    return "an English billing authority's name"


def checked_scheme(path_or_name: str | Path) -> Scheme:
    """Load a scheme and check its council against the register: every problem of both at once."""
    problems: list[Problem] = []
    scheme: Scheme | None = None
    try:
        scheme = load_scheme(path_or_name)
    except InvalidInputError as error:
        problems.extend(error.problems)
    council = _council(scheme, path_or_name)
    if council is not None:
        source = problems[0].source if problems else _source(path_or_name)
        problems.extend(register_problems(council.get("name"), council.get("ons_code"), source))
    if problems or scheme is None:
        raise InvalidInputError(problems)
    return scheme


def _source(path_or_name: str | Path) -> str:
    text = str(path_or_name)
    bundled = not text.endswith(".toml") and text in bundled_scheme_names()
    return f"{text} (bundled)" if bundled else text


def _council(scheme: Scheme | None, path_or_name: str | Path) -> dict[str, object] | None:
    """The council a scheme names: the loaded scheme's, else the file's own `[council]` table (a
    file that does not load may still name its council), else None."""
    if scheme is not None:
        return {"name": scheme.council.name, "ons_code": scheme.council.ons_code}
    text = str(path_or_name)
    try:
        if not text.endswith(".toml") and text in bundled_scheme_names():
            raw = resources.files(SCHEMES_PACKAGE).joinpath(f"{text}.toml").read_text("utf-8")
        else:
            raw = Path(path_or_name).read_text(encoding="utf-8")
        data = tomllib.loads(raw)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None  # loading already said what is wrong with the file
    council, parent = data.get("council"), data.get("extends")
    if not isinstance(council, dict):
        return None
    if "name" not in council and isinstance(parent, str) and parent in bundled_scheme_names():
        return {"name": load_bundled_scheme(parent).council.name, **council}  # the parent's
    return council


__all__ = ["checked_scheme", "register_problems"]
