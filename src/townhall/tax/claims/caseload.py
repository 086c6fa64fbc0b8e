"""The claims table: validated columns held as numpy arrays, one row per claim, with weights.

A caseload is read once (CSV, Parquet or Excel), checked against `caseload_schema.COLUMNS` with
every problem collected in one pass, and kept as arrays. Quantities that depend only on the claims
(bands, household type, who is a lone parent) are computed here once, for every scheme evaluated.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from townhall.input_files import check_input_file
from townhall.input_tables import (
    date_expected,
    parsed_date,
    parsed_flag,
    parsed_number,
    ragged_rows,
    tidied,
)
from townhall.problems import InvalidInputError, Problem, shorten
from townhall.tax.bands import BANDS
from townhall.tax.claims.caseload_schema import COLUMNS, NON_DEPENDANT_COLUMNS, UC_ELEMENTS, Column
from townhall.tax.claims.claim_arrays import ClaimArrays
from townhall.tax.claims.claim_facts import claim_arrays
from townhall.tax.claims.extract import ExtractOptions, mapped, with_ages

MAX_PROBLEMS = 1000
COLUMN_NAMES = frozenset(column.name for column in COLUMNS)
_DTYPES: dict[str, pl.DataType] = {
    "text": pl.String(),
    "band": pl.String(),
    "choice": pl.String(),
    "bool": pl.Boolean(),
    "int": pl.Int64(),
    "money": pl.Float64(),
    "number": pl.Float64(),
    "date": pl.Date(),
}


@dataclass
class Caseload:
    """Validated claims as a polars table plus the numpy arrays the means test runs on.

    Non-dependants come as a table of their own (one row each, joined by `claim_id`) or, in the
    older one-table layout, as counts on the claims; `non_dependant_table` holds both as rows."""

    table: pl.DataFrame
    non_dependants: pl.DataFrame = field(default_factory=lambda: empty_table(NON_DEPENDANT_COLUMNS))
    use_actual_liability: bool = False  # take `actual_liability_yearly` where a claim gives it
    cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return self.table.height

    @classmethod
    def from_frame(
        cls,
        frame: pl.DataFrame,
        source: str = "caseload",
        non_dependants: pl.DataFrame | None = None,
        non_dependants_source: str = "non-dependants",
        options: ExtractOptions | None = None,
    ) -> Caseload:
        """Validate a table of claims (and of non-dependants), read as `options` say; raise
        InvalidInputError listing every problem in both."""
        options = options or ExtractOptions()
        frame = with_ages(mapped(frame, options.mapping, source), options.ages_at, source)
        table, problems = checked_table(frame, source)
        others = empty_table(NON_DEPENDANT_COLUMNS)
        if non_dependants is not None:
            others, other_problems = checked_table(
                non_dependants, non_dependants_source, NON_DEPENDANT_COLUMNS
            )
            problems.extend(other_problems)
            problems.extend(_non_dependant_rules(table, others, non_dependants_source))
        if problems:
            raise InvalidInputError(_capped(problems))
        return cls(table, others)

    @classmethod
    def from_records(
        cls,
        records: list[dict[str, Any]],
        source: str = "caseload",
        non_dependants: list[dict[str, Any]] | None = None,
    ) -> Caseload:
        """Validate claims (and non-dependants) given as dictionaries; missing optional columns
        take their defaults."""
        others = None
        if non_dependants is not None:
            others = (
                pl.DataFrame(non_dependants, strict=False, infer_schema_length=None)
                if non_dependants
                else pl.DataFrame({"claim_id": []}, schema={"claim_id": pl.String})
            )
        frame = pl.DataFrame(records, strict=False, infer_schema_length=None)
        return cls.from_frame(frame, source, others)

    @classmethod
    def read(
        cls,
        path: str | Path,
        non_dependants: str | Path | None = None,
        options: ExtractOptions | None = None,
    ) -> Caseload:
        """Read and validate a caseload file (.csv, .parquet or .xlsx), and a non-dependants file."""
        options = options or ExtractOptions()
        others = (
            None if non_dependants is None else read_table(Path(non_dependants), rows_needed=None)
        )
        try:
            claims = read_table(Path(path), None, options.sheet, options.header_row)
            return cls.from_frame(claims, str(path), others, str(non_dependants), options)
        except InvalidInputError as error:
            raise InvalidInputError(
                [
                    _below_header(problem, str(path), options.header_row)
                    for problem in error.problems
                ]
            ) from None

    @property
    def extra_columns(self) -> list[str]:
        """The file's own columns that Townhall does not use, carried through to the outputs."""
        return [name for name in self.table.columns if name not in COLUMN_NAMES]

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
    def non_dependant_table(self) -> pl.DataFrame:
        """Every non-dependant as a row with its claim's position: the non-dependants table, and
        the claims' own `non_dependants` counts (each with the claim's income and benefit)."""
        rows = self.table.select(
            pl.col("claim_id"), pl.int_range(pl.len(), dtype=pl.Int64).alias("claim_row")
        )
        known = [column.name for column in NON_DEPENDANT_COLUMNS]
        given = self.non_dependants.select(known).join(rows, on="claim_id", how="inner")
        counted = self.table.with_row_index("claim_row").filter(pl.col("non_dependants") > 0)
        legacy = counted.select(
            pl.col("claim_id"),
            pl.col("claim_row").cast(pl.Int64),
            pl.col("non_dependant_gross_weekly_income").alias("gross_weekly_income"),
            pl.lit(0.0).alias("weekly_disability_benefits"),
            pl.when(pl.col("non_dependants_passported"))
            .then(pl.lit("income_support_jsa_esa"))
            .otherwise(pl.lit("none"))
            .alias("benefit"),
            pl.int_ranges(0, pl.col("non_dependants")).alias("copy"),
        ).explode("copy")
        legacy = legacy.with_columns(
            pl.lit(None, dtype=pl.Int64).alias("age"),
            pl.lit(None, dtype=pl.Boolean).alias("works_16_hours_or_more"),
            pl.lit(False).alias("student"),
            pl.lit(False).alias("disregarded_for_discount"),
            pl.lit("none").alias("disability_benefit"),
            pl.lit(False).alias("blind"),
            pl.lit(None, dtype=pl.String).alias("couple"),
        ).select(given.columns)
        return pl.concat([given, legacy.cast(given.schema)], how="vertical")

    @cached_property
    def arrays(self) -> ClaimArrays:
        """The columns and lookup codes the means test reads, worked out once per caseload."""
        return claim_arrays(self.table, self.non_dependant_table)

    def subset(self, mask: NDArray[np.bool_]) -> Caseload:
        """The claims where `mask` is true, as a caseload of their own."""
        table = self.table.filter(pl.Series(mask))
        kept = self.non_dependants.filter(
            pl.col("claim_id").is_in(table.get_column("claim_id").implode())
        )
        return Caseload(table, kept)


def _below_header(problem: Problem, source: str, header_row: int) -> Problem:
    """The problem with its row as the spreadsheet shows it when the column names are on
    `header_row` (rows are counted from a header on row 1 while checking)."""
    if problem.row is None or problem.source != source or header_row == 1:
        return problem
    return replace(problem, row=problem.row + header_row - 1)


def completed(frame: pl.DataFrame) -> pl.DataFrame:
    """Claims made by Townhall itself (synthetic caseloads), with every column Townhall knows:
    those left out take their defaults. Files from outside go through `validated_table`."""
    missing = [
        pl.lit(column.default, dtype=_DTYPES[column.kind]).alias(column.name)
        for column in COLUMNS
        if column.name not in frame.columns
    ]
    return frame.with_columns(missing).select([column.name for column in COLUMNS])


def empty_table(columns: tuple[Column, ...]) -> pl.DataFrame:
    """A table with these columns, typed, and no rows."""
    return pl.DataFrame({c.name: pl.Series(c.name, [], dtype=_DTYPES[c.kind]) for c in columns})


CSV_CHUNK_BYTES = 16 * 2**20


def read_table(
    path: Path,
    on_progress: Callable[[int, int], None] | None = None,
    sheet: str | None = None,
    header_row: int = 1,
    rows_needed: str | None = "at least one claim",
) -> pl.DataFrame:
    """Read a caseload file as it is, tidied (`input_tables.tidied`); types are checked afterwards.
    A workbook's `sheet` (the first by default) is read with its column names on `header_row`; a
    file with no rows is refused when `rows_needed` says what it should hold.

    A CSV file is read in chunks of whole lines, calling `on_progress(bytes_read, bytes_total)`
    after each, so a large file can show a progress bar.
    """
    if not path.exists():
        raise InvalidInputError(
            [Problem(str(path), "file", str(path), "an existing caseload file")]
        )
    check_input_file(path, "a caseload file (.csv, .parquet or .xlsx)")
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            frame = _read_csv_in_chunks(path, on_progress)
        elif suffix == ".parquet":
            frame = pl.read_parquet(path)
        elif suffix in {".xlsx", ".xls", ".xlsm"}:
            frame = pl.read_excel(
                path,
                sheet_name=sheet,
                infer_schema_length=0,
                read_options={"header_row": header_row - 1},
                drop_empty_rows=False,  # kept, so rows keep their places and a gap is named
            )
        else:
            raise InvalidInputError(
                [Problem(str(path), "(file)", path.name, "a .csv, .parquet or .xlsx file")]
            )
    except (pl.exceptions.PolarsError, OSError, ValueError) as error:
        unreadable = Problem(str(path), "(file)", path.name, f"a readable {suffix} file: {error}")
        raise InvalidInputError(
            (ragged_rows(path) if suffix == ".csv" else []) or [unreadable]
        ) from None
    frame, problems = tidied(frame, str(path))
    if frame.height == 0 and rows_needed is not None:
        problems.append(Problem(str(path), "(rows)", "(header only)", rows_needed))
    if problems:
        raise InvalidInputError(problems)
    return frame


def _read_csv_in_chunks(path: Path, on_progress: Callable[[int, int], None] | None) -> pl.DataFrame:
    """Read a CSV as text columns, chunk by chunk of whole records, reporting progress (a cell in
    quotes may hold line breaks, so a chunk ends only where its quotes are balanced)."""
    total = path.stat().st_size
    parts: list[pl.DataFrame] = []
    with path.open("rb") as handle:
        header = handle.readline()
        done = len(header)
        while chunk := handle.read(CSV_CHUNK_BYTES):
            chunk += handle.readline()  # finish the last line
            while chunk.count(b'"') % 2 and (line := handle.readline()):
                chunk += line  # inside a quoted cell: finish the record
            done += len(chunk)
            parts.append(pl.read_csv(header + chunk, infer_schema=False, null_values=[""]))
            if on_progress is not None:
                on_progress(done, total)
    if not parts:
        return pl.read_csv(header, infer_schema=False, null_values=[""])
    return pl.concat(parts, how="vertical")


def validated_table(
    frame: pl.DataFrame, source: str, columns: tuple[Column, ...] = COLUMNS
) -> pl.DataFrame:
    """Check every column and row, and return the typed table or raise with every problem."""
    table, problems = checked_table(frame, source, columns)
    if problems:
        raise InvalidInputError(_capped(problems))
    return table


def checked_table(
    frame: pl.DataFrame, source: str, columns: tuple[Column, ...] = COLUMNS
) -> tuple[pl.DataFrame, list[Problem]]:
    """The typed table (empty where a value did not convert) and every problem with it.

    Column names match whatever their case. A column Townhall does not know is kept, after
    Townhall's own, and carried through to the outputs, unless it looks like a misspelling of a
    known column the file lacks (then it is named with "did you mean"). Rules across columns run
    on every row whose values converted, so every problem in the file is listed in one pass."""
    problems: list[Problem] = []
    known = {column.name: column for column in columns}
    lowered = {name: name.strip().lower() for name in frame.columns}
    frame = frame.rename(
        {name: low for name, low in lowered.items() if low in known and name != low}
    )
    extra = [name for name in frame.columns if name not in known]
    for name in extra:
        near = difflib.get_close_matches(
            name.lower(), [c for c in known if c not in frame.columns], n=1, cutoff=0.8
        )
        if near:  # most likely a known column misspelt: not kept, named
            problems.append(
                Problem(source, name, "(column)", f"a known column (did you mean {near[0]}?)")
            )
    present = [column for column in columns if column.name in frame.columns]
    for column in columns:
        if column.name not in frame.columns and column.required:
            problems.append(Problem(source, column.name, "(missing column)", column.allowed()))
    # Every column converted and checked in one polars pass; a flag column per check.
    checks = [_checks(column, frame.schema[column.name]) for column in present]
    converted = (
        frame.lazy()  # lazily, so polars computes each conversion once for its several uses
        .with_columns(
            [expression for check in checks for expression in check]
            + [
                pl.lit(None if c.required else c.default, dtype=_DTYPES[c.kind]).alias(c.name)
                for c in columns
                if c.name not in frame.columns
            ]
        )
        .collect()
    )
    flags = [_FAILED + c.name for c in present] + [_MISSING + c.name for c in present]
    counts = converted.select(pl.col(flags).sum()).row(0) if present else ()
    flagged = {name for name, count in zip(flags, counts, strict=True) if count}
    for column in present:
        if {_FAILED + column.name, _MISSING + column.name} & flagged:
            problems.extend(_column_problems(frame, converted, column, source))
    table = converted.select([pl.col(c.name).cast(_DTYPES[c.kind]) for c in columns])
    # Columns Townhall does not know are carried through to the outputs, as text.
    table = table.hstack([frame.get_column(name).cast(pl.String) for name in extra])
    if columns is COLUMNS:
        problems.extend(_row_rules(table, source))
    return table, problems


_FAILED, _MISSING = "\0failed\0", "\0missing\0"  # flag columns no file can name


@functools.cache
def _checks(column: Column, dtype: pl.DataType) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """The column converted to its type, and flags where a value will not convert or fit and
    where it is empty (a problem only for columns that need a value)."""
    text = pl.col(column.name).cast(pl.String).str.strip_chars()
    missing = text.is_null() | (text == "")
    converted = _converted(column, dtype, text)
    failed = ~missing & converted.is_null()
    if column.kind in ("int", "money", "number"):
        if column.minimum is not None:
            failed = failed | (converted < column.minimum).fill_null(False)
        if column.maximum is not None:
            failed = failed | (converted > column.maximum).fill_null(False)
    needed = column.required or (not column.nullable and column.default is None)
    if not needed and not column.nullable:
        converted = converted.fill_null(column.default)
    return (
        converted.alias(column.name),
        failed.alias(_FAILED + column.name),
        (missing & needed).alias(_MISSING + column.name),
    )


def _column_problems(
    frame: pl.DataFrame, converted: pl.DataFrame, column: Column, source: str
) -> list[Problem]:
    """A Problem for each value of one column that did not convert or fit, then each empty one."""
    failed = np.flatnonzero(converted.get_column(_FAILED + column.name).to_numpy())
    missing = np.flatnonzero(converted.get_column(_MISSING + column.name).to_numpy())
    text = frame.get_column(column.name).cast(pl.String).str.strip_chars()
    allowed = column.allowed()
    problems = [
        Problem(
            source,
            column.name,
            shorten(text[int(row)]),
            date_expected(text[int(row)], allowed) if column.kind == "date" else allowed,
            row=int(row) + 2,
        )
        for row in failed
    ]
    problems.extend(
        Problem(source, column.name, "(empty)", column.allowed(), row=int(row) + 2)
        for row in missing
    )
    return problems


def _converted(column: Column, dtype: pl.DataType, text: pl.Expr) -> pl.Expr:
    """How text in this column becomes a typed value (null where it cannot)."""
    if column.kind == "bool":
        return parsed_flag(text)
    if column.kind == "date":
        if dtype == pl.Date:
            return pl.col(column.name)
        if dtype == pl.Datetime:  # a date only at midnight: another time is a moment, refused
            moment = pl.col(column.name)
            return pl.when(moment.dt.truncate("1d") == moment).then(moment.cast(pl.Date))
        return parsed_date(text)
    if column.kind == "choice":
        return text.str.to_lowercase().replace_strict(
            {choice: choice for choice in column.choices}, default=None, return_dtype=pl.String
        )
    if column.kind == "band":
        return text.str.to_uppercase().replace_strict(
            {band: band for band in BANDS}, default=None, return_dtype=pl.String
        )
    if column.kind == "int":
        number = text.cast(pl.Float64, strict=False)
        return pl.when(number == number.round(0)).then(number).cast(pl.Int64)
    if column.kind in ("money", "number"):
        return parsed_number(text)
    return text


# Rules across columns: (the rule as a polars condition that is true where a row breaks it, the
# column to name, what was expected). Rows whose values did not convert are left to their own
# problem (a null makes the condition null, which is not a break).
_UC_AMOUNTS = (
    "uc_maximum_amount_monthly",
    "uc_award_monthly",
    "uc_earned_income_monthly",
    "uc_unearned_income_monthly",
    *(f"uc_{element}_monthly" for element in UC_ELEMENTS),
)
_NO_PARTNER = pl.col("partner_age").is_null()
_CROSS_FIELD_RULES: tuple[tuple[pl.Expr, str, str], ...] = (
    (
        (pl.col("children") > 0) & pl.col("youngest_child_age").is_null(),
        "youngest_child_age",
        "an age when children is above 0",
    ),
    *(
        (
            ~pl.col("universal_credit") & (pl.col(name) > 0),
            name,
            "0 unless universal_credit is true (a Universal Credit amount needs the flag)",
        )
        for name in _UC_AMOUNTS
    ),
    (
        pl.col("universal_credit") & (pl.col("uc_maximum_amount_monthly") <= 0),
        "uc_maximum_amount_monthly",
        "the UC maximum amount DWP reports, above 0, when universal_credit is true",
    ),
    (
        (pl.col("claimant_weekly_hours") + pl.col("partner_weekly_hours") > 0)
        & (pl.col("weekly_earnings") <= 0)
        & (pl.col("uc_earned_income_monthly") <= 0),
        "weekly_earnings",
        "earnings when hours of paid work are given (hours without work)",
    ),
    (
        (pl.col("weekly_child_care_charges") > 0) & (pl.col("children") <= 0),
        "weekly_child_care_charges",
        "0 when there are no children",
    ),
    (
        pl.col("children_in_child_care").fill_null(0) > pl.col("children"),
        "children_in_child_care",
        "no more than children",
    ),
    (
        (pl.col("weekly_child_care_charges") > 0) & (pl.col("children_in_child_care") == 0),
        "children_in_child_care",
        "1 or more when child care charges are given (or empty: every child)",
    ),
    (
        pl.col("children_in_child_allowance").fill_null(0) > pl.col("children"),
        "children_in_child_allowance",
        "no more than children",
    ),
    (
        pl.col("disabled_children").fill_null(0) > pl.col("children"),
        "disabled_children",
        "no more than children",
    ),
    (
        pl.col("enhanced_disability_children") > pl.col("children"),
        "enhanced_disability_children",
        "no more than children",
    ),
    (
        _NO_PARTNER & (pl.col("carers").fill_null(0) > 1),
        "carers",
        "at most 1 when there is no partner",
    ),
    (
        _NO_PARTNER
        & (
            (pl.col("partner_disability_benefit") != "none")
            | pl.col("partner_blind")
            | pl.col("partner_has_paid_carer")
            | (pl.col("partner_weekly_hours") > 0)
            | pl.col("partner_disregarded_for_discount")
            | pl.col("partner_student")
        ),
        "partner_age",
        "a partner's age when the partner's circumstances are given",
    ),
)


def _row_rules(table: pl.DataFrame, source: str) -> list[Problem]:
    """Rules across columns: unique claim ids, and the `_CROSS_FIELD_RULES`."""
    problems: list[Problem] = []
    claim_ids = table.get_column("claim_id")
    duplicated = (claim_ids.is_duplicated() & claim_ids.is_not_null()).to_numpy()
    problems.extend(
        Problem(
            source,
            "claim_id",
            str(claim_ids[int(row)]),
            "a claim_id used only once",
            row=int(row) + 2,
        )
        for row in np.flatnonzero(duplicated)
    )
    broken = table.select(
        [
            rule.fill_null(False).alias(str(index))
            for index, (rule, _, _) in enumerate(_CROSS_FIELD_RULES)
        ]
    )
    for index, (_, name, expected) in enumerate(_CROSS_FIELD_RULES):
        values = table.get_column(name)
        problems.extend(
            Problem(
                source,
                name,
                shorten(str(values[int(row)]) if values[int(row)] is not None else "(empty)"),
                expected,
                row=int(row) + 2,
            )
            for row in np.flatnonzero(broken.get_column(str(index)).to_numpy())
        )
    return problems


def _non_dependant_rules(
    claims: pl.DataFrame, non_dependants: pl.DataFrame, source: str
) -> list[Problem]:
    """Every non-dependant belongs to a claim in the caseload, a couple is two people, and the
    disability benefits they get are part of their gross income."""
    problems: list[Problem] = []
    over = non_dependants.get_column("weekly_disability_benefits") > non_dependants.get_column(
        "gross_weekly_income"
    )
    problems.extend(
        Problem(
            source,
            "weekly_disability_benefits",
            str(non_dependants.get_column("weekly_disability_benefits")[int(row)]),
            "no more than gross_weekly_income (the benefits are part of it)",
            row=int(row) + 2,
        )
        for row in np.flatnonzero(over.fill_null(False).to_numpy())
    )
    known = non_dependants.get_column("claim_id").is_in(claims.get_column("claim_id").implode())
    problems.extend(
        Problem(
            source,
            "claim_id",
            str(non_dependants.get_column("claim_id")[int(row)]),
            "a claim_id in the caseload",
            row=int(row) + 2,
        )
        for row in np.flatnonzero((~known).fill_null(False).to_numpy())
    )
    crowded = non_dependants.select(
        (pl.len().over("claim_id", "couple") > 2) & pl.col("couple").is_not_null()
    ).to_series()
    problems.extend(
        Problem(
            source,
            "couple",
            str(non_dependants.get_column("couple")[int(row)]),
            "a label shared by at most two non-dependants of one claim",
            row=int(row) + 2,
        )
        for row in np.flatnonzero(crowded.to_numpy())
    )
    return problems


def _capped(problems: list[Problem]) -> list[Problem]:
    """At most MAX_PROBLEMS problems, with a last line counting the rest."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = len(problems) - MAX_PROBLEMS
    return [*problems[:MAX_PROBLEMS], Problem("caseload", "…", f"{rest} more", "(not listed)")]
