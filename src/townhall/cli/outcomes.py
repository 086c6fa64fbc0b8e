"""`townhall outcomes`: outcomes contracts, payments by results, the ledger and gaming checks."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from townhall.cli.output import UserError, console, user_errors

if TYPE_CHECKING:
    from townhall.outcomes.records import Records

app = typer.Typer(
    help="Outcomes contracts: payments by results, the verification ledger, gaming checks.",
    no_args_is_help=True,
)

ContractArgument = Annotated[str, typer.Argument(help="A bundled contract name or a .toml file.")]
PeopleOption = Annotated[
    Path,
    typer.Option(
        "--data", help="Cohort members: person_id, cohort, group, start_date, covariates (CSV)."
    ),
]
EventsOption = Annotated[
    Path, typer.Option("--events", help="Events: person_id, kind, date, end_date (CSV).")
]
DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        help="Ledger database URL (default: TOWNHALL_DATABASE_URL or sqlite:///townhall-ledger.db).",
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(help="Measure only people whose window and data lag have passed by this date."),
]
ActorOption = Annotated[str, typer.Option(help="Who is acting (a name or organisation).")]


def _ledger(database: str | None, create: bool = True) -> Any:
    """The ledger named by --database or the environment; `create=False` refuses a missing one."""
    from townhall.outcomes.ledger import Ledger, LedgerError

    try:
        return Ledger(
            database or os.environ.get("TOWNHALL_DATABASE_URL", "sqlite:///townhall-ledger.db"),
            create=create,
        )
    except LedgerError as error:
        raise UserError(str(error)) from None


def _ledger_key() -> bytes | None:
    """The key heads are signed with: TOWNHALL_LEDGER_KEY, or the file TOWNHALL_LEDGER_KEY_FILE."""
    key = os.environ.get("TOWNHALL_LEDGER_KEY")
    if key:
        return key.encode()
    key_file = os.environ.get("TOWNHALL_LEDGER_KEY_FILE")
    if key_file:
        try:
            return Path(key_file).read_bytes().strip()
        except OSError as error:
            raise UserError(
                f"TOWNHALL_LEDGER_KEY_FILE names {key_file}, which cannot be read: {error.strerror}."
            ) from None
    return None


@app.command("contracts")
@user_errors
def contracts() -> None:
    """List the bundled contracts."""
    from townhall.outcomes.spec import bundled_contract_names, load_contract

    for name in bundled_contract_names():
        contract = load_contract(name)
        console.print(f"[bold]{name}[/]: {contract.title}")


@app.command("show")
@user_errors
def show(contract: ContractArgument) -> None:
    """Every rule of a contract with its source."""
    from rich.table import Table

    from townhall.outcomes.spec import load_contract

    loaded = load_contract(contract)
    console.print(f"[bold]{loaded.title}[/] ({loaded.name})\n{loaded.description}")
    table = Table()
    for column in ("clause", "rule", "source"):
        table.add_column(column, overflow="fold")
    for part in ("metric", "baseline", "threshold", "price", "fees", "caps"):
        section = getattr(loaded, part)
        rules = ", ".join(
            f"{k} {v}"
            for k, v in section.model_dump(exclude={"source"}).items()
            if v not in (None, [], "")
        )
        table.add_row(part, rules, section.source)
    value = loaded.value
    if value is not None:
        parts = [("value.savings", part) for part in value.savings] + [
            (f"value.{name}", getattr(value, name))
            for name in ("delivery", "investment", "limits")
            if getattr(value, name) is not None
        ]
        for clause, section in parts:
            rules = ", ".join(
                f"{k} {v}"
                for k, v in section.model_dump(exclude={"source"}).items()
                if v not in (None, [], "", {})
            )
            table.add_row(clause, rules, section.source)
    console.print(table)


@app.command("validate")
@user_errors
def validate(contract: ContractArgument) -> None:
    """Check a contract file; every problem is listed at once."""
    from townhall.outcomes.spec import load_contract

    console.print(f"[green]✓[/] {load_contract(contract).title} is a valid contract.")


@app.command("pay")
@user_errors
def pay(
    contract: ContractArgument,
    data: PeopleOption,
    events: EventsOption,
    as_of: AsOfOption = None,
    record: Annotated[
        bool, typer.Option("--record", help="Record the computation in the ledger.")
    ] = False,
    actor: ActorOption = "commissioner",
    database: DatabaseOption = None,
    csv: Annotated[Path | None, typer.Option(help="Write the payment lines as CSV.")] = None,
    xlsx: Annotated[
        Path | None, typer.Option(help="Write the payment lines and cohorts to Excel.")
    ] = None,
    report: Annotated[
        Path | None, typer.Option(help="Write the period's HTML report here.")
    ] = None,
    period: Annotated[
        str, typer.Option(help="The contract period, for the report's title.")
    ] = "this period",
    checks: Annotated[
        bool, typer.Option("--audit", help="Run the gaming checks and put them in the report.")
    ] = False,
) -> None:
    """Compute what a contract owes from validated outcome records, line by line."""
    from rich.table import Table

    from townhall.input_files import refuse_overwriting_inputs
    from townhall.outcomes.payments import compute_payment
    from townhall.outcomes.spec import load_contract

    for option, output in (("csv", csv), ("xlsx", xlsx), ("report", report)):
        refuse_overwriting_inputs(output, data, events, Path(contract), option=f"--{option}")
    loaded = load_contract(contract)
    records = _records(data, events)
    result = compute_payment(loaded, records, as_of)
    cohorts = Table(title=f"{loaded.title}")
    for column in ("cohort", "members", "outcome", "baseline", "improvement", "p-value", "paid"):
        cohorts.add_column(column, justify="right" if column != "cohort" else "left")
    for c in [*result.cohorts, result.pooled]:
        p_value = "" if c.test is None else f"{c.test.p_value:.4f}"
        paid = "" if c.cohort == "all cohorts" else ("yes" if c.qualified else "no")
        cohorts.add_row(
            c.cohort,
            f"{c.members:,}",
            f"{c.treated_value:.4f}",
            f"{c.baseline_value:.4f}",
            f"{c.improvement:+.1%}",
            p_value,
            paid,
        )
    console.print(cohorts)
    for line in result.lines:
        console.print(
            f"[bold]{line.item}[/] (clause: {line.clause}): £{line.amount:,}\n   {line.working}",
            soft_wrap=True,
        )
    console.print(
        f"[bold]Total payable: £{result.total:,}[/]"
        + (f"  ({result.not_yet_due:,} people not yet due)" if result.not_yet_due else "")
    )
    if loaded.price.illustrative:
        console.print(
            "[yellow]The price in this contract is illustrative: no published price was found.[/]"
        )
    if csv is not None or xlsx is not None:
        _write_lines(result, csv, xlsx)
    if report is not None:
        from townhall.outcomes.report import build_report

        build_report(
            result,
            _checks(loaded, records, None, None, None, None) if checks else [],
            period,
            _value(loaded, records, as_of, result),
        ).write(report)
        console.print(f"Wrote {report}")
    if record:
        from townhall.outcomes.verification import record_computation

        contract_path = Path(contract)
        contract_text = (
            contract_path.read_bytes() if contract_path.exists() else _bundled_bytes(contract)
        )
        entry = record_computation(
            _ledger(database),
            contract_text,
            data.read_bytes(),
            events.read_bytes(),
            as_of,
            result,
            actor,
            "commissioner",
        )
        console.print(f"Recorded as ledger entry {entry}.")


def _value(contract: Any, records: Any, as_of: str | None, payment: Any) -> Any:
    """The value-for-money account and other baselines, when the contract carries value data."""
    if contract.value is None:
        return None
    from townhall.outcomes.sensitivity import sensitivity
    from townhall.outcomes.value import compute_value

    alternatives = sensitivity(contract, records, as_of, payment)
    return compute_value(contract, payment), alternatives


def _bundled_bytes(name: str) -> bytes:
    from importlib import resources

    return resources.files("townhall.outcomes.contracts").joinpath(f"{name}.toml").read_bytes()


def _write_lines(result: Any, csv: Path | None, xlsx: Path | None) -> None:
    import polars as pl

    from townhall.reports.csv_files import write_csv
    from townhall.reports.excel import write_workbook

    lines = result.lines_table()
    if csv is not None:
        write_csv(lines, csv)
        console.print(f"Wrote {csv}")
    if xlsx is not None:
        cohorts = pl.DataFrame(
            [
                {
                    "cohort": c.cohort,
                    "members": c.members,
                    "outcome": c.treated_value,
                    "baseline": c.baseline_value,
                    "improvement": c.improvement,
                    "paid": c.qualified,
                }
                for c in [*result.cohorts, result.pooled]
            ]
        )
        write_workbook(
            xlsx,
            {"Payment lines": lines, "Cohorts": cohorts},
            money=("amount",),
            percent=("improvement",),
        )
        console.print(f"Wrote {xlsx}")


@app.command("value")
@user_errors
def value(
    contract: ContractArgument,
    data: PeopleOption,
    events: EventsOption,
    as_of: AsOfOption = None,
    csv: Annotated[Path | None, typer.Option(help="Write the per-period figures as CSV.")] = None,
    xlsx: Annotated[
        Path | None,
        typer.Option(help="Write the periods, the working and the sensitivity to Excel."),
    ] = None,
) -> None:
    """What the public got for the money: payments, saving, deadweight, margin, investor return,
    the commissioner's limits, and the payment under other baselines."""
    from rich.table import Table

    from townhall.input_files import refuse_overwriting_inputs
    from townhall.outcomes.payments import compute_payment
    from townhall.outcomes.sensitivity import sensitivity
    from townhall.outcomes.spec import load_contract
    from townhall.outcomes.value import compute_value, money
    from townhall.outcomes.value_tables import (
        DISPLAY_COLUMNS,
        figures_table,
        periods_display,
        periods_table,
        sensitivity_table,
    )

    for option, output in (("csv", csv), ("xlsx", xlsx)):
        refuse_overwriting_inputs(output, data, events, Path(contract), option=f"--{option}")
    loaded = load_contract(contract)
    records = _records(data, events)
    payment = compute_payment(loaded, records, as_of)
    result = compute_value(loaded, payment)
    alternatives = sensitivity(loaded, records, as_of, payment)
    shown = Table(title=f"Value for money: {loaded.title}")
    for column in DISPLAY_COLUMNS:
        shown.add_column(column, justify="left" if column == "period" else "right", overflow="fold")
    for row in periods_display(result):
        shown.add_row(*row)
    console.print(shown)
    console.print("[bold]The working[/]")
    for figure in result.figures:
        console.print(
            f"[bold]{figure.measure}[/]: {figure.shown}\n   {figure.working}\n   source: {figure.source}",
            soft_wrap=True,
        )
    if result.breaches:
        console.print(f"[bold red]{len(result.breaches)} limit(s) passed[/]")
        for breach in result.breaches:
            console.print(
                f"[red]•[/] {breach.limit}: {breach.figure}; {breach.reading}", soft_wrap=True
            )
    elif loaded.value is not None and loaded.value.limits is not None:
        console.print(
            f"[green]✓[/] Within every limit the commissioner set ({loaded.value.limits.source})."
        )
    else:
        console.print("The contract sets no limits on payments, returns or margins.")
    alternative = Table(title="The same outcomes against other baselines")
    for column in ("baseline", "rate", "payment", "difference", "public saving", "deadweight"):
        alternative.add_column(
            column, justify="left" if column == "baseline" else "right", overflow="fold"
        )
    for other in alternatives:
        alternative.add_row(
            other.baseline,
            f"{other.rate:.4f}",
            f"£{other.payment:,}",
            money(other.difference, signed=True),
            "" if other.saving is None else money(other.saving),
            "" if other.deadweight is None else money(other.deadweight),
        )
    console.print(alternative)
    if csv is not None:
        from townhall.reports.csv_files import write_csv

        write_csv(periods_table(result), csv)
        console.print(f"Wrote {csv}")
    if xlsx is not None:
        from townhall.reports.excel import write_workbook

        write_workbook(
            xlsx,
            {
                "Value by period": periods_table(result),
                "Working": figures_table(result),
                "Other baselines": sensitivity_table(alternatives),
            },
            money=(
                "payments",
                "saving",
                "deadweight",
                "delivery_cost",
                "margin",
                "payment",
                "difference",
            ),
            percent=("share_of_saving",),
        )
        console.print(f"Wrote {xlsx}")


@app.command("submit")
@user_errors
def submit(
    file: Annotated[Path, typer.Argument(help="The data file submitted.")],
    kind: Annotated[str, typer.Option(help="people, events or contract.")] = "people",
    actor: ActorOption = "provider",
    role: Annotated[str, typer.Option(help="provider or commissioner.")] = "provider",
    database: DatabaseOption = None,
) -> None:
    """Record a data submission: the file's hash and who submitted it."""
    from townhall.input_files import check_input_file
    from townhall.outcomes.verification import record_submission

    if role not in ("provider", "commissioner"):
        raise UserError("Only a provider or a commissioner submits data.")
    if kind not in ("people", "events", "contract"):
        raise UserError(f"--kind {kind!r}: a submission is people, events or contract.")
    check_input_file(file, "the data file to submit")
    entry = record_submission(_ledger(database), file.name, file.read_bytes(), kind, actor, role)  # type: ignore[arg-type]
    console.print(f"Recorded {file.name} as ledger entry {entry}.")


@app.command("sign-off")
@user_errors
def sign_off(
    computation: Annotated[int, typer.Argument(help="The ledger entry of the computation.")],
    decision: Annotated[str, typer.Option(help="approved or rejected.")] = "approved",
    note: Annotated[str, typer.Option(help="The verifier's note.")] = "",
    actor: ActorOption = "verifier",
    database: DatabaseOption = None,
) -> None:
    """A verifier's sign-off of a recorded computation."""
    from townhall.outcomes.ledger import LedgerError
    from townhall.outcomes.verification import record_sign_off

    if decision not in ("approved", "rejected"):
        raise UserError("The decision is approved or rejected.")
    try:
        entry = record_sign_off(
            _ledger(database, create=False), computation, decision, note[:2000], actor, "verifier"
        )
    except LedgerError as error:
        raise UserError(str(error)) from None
    console.print(f"Recorded the sign-off as ledger entry {entry}.")


@app.command("verify")
@user_errors
def verify(
    database: DatabaseOption = None,
    anchor: Annotated[
        str | None,
        typer.Option(
            help="A published head (the file `outcomes head --out` wrote, or its hash) that the "
            "ledger must still contain."
        ),
    ] = None,
) -> None:
    """Check the ledger's chain and recompute every recorded payment; exit 1 on any problem."""
    from townhall.outcomes.verification import verify as verify_ledger

    ledger = _ledger(database, create=False)
    findings = verify_ledger(ledger)
    if anchor is not None:
        findings += _anchor_findings(ledger, anchor)
    count = len(ledger.entries())
    if findings:
        for finding in findings:
            where = f"Entry {finding.entry_id}" if finding.entry_id else "Ledger"
            console.print(f"[bold red]{where}[/]: {finding.problem}", soft_wrap=True)
        raise typer.Exit(1)
    against = " and holds the published head" if anchor is not None else ""
    console.print(
        f"[green]✓[/] {count} entries: the chain is whole{against}, and every recorded payment "
        "recomputes exactly.",
        soft_wrap=True,
    )


def _anchor_findings(ledger: Any, anchor: str) -> list[Any]:
    """The ledger checked against a published head (a head file or a bare hash), its signature
    checked with the ledger key when the head is signed."""
    from townhall.outcomes.anchor import check_anchor, read_anchor, signature_holds
    from townhall.outcomes.verification import Finding

    path = Path(anchor)
    if path.is_file():
        head = read_anchor(_text_of(path), str(path))
    elif len(anchor) == 64 and all(c in "0123456789abcdefABCDEF" for c in anchor):
        head = read_anchor(anchor, "--anchor")
    else:
        raise UserError(
            f"--anchor {anchor!r} is neither a head file nor a 64-hex-digit entry hash."
        )
    findings = []
    if head.signature is not None:
        key = _ledger_key()
        if key is None:
            raise UserError(
                "The published head is signed: set TOWNHALL_LEDGER_KEY (or "
                "TOWNHALL_LEDGER_KEY_FILE) to the ledger key to check its signature."
            )
        if not signature_holds(head, key):
            findings.append(
                Finding(
                    0,
                    "the published head's signature does not match: it was altered, or signed "
                    "with another key",
                )
            )
    elif head.entries >= 0:
        console.print("[yellow]The published head is not signed: only its hash is checked.[/]")
    return findings + check_anchor(ledger, head)


def _text_of(path: Path) -> str:
    """A small text file's content, refused clearly when it is not UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UserError(f"{path} is not UTF-8 text: it is not a head file.") from None


def _refuse_overwriting_the_ledger(out: Path | None, ledger: Any) -> None:
    """An output path that is a folder, or the SQLite ledger itself, is refused."""
    from townhall.input_files import refuse_overwriting_inputs

    refuse_overwriting_inputs(out, Path(ledger.where) if ledger.is_sqlite else None, option="--out")


@app.command("head")
@user_errors
def head(
    out: Annotated[
        Path | None, typer.Option(help="Also write the head as JSON here, to publish.")
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """The ledger's head (last entry's hash and the entry count), signed with the ledger key."""
    from townhall.outcomes.anchor import current_head, sign
    from townhall.reports.files import atomic_path

    ledger = _ledger(database, create=False)
    _refuse_overwriting_the_ledger(out, ledger)
    found = current_head(ledger)
    key = _ledger_key()
    if key is not None:
        found = sign(found, key)
    console.print(f"head       {found.entry_hash}")
    console.print(f"entries    {found.entries}")
    console.print(f"signature  {found.signature or '(unsigned: TOWNHALL_LEDGER_KEY is not set)'}")
    if out is not None:
        with atomic_path(out) as temporary:
            temporary.write_text(found.document(), encoding="utf-8")
        console.print(f"Wrote {out}: publish it, then check with `outcomes verify --anchor {out}`.")


@app.command("export")
@user_errors
def export(
    out: Annotated[Path, typer.Option(help="Where to write the public record (JSON).")] = Path(
        "outcomes-public.json"
    ),
    database: DatabaseOption = None,
) -> None:
    """The transparency export: payments, lines and sign-offs, aggregates only; and the head."""
    from townhall.outcomes.anchor import current_head
    from townhall.outcomes.verification import transparency_export
    from townhall.reports.files import atomic_path

    ledger = _ledger(database, create=False)
    _refuse_overwriting_the_ledger(out, ledger)
    with atomic_path(out) as temporary:
        temporary.write_text(
            json.dumps(transparency_export(ledger), indent=2, ensure_ascii=False),
            encoding="utf-8",
        )
    head = current_head(ledger)
    console.print(
        f"Wrote {out}. Ledger head {head.entry_hash} after {head.entries} entries "
        "(`outcomes head --out` writes it signed, to publish)."
    )


@app.command("audit")
@user_errors
def audit(
    contract: ContractArgument,
    data: PeopleOption,
    events: EventsOption,
    risk: Annotated[
        str | None,
        typer.Option(help="The people column that measures risk (default: the first covariate)."),
    ] = None,
    effort: Annotated[
        str | None,
        typer.Option(help="A people column of effort (hours, contacts) for the parking check."),
    ] = None,
    amounts: Annotated[
        Path | None,
        typer.Option(help="A CSV of reported figures for the Benford test (first numeric column)."),
    ] = None,
    schedule: Annotated[
        Path | None, typer.Option(help="A CSV of period,target,achieved for the padding check.")
    ] = None,
) -> None:
    """Gaming checks: bunching at the threshold, cream-skimming, parking, Benford, target padding."""
    from rich.table import Table

    from townhall.outcomes.spec import load_contract

    loaded = load_contract(contract)
    results = _checks(loaded, _records(data, events), risk, effort, amounts, schedule)
    shown = Table(title=f"Gaming checks: {loaded.name}")
    for column in ("check", "statistic", "p-value", "flag", "reading"):
        shown.add_column(column, overflow="fold")
    for result in results:
        p_value = "" if result.p_value is None else f"{result.p_value:.3g}"
        shown.add_row(
            result.check,
            f"{result.statistic:.3f}",
            p_value,
            "[red]FLAG[/]" if result.flagged else "ok",
            result.reading,
        )
    console.print(shown)
    if not any(result.flagged for result in results):
        console.print("No check flagged gaming.")


def _records(data: Path, events: Path) -> Records:
    """The validated records, saying which columns of text in the people file were left out."""
    from townhall.outcomes.records import read_records

    records = read_records(data, events)
    for name in records.ignored:
        console.print(f"column {name} ignored: not a number, so not used as a covariate")
    return records


def _checks(
    contract: Any,
    records: Any,
    risk: str | None,
    effort: str | None,
    amounts: Path | None,
    schedule: Path | None,
) -> list[Any]:
    """Run the gaming checks that fit, turning a bad column choice into a clear error."""

    from townhall.input_files import check_input_file
    from townhall.outcomes.gaming.run import run_checks

    for given in (amounts, schedule):
        if given is not None:
            check_input_file(given, "an existing CSV file")
    amount_values = None
    if amounts is not None:
        table = _read_csv(amounts)
        numeric = [c for c, t in table.schema.items() if t.is_numeric()]
        if not numeric:
            raise UserError(f"{amounts} has no numeric column for the Benford test.")
        amount_values = table[numeric[0]].to_numpy().astype(float)
    schedule_table = _read_csv(schedule) if schedule is not None else None
    if schedule_table is not None and not {"period", "target", "achieved"} <= set(
        schedule_table.columns
    ):
        raise UserError(f"{schedule} needs the columns period, target and achieved.")
    try:
        return run_checks(contract, records, risk, effort, amount_values, schedule_table)
    except ValueError as error:
        raise UserError(str(error)) from None


def _read_csv(path: Path) -> Any:
    """A small CSV of figures, or a clear error when it cannot be read as one."""
    import polars as pl

    try:
        return pl.read_csv(path)
    except pl.exceptions.PolarsError as error:
        raise UserError(f"{path} cannot be read as CSV: {error}") from None


@app.command("detection")
@user_errors
def detection(
    runs: Annotated[
        int, typer.Option(help="Seeded synthetic data sets per check and strength.")
    ] = 50,
) -> None:
    """Measure each gaming check's detection rate at several injected strengths (0 = false alarms)."""
    from rich.table import Table

    from townhall.outcomes.gaming.detection import detection_rates

    rates = detection_rates(runs=runs)
    table = Table(title=f"Detection rates over {runs} seeded data sets")
    for column in rates.columns:
        table.add_column(column)
    for row in rates.iter_rows():
        table.add_row(row[0], f"{row[1]:.1f}", str(row[2]), f"{row[3]:.0%}")
    console.print(table)


@app.command("sample")
@user_errors
def sample(
    contract: ContractArgument,
    members: Annotated[int, typer.Option(help="Treated cohort members.", min=1)] = 2000,
    events_per_member: Annotated[
        float, typer.Option(help="Average events per member before the effect.", min=0)
    ] = 1.5,
    out: Annotated[Path, typer.Option(help="Folder for people.csv and events.csv.")] = Path(
        "outcomes-sample"
    ),
    seed: Annotated[int, typer.Option()] = 1,
) -> None:
    """Write synthetic people and events for a contract, to try `pay` and `audit` on."""
    from townhall.outcomes.sample_data import synthetic_records
    from townhall.outcomes.spec import load_contract
    from townhall.reports.csv_files import write_csv

    people, events = synthetic_records(load_contract(contract), members, events_per_member, seed)
    write_csv(people, out / "people.csv")
    write_csv(events, out / "events.csv")
    console.print(
        f"Wrote {out / 'people.csv'} ({people.height:,} people) and {out / 'events.csv'} ({events.height:,} events)."
    )
