"""The caseload's columns: name, type, unit, allowed values and meaning, declared once.

Validation, import and the documentation (`docs/caseload.md`) all read this table, so they cannot
disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColumnKind = Literal["text", "band", "bool", "int", "money", "number"]


@dataclass(frozen=True)
class Column:
    """One caseload column and the rule its values must follow."""

    name: str
    kind: ColumnKind
    description: str
    unit: str = ""
    required: bool = False
    default: object = None
    nullable: bool = False
    minimum: float | None = None
    maximum: float | None = None

    def allowed(self) -> str:
        """The allowed values in words, for errors and docs."""
        if self.kind == "band":
            return "a council tax band: A, B, C, D, E, F, G or H"
        if self.kind == "bool":
            return "true or false (also yes/no, y/n, 1/0)"
        if self.kind == "text":
            return "text"
        low = "" if self.minimum is None else f"from {self.minimum:g}"
        high = "" if self.maximum is None else f"to {self.maximum:g}"
        what = "a whole number" if self.kind == "int" else "a number"
        return " ".join(part for part in (what, low, high) if part)


COLUMNS: tuple[Column, ...] = (
    Column("claim_id", "text", "The claim's reference; unique in the file.", required=True),
    Column(
        "weight",
        "number",
        "How many claims this row stands for (a sample's grossing weight).",
        default=1.0,
        minimum=0.0,
    ),
    Column("ward", "text", "The ward the home is in, for breakdowns by ward.", nullable=True),
    Column("band", "band", "The home's council tax valuation band.", required=True),
    Column(
        "disabled_band_reduction",
        "bool",
        "The home gets the disabled band reduction (charged one band lower).",
        default=False,
    ),
    Column(
        "pensioner",
        "bool",
        "The claimant (or partner) has reached the qualifying age for pension credit.",
        required=True,
    ),
    Column(
        "claimant_age",
        "int",
        "The claimant's age.",
        unit="years",
        required=True,
        minimum=16,
        maximum=120,
    ),
    Column(
        "partner_age",
        "int",
        "The partner's age; empty when the claimant has no partner.",
        unit="years",
        nullable=True,
        minimum=16,
        maximum=120,
    ),
    Column(
        "children", "int", "Dependent children in the household.", default=0, minimum=0, maximum=20
    ),
    Column(
        "youngest_child_age",
        "int",
        "Age of the youngest dependent child; empty when there are none.",
        unit="years",
        nullable=True,
        minimum=0,
        maximum=19,
    ),
    Column(
        "passported",
        "bool",
        "The claimant gets Income Support, income-based JSA, income-related ESA or the pension "
        "credit guarantee credit, so gets maximum support without a means test.",
        default=False,
    ),
    Column(
        "weekly_earnings",
        "money",
        "Net earnings of claimant and partner.",
        unit="£ a week",
        default=0.0,
        minimum=0.0,
    ),
    Column(
        "weekly_other_income",
        "money",
        "Other income that counts (benefits that are not disregarded, pensions, maintenance).",
        unit="£ a week",
        default=0.0,
        minimum=0.0,
    ),
    Column(
        "capital",
        "money",
        "Savings and other capital of claimant and partner.",
        unit="£",
        default=0.0,
        minimum=0.0,
    ),
    Column("disability_premium", "bool", "A disability premium is included.", default=False),
    Column(
        "disabled_child_premium", "bool", "A disabled child premium is included.", default=False
    ),
    Column(
        "war_pension", "bool", "The claimant or partner gets a war-related pension.", default=False
    ),
    Column("carer", "bool", "The claimant or partner is a carer (carer premium).", default=False),
    Column(
        "non_dependants",
        "int",
        "Other adults living in the home (grown-up children, relatives) who are not the partner.",
        default=0,
        minimum=0,
        maximum=10,
    ),
    Column(
        "non_dependant_gross_weekly_income",
        "money",
        "Gross income of each non-dependant.",
        unit="£ a week",
        default=0.0,
        minimum=0.0,
    ),
    Column(
        "non_dependants_passported",
        "bool",
        "The non-dependants get Income Support, income-based JSA/ESA or pension credit "
        "(no deduction).",
        default=False,
    ),
)

COLUMN_BY_NAME: dict[str, Column] = {column.name: column for column in COLUMNS}


def markdown_table() -> str:
    """The schema as the Markdown table in docs/caseload.md (a test keeps the two the same)."""
    lines = [
        "| column | required | unit | allowed values | default | meaning |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for column in COLUMNS:
        if column.required:
            required, default = "yes", ""
        else:
            required = "no"
            default = "empty" if column.nullable else str(column.default).lower()
        lines.append(
            f"| `{column.name}` | {required} | {column.unit} | {column.allowed()} | {default} "
            f"| {column.description} |"
        )
    return "\n".join(lines) + "\n"
