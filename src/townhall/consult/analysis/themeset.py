"""The curated theme set: the themes officers keep for one open question, stored as TOML.

Officers edit the file by hand or through the curation operations here (rename, merge, split,
delete, add); every operation returns a new theme set and leaves the old one untouched.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from townhall.input_files import read_utf8
from townhall.problems import InvalidInputError, Problem, problems_from_validation

ThemeKey = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_]{0,39}$")]


class Theme(BaseModel):
    """One theme: a short key, a label for reports, a description, seed terms and example answers."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: ThemeKey
    label: str = Field(min_length=1, max_length=120)
    description: str = Field(default="", max_length=2000)
    seed_terms: list[Annotated[str, Field(min_length=1, max_length=80)]] = []
    examples: list[Annotated[str, Field(min_length=1, max_length=5000)]] = []


class ThemeSet(BaseModel):
    """The themes for one question and the confidence an answer needs to be assigned a theme."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    question: str = Field(default="", max_length=2000)
    threshold: float = Field(default=0.5, gt=0.0, lt=1.0)
    library: list[Annotated[str, Field(min_length=1, max_length=500)]] = Field(
        default=[], max_length=200
    )
    """Files of answers to this question labelled earlier (id, text, themes, stance), relative to
    the theme-set file: trained on beside the officers' corrections, so the model has met many
    writers' voices before this consultation's first correction (analysis/library.py)."""
    themes: list[Theme] = Field(min_length=1, max_length=100)

    @model_validator(mode="after")
    def _unique_keys(self) -> ThemeSet:
        keys = [theme.key for theme in self.themes]
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        if repeated:
            raise ValueError(f"each theme key once; repeated: {', '.join(repeated)}")
        return self

    @property
    def keys(self) -> list[str]:
        """The theme keys in file order."""
        return [theme.key for theme in self.themes]

    def theme(self, key: str) -> Theme:
        """The theme with this key; a clear error naming the known keys if there is none."""
        for theme in self.themes:
            if theme.key == key:
                return theme
        raise InvalidInputError(
            [Problem("theme set", "key", key, f"one of {', '.join(self.keys)}")]
        )


def load_theme_set(path: Path) -> ThemeSet:
    """Read and validate a theme-set TOML file; every problem is reported at once."""
    source = str(path)
    text = read_utf8(path, "an existing TOML file (a theme set)")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInputError([Problem(source, "file", str(error), "valid UTF-8 TOML")]) from None
    try:
        return ThemeSet.model_validate(data)
    except ValidationError as error:
        raise InvalidInputError(problems_from_validation(error, source)) from None


def theme_set_toml(themes: ThemeSet) -> str:
    """The theme set as TOML text, in the layout officers edit."""
    return tomli_w.dumps(
        themes.model_dump(mode="json", exclude=None if themes.library else {"library"})
    )


def rename_theme(themes: ThemeSet, key: str, label: str, new_key: str | None = None) -> ThemeSet:
    """Give a theme a new label (and optionally a new key)."""
    old = themes.theme(key)
    renamed = old.model_copy(update={"label": label, "key": new_key or key})
    return _replaced(themes, [key], [renamed])


def merge_themes(themes: ThemeSet, keys: list[str], key: str, label: str) -> ThemeSet:
    """Join several themes into one that keeps all their seed terms and examples."""
    merged = [themes.theme(k) for k in keys]
    joined = Theme(
        key=key,
        label=label,
        description=" ".join(t.description for t in merged if t.description),
        seed_terms=list(dict.fromkeys(term for t in merged for term in t.seed_terms)),
        examples=list(dict.fromkeys(example for t in merged for example in t.examples)),
    )
    return _replaced(themes, keys, [joined])


def split_theme(themes: ThemeSet, key: str, parts: list[Theme]) -> ThemeSet:
    """Replace a theme by two or more narrower ones that the officer describes."""
    themes.theme(key)
    if len(parts) < 2:
        raise InvalidInputError([Problem("split", "parts", str(len(parts)), "two or more themes")])
    return _replaced(themes, [key], parts)


def delete_theme(themes: ThemeSet, key: str) -> ThemeSet:
    """Remove a theme (answers keep their text; they are simply no longer assigned to it)."""
    return _replaced(themes, [key], [])


def add_theme(themes: ThemeSet, theme: Theme) -> ThemeSet:
    """Add a theme the officer has written, with its description, seed terms and examples."""
    return _validated(themes, [*themes.themes, theme])


def _replaced(themes: ThemeSet, keys: list[str], new: list[Theme]) -> ThemeSet:
    """The theme set with the themes `keys` replaced by `new` at the place of the first one."""
    for key in keys:
        themes.theme(key)
    kept: list[Theme] = []
    for theme in themes.themes:
        if theme.key == keys[0]:
            kept.extend(new)
        elif theme.key not in keys:
            kept.append(theme)
    return _validated(themes, kept)


def _validated(themes: ThemeSet, new: list[Theme]) -> ThemeSet:
    """The theme set with a new list of themes, checked as a whole (keys once, at least one).

    The library is kept only while the keys stay as they were: its answers are labelled with them.
    """
    same_keys = [theme.key for theme in new] == themes.keys
    try:
        return ThemeSet(
            question=themes.question,
            threshold=themes.threshold,
            library=themes.library if same_keys else [],
            themes=new,
        )
    except ValidationError as error:
        raise InvalidInputError(problems_from_validation(error, "theme set")) from None
