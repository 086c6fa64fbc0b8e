"""Reading an ONS postcode directory extract (ONSPD or NSPL, or any CSV with a postcode and a
ward code column) into postcode -> ward code pairs, with every bad row reported at once."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from townhall.problems import Problem, shorten

# Newest ward vintage first: ONSPD and NSPL name the ward column after the year's boundaries
# (wd25cd); ONSPD also has "osward", the ward the postcode is in now.
POSTCODE_COLUMNS = ("pcds", "pcd", "pcd7", "pcd8", "pcd2", "postcode")
WARD_COLUMNS = (
    *(f"wd{year}cd" for year in range(30, 10, -1)),
    "osward",
    "ward_code",
    "wardcode",
)
TERMINATED_COLUMN = "doterm"  # when a postcode stopped being used; empty while it is live
_POSTCODE = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})")
_WARD_CODE = re.compile(r"[EWSN][0-9]{8}")
_NO_WARD = re.compile(r"[A-Z]99999999")  # ONS pseudo-codes: no ward (Channel Islands, say)


def normal_postcode(text: str) -> str | None:
    """A postcode in capitals with one space ("b11bb", "B1  1BB" -> "B1 1BB"), or None."""
    found = _POSTCODE.fullmatch(re.sub(r"\s+", "", text.upper()))
    return f"{found.group(1)} {found.group(2)}" if found else None


@dataclass
class PostcodeFile:
    """What an extract holds: each live postcode's ward, the columns read, what was skipped."""

    postcode_column: str
    ward_column: str
    wards: dict[str, str] = field(default_factory=dict)
    terminated: int = 0
    without_ward: int = 0
    problems: list[Problem] = field(default_factory=list)


def columns(header: Sequence[str], source: str) -> tuple[str, str] | list[Problem]:
    """The postcode and ward code columns of `header` (any case), or why there are none."""
    names = {name.strip().lower(): name for name in header}
    postcode = next((names[n] for n in POSTCODE_COLUMNS if n in names), None)
    ward = next((names[n] for n in WARD_COLUMNS if n in names), None)
    problems = []
    if postcode is None:
        problems.append(
            Problem(
                source,
                "header",
                ", ".join(header)[:60],
                f"a postcode column: one of {', '.join(POSTCODE_COLUMNS)}",
            )
        )
    if ward is None:
        problems.append(
            Problem(
                source,
                "header",
                ", ".join(header)[:60],
                "a ward code column: wd25cd (or another year's wdYYcd), osward or ward_code",
            )
        )
    return problems if postcode is None or ward is None else (postcode, ward)


def read_rows(
    header: Sequence[str], rows: Iterable[Sequence[str]], source: str
) -> PostcodeFile | list[Problem]:
    """Every live postcode's ward code from the rows after `header` (row 2 is the first), or the
    header's problems. Rows with problems are listed in `problems`, each by its row number."""
    found = columns(header, source)
    if isinstance(found, list):
        return found
    postcode_name, ward_name = found
    position = {name: index for index, name in enumerate(header)}
    postcode_at, ward_at = position[postcode_name], position[ward_name]
    terminated_at = next(
        (i for name, i in position.items() if name.strip().lower() == TERMINATED_COLUMN), None
    )
    result = PostcodeFile(postcode_name, ward_name)
    for number, row in enumerate(rows, 2):
        if len(row) <= max(postcode_at, ward_at):
            result.problems.append(
                Problem(source, "row", shorten(",".join(row)), f"{len(header)} columns", number)
            )
            continue
        if terminated_at is not None and terminated_at < len(row) and row[terminated_at].strip():
            result.terminated += 1
            continue
        postcode = normal_postcode(row[postcode_at])
        ward = row[ward_at].strip().upper()
        if postcode is None:
            result.problems.append(
                Problem(
                    source,
                    postcode_name,
                    shorten(row[postcode_at]),
                    "a full UK postcode, like B1 1BB",
                    number,
                )
            )
        if not ward or _NO_WARD.fullmatch(ward):
            result.without_ward += 1
            continue
        if not _WARD_CODE.fullmatch(ward):
            result.problems.append(
                Problem(
                    source,
                    ward_name,
                    shorten(row[ward_at]),
                    "an ONS ward code, like E05011151",
                    number,
                )
            )
            continue
        if postcode is not None:
            earlier = result.wards.setdefault(postcode, ward)
            if earlier != ward:
                result.problems.append(
                    Problem(
                        source,
                        postcode_name,
                        postcode,
                        f"one ward (it is also in {earlier})",
                        number,
                    )
                )
    return result
