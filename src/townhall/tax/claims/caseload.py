"""The claims table: validated columns held as numpy arrays, one row per claim, with weights.

A caseload is read once (CSV, Parquet or Excel), checked against `caseload_schema.COLUMNS` with
every problem collected in one pass, and kept as arrays. Quantities that depend only on the claims
(bands, household type, who is a lone parent) are computed here once, for every scheme evaluated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from townhall.problems import InvalidInputError, Problem, shorten
from townhall.tax.bands import BAND_NINTHS, BANDS, DISABLED_BAND_A_NINTHS, SINGLE_PERSON_DISCOUNT
from townhall.tax.claims.caseload_schema import COLUMN_BY_NAME, COLUMNS, Column
from townhall.tax.claims.claim_arrays import (
    ClaimArrays,
    disregard_codes,
    personal_allowance_codes,
    premium_codes,
)

MAX_PROBLEMS = 1000
NINTHS_BY_INDEX = np.array([BAND_NINTHS[band] for band in BANDS], dtype=np.int64)
_TRUE = {"true", "t", "yes", "y", "1", "1.0"}
_FALSE = {"false", "f", "no", "n", "0", "0.0", ""}

# Household types used by income-banded grids, in scheme.HOUSEHOLD_TYPES order.
SINGLE, COUPLE, FAMILY_ONE_CHILD, FAMILY_TWO_OR_MORE = 0, 1, 2, 3


@dataclass
class Caseload:
    """Validated claims as a polars table plus the numpy arrays the means test runs on."""

    table: pl.DataFrame
    cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return self.table.height

    @classmethod
    def from_frame(cls, frame: pl.DataFrame, source: str = "caseload") -> Caseload:
        """Validate a table of claims; raise InvalidInputError listing every problem."""
        return cls(validated_table(frame, source))

    @classmethod
    def from_records(cls, records: list[dict[str, Any]], source: str = "caseload") -> Caseload:
        """Validate claims given as dictionaries; missing optional columns take their defaults."""
        return cls.from_frame(pl.DataFrame(records, strict=False, infer_schema_length=None), source)

    @classmethod
    def read(cls, path: str | Path) -> Caseload:
        """Read and validate a caseload file (.csv, .parquet or .xlsx)."""
        return cls.from_frame(read_table(Path(path)), str(path))

    def column(self, name: str) -> NDArray[Any]:
        """A column as a numpy array."""
        return self.table.get_column(name).to_numpy()

    def flag(self, name: str) -> NDArray[np.bool_]:
        """A true/false column as a boolean array."""
        return self.column(name).astype(np.bool_, copy=False)

    def amount(self, name: str) -> NDArray[np.float64]:
        """A money or number column as a float array."""
        return self.column(name).astype(np.float64, copy=False)

    def count(self, name: str) -> NDArray[np.int64]:
        """A whole-number column (no empty values) as an integer array."""
        return self.column(name).astype(np.int64, copy=False)

    @cached_property
    def weight(self) -> NDArray[np.float64]:
        """How many claims each row stands for."""
        return self.amount("weight")

    @cached_property
    def band_index(self) -> NDArray[np.int8]:
        """Band as 0 (A) to 7 (H)."""
        codes = self.table.get_column("band").cast(pl.Enum(list(BANDS))).to_physical()
        return codes.to_numpy().astype(np.int8)

    @cached_property
    def arrays(self) -> ClaimArrays:
        """The columns and lookup codes the means test reads, worked out once per caseload."""
        pensioner = self.flag("pensioner")
        partner_age = self.table.get_column("partner_age")
        has_partner = ~partner_age.is_null().to_numpy()
        children = self.count("children").astype(np.float64)
        has_children = children > 0
        claimant_age = self.count("claimant_age")
        elder_age = np.maximum(claimant_age, partner_age.fill_null(0).to_numpy()).astype(np.int64)
        lone_parent = ~has_partner & has_children
        non_dependants = self.count("non_dependants").astype(np.float64)
        disability = self.flag("disability_premium")
        carer = self.flag("carer")
        kind = np.where(has_partner, COUPLE, SINGLE)
        kind = np.where(children == 1, FAMILY_ONE_CHILD, kind)
        kind = np.where(children >= 2, FAMILY_TWO_OR_MORE, kind)
        youngest = self.table.get_column("youngest_child_age").fill_null(99).to_numpy()
        only_adult = ~has_partner & (non_dependants == 0)
        band = self.band_index
        lowered = np.where(
            band == 0, DISABLED_BAND_A_NINTHS, NINTHS_BY_INDEX[np.maximum(band - 1, 0)]
        )
        ninths = np.where(self.flag("disabled_band_reduction"), lowered, NINTHS_BY_INDEX[band])
        return ClaimArrays(
            weight=self.weight,
            band_index=self.band_index,
            disabled_band_reduction=self.flag("disabled_band_reduction"),
            pensioner=pensioner,
            pensioner_index=pensioner.astype(np.int8),
            has_partner=has_partner,
            children=children,
            has_children=has_children,
            youngest_child_age=youngest.astype(np.float64),
            passported=self.flag("passported"),
            weekly_earnings=self.amount("weekly_earnings"),
            weekly_other_income=self.amount("weekly_other_income"),
            capital=self.amount("capital"),
            disability_premium=disability,
            disabled_child_premium=self.flag("disabled_child_premium"),
            war_pension=self.flag("war_pension"),
            carer=carer,
            non_dependants=non_dependants,
            non_dependant_gross_weekly_income=self.amount("non_dependant_gross_weekly_income"),
            non_dependants_passported=self.flag("non_dependants_passported"),
            lone_parent=lone_parent,
            only_adult=only_adult,
            effective_ninths=ninths.astype(np.float64),
            ninths_code=ninths.astype(np.int8),
            discount=np.where(only_adult, SINGLE_PERSON_DISCOUNT, 0.0),
            household_type=kind.astype(np.int8),
            personal_allowance_code=personal_allowance_codes(
                pensioner, has_partner, children, claimant_age, elder_age
            ),
            disregard_code=disregard_codes(pensioner, has_partner, lone_parent, disability | carer),
            premium_code=premium_codes(
                pensioner,
                has_partner,
                has_children,
                disability,
                self.flag("disabled_child_premium"),
                carer,
            ),
        )

    def subset(self, mask: NDArray[np.bool_]) -> Caseload:
        """The claims where `mask` is true, as a caseload of their own."""
        return Caseload(self.table.filter(pl.Series(mask)))


CSV_CHUNK_BYTES = 16 * 2**20


def read_table(path: Path, on_progress: Callable[[int, int], None] | None = None) -> pl.DataFrame:
    """Read a caseload file as it is; types are checked afterwards.

    A CSV file is read in chunks of whole lines, calling `on_progress(bytes_read, bytes_total)`
    after each, so a large file can show a progress bar.
    """
    if not path.exists():
        raise InvalidInputError(
            [Problem(str(path), "file", str(path), "an existing caseload file")]
        )
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return _read_csv_in_chunks(path, on_progress)
        if suffix == ".parquet":
            return pl.read_parquet(path)
        if suffix in {".xlsx", ".xls", ".xlsm"}:
            return pl.read_excel(path, infer_schema_length=0)
    except (pl.exceptions.PolarsError, OSError, ValueError) as error:
        raise InvalidInputError(
            [Problem(str(path), "(file)", path.name, f"a readable {suffix} file: {error}")]
        ) from None
    raise InvalidInputError(
        [Problem(str(path), "(file)", path.name, "a .csv, .parquet or .xlsx file")]
    )


def _read_csv_in_chunks(path: Path, on_progress: Callable[[int, int], None] | None) -> pl.DataFrame:
    """Read a CSV as text columns, chunk by chunk of whole lines, reporting progress."""
    total = path.stat().st_size
    parts: list[pl.DataFrame] = []
    with path.open("rb") as handle:
        header = handle.readline()
        done = len(header)
        while chunk := handle.read(CSV_CHUNK_BYTES):
            chunk += handle.readline()  # finish the last line
            done += len(chunk)
            parts.append(pl.read_csv(header + chunk, infer_schema=False, null_values=[""]))
            if on_progress is not None:
                on_progress(done, total)
    if not parts:
        return pl.read_csv(header, infer_schema=False, null_values=[""])
    return pl.concat(parts, how="vertical")


def validated_table(frame: pl.DataFrame, source: str) -> pl.DataFrame:
    """Check every column and row, collect all problems, and return the typed table."""
    problems: list[Problem] = []
    columns: dict[str, pl.Series] = {}
    unknown = [name for name in frame.columns if name not in COLUMN_BY_NAME]
    for name in unknown:
        problems.append(
            Problem(source, name, "(column)", "a known column: see docs/caseload.md for the list")
        )
    for column in COLUMNS:
        if column.name not in frame.columns:
            if column.required:
                problems.append(Problem(source, column.name, "(missing column)", column.allowed()))
                continue
            columns[column.name] = pl.Series(column.name, [column.default] * frame.height)
            continue
        series, column_problems = _typed(frame.get_column(column.name), column, source)
        problems.extend(column_problems)
        columns[column.name] = series
    if not problems:
        table = pl.DataFrame([_cast(columns[c.name], c) for c in COLUMNS])
        problems.extend(_row_rules(table, source))
    if problems:
        raise InvalidInputError(_capped(problems))
    return table


def _typed(series: pl.Series, column: Column, source: str) -> tuple[pl.Series, list[Problem]]:
    """Convert one column to its type; a Problem for each value that will not convert or fit."""
    text = series.cast(pl.String).str.strip_chars()
    missing = text.is_null() | (text == "")
    converted = _converter(column)(text)
    failed = ~missing & converted.is_null()
    if column.kind in ("int", "money", "number"):
        if column.minimum is not None:
            failed = failed | (converted < column.minimum).fill_null(False)
        if column.maximum is not None:
            failed = failed | (converted > column.maximum).fill_null(False)
    problems = [
        Problem(source, column.name, shorten(text[int(row)]), column.allowed(), row=int(row) + 2)
        for row in np.flatnonzero(failed.to_numpy())[:MAX_PROBLEMS]
    ]
    if column.required or (not column.nullable and column.default is None):
        problems.extend(
            Problem(source, column.name, "(empty)", column.allowed(), row=int(row) + 2)
            for row in np.flatnonzero(missing.to_numpy())[:MAX_PROBLEMS]
        )
    elif not column.nullable:
        converted = converted.fill_null(column.default)
    return converted.alias(column.name), problems


def _converter(column: Column) -> Callable[[pl.Series], pl.Series]:
    """How text in this column becomes a typed value (null where it cannot)."""
    if column.kind == "bool":
        mapping = {**dict.fromkeys(_TRUE, True), **dict.fromkeys(_FALSE, False)}
        return lambda s: s.str.to_lowercase().replace_strict(
            mapping, default=None, return_dtype=pl.Boolean
        )
    if column.kind == "band":
        return lambda s: s.str.to_uppercase().replace_strict(
            {band: band for band in BANDS}, default=None, return_dtype=pl.String
        )
    if column.kind == "int":
        return lambda s: _whole(s.cast(pl.Float64, strict=False))
    if column.kind in ("money", "number"):
        return lambda s: s.str.replace_all(r"^£|,", "").cast(pl.Float64, strict=False)
    return lambda s: s


def _whole(numbers: pl.Series) -> pl.Series:
    """Whole numbers stay; fractions become null so they are reported."""
    frame = numbers.to_frame("n")
    whole = pl.when(pl.col("n") == pl.col("n").round(0)).then(pl.col("n")).cast(pl.Int64)
    return frame.select(whole.alias(numbers.name)).to_series()


def _cast(series: pl.Series, column: Column) -> pl.Series:
    """The final dtype of each column."""
    dtype = {
        "text": pl.String,
        "band": pl.String,
        "bool": pl.Boolean,
        "int": pl.Int64,
        "money": pl.Float64,
        "number": pl.Float64,
    }[column.kind]
    return series.cast(dtype)


def _row_rules(table: pl.DataFrame, source: str) -> list[Problem]:
    """Rules across columns: unique claim ids, a youngest child age when there are children."""
    problems: list[Problem] = []
    duplicated = table.get_column("claim_id").is_duplicated().to_numpy()
    for row in np.flatnonzero(duplicated)[:MAX_PROBLEMS]:
        value = str(table.get_column("claim_id")[int(row)])
        problems.append(
            Problem(source, "claim_id", value, "a claim_id used only once", row=int(row) + 2)
        )
    children = table.get_column("children").to_numpy()
    youngest_missing = table.get_column("youngest_child_age").is_null().to_numpy()
    for row in np.flatnonzero((children > 0) & youngest_missing)[:MAX_PROBLEMS]:
        problems.append(
            Problem(
                source,
                "youngest_child_age",
                "(empty)",
                "an age when children is above 0",
                row=int(row) + 2,
            )
        )
    return problems


def _capped(problems: list[Problem]) -> list[Problem]:
    """At most MAX_PROBLEMS problems, with a last line counting the rest."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = len(problems) - MAX_PROBLEMS
    return [*problems[:MAX_PROBLEMS], Problem("caseload", "…", f"{rest} more", "(not listed)")]
