"""A register of deals: a folder holding one TOML file per deal, their appraisals and evidence.

    <register>/<deal>.toml              the deal (see `townhall.deals.model`)
    <register>/<deal>.appraisal.toml    its appraisal (see `townhall.deals.appraisal`)
    <register>/evidence.json            passages imported from the deals' documents

Loading checks every file and reports every problem in one pass.
"""

from __future__ import annotations

import shutil
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from townhall.deals.model import Deal
from townhall.input_files import read_utf8
from townhall.problems import InvalidInputError, Problem, problems_from_validation, read_every

APPRAISAL_SUFFIX = ".appraisal.toml"
EVIDENCE_FILE = "evidence.json"
MAX_FILE_BYTES = 2_000_000


def bundled_register() -> Path:
    """The folder of the register shipped with Townhall (read-only)."""
    return Path(str(resources.files("townhall.deals.bundled")))


def is_bundled(folder: Path) -> bool:
    """True when `folder` is the bundled register, which commands must not write to."""
    return folder.resolve() == bundled_register().resolve()


def copy_bundled(target: Path) -> list[Path]:
    """Copy the bundled register's deal and appraisal files into a new folder to work on."""
    if target.exists() and any(target.iterdir()):
        raise InvalidInputError(
            [Problem(str(target), "folder", str(target), "a new or empty folder")]
        )
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for path in sorted(bundled_register().glob("*.toml")):
        shutil.copyfile(path, target / path.name)
        copied.append(target / path.name)
    return copied


def deal_paths(folder: Path) -> list[Path]:
    """The deal files of a register, sorted by name (appraisal files excluded)."""
    if not folder.is_dir():
        raise InvalidInputError(
            [Problem(str(folder), "register", str(folder), "a folder of deal .toml files")]
        )
    return sorted(
        path for path in folder.glob("*.toml") if not path.name.endswith(APPRAISAL_SUFFIX)
    )


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file's data; a missing, oversized or malformed file is reported as a Problem."""
    if not path.is_file():
        raise InvalidInputError([Problem(str(path), "(file)", str(path), "an existing file")])
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InvalidInputError(
            [Problem(str(path), "(file)", f"{path.stat().st_size:,} bytes", "at most 2 MB")]
        )
    text = read_utf8(path, "a TOML file")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInputError(
            [Problem(str(path), "(file)", "", f"valid TOML: {error}")]
        ) from None


def deal_from_data(data: dict[str, Any], source: str) -> Deal:
    """Validate a deal's data; every problem is reported, with its field path."""
    sources = data.get("sources")
    known = set(sources) if isinstance(sources, dict) else set()
    try:
        return Deal.model_validate(data, context={"sources": known})
    except ValidationError as error:
        raise InvalidInputError(problems_from_validation(error, source)) from None


def load_deal_file(path: Path) -> Deal:
    """One deal from its TOML file; its id must match the file name."""
    deal = deal_from_data(read_toml(path), str(path))
    if deal.id != path.stem:
        raise InvalidInputError(
            [Problem(str(path), "id", deal.id, f"the file's name without .toml: {path.stem}")]
        )
    return deal


def load_deals(folder: Path) -> list[Deal]:
    """Every deal in a register, in file-name order; problems from all files reported together."""
    return read_every(deal_paths(folder), load_deal_file)


def load_deal(folder: Path, deal_id: str) -> Deal:
    """One deal of a register by its id."""
    path = folder / f"{deal_id}.toml"
    if deal_id.endswith(".toml") or not path.is_file():
        known = ", ".join(p.stem for p in deal_paths(folder))
        raise InvalidInputError([Problem(str(folder), "deal", deal_id, f"one of: {known}")])
    return load_deal_file(path)
