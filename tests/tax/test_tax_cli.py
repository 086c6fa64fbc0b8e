"""`townhall tax` as a user runs it: listing, showing, running, the household calculator, errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from townhall.cli import app

SAMPLE = Path(__file__).parents[2] / "src/townhall/tax/samples/sample-caseload.csv"
runner = CliRunner()


def test_schemes_lists_the_bundled_schemes() -> None:
    result = runner.invoke(app, ["tax", "schemes"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "birmingham-2013" in result.output and "E08000025" in result.output


def test_show_prints_parameters_with_sources() -> None:
    result = runner.invoke(app, ["tax", "show", "birmingham-2013"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "24.0%" in result.output and "Seed" in result.output


def test_run_on_a_caseload_file_prints_totals() -> None:
    result = runner.invoke(
        app, ["tax", "run", "birmingham-2013", "--caseload", str(SAMPLE)], env={"COLUMNS": "120"}
    )
    assert result.exit_code == 0, result.output
    assert "Cost of support" in result.output and "Working age" in result.output


def test_run_writes_every_claims_result(tmp_path: Path) -> None:
    output = tmp_path / "results.csv"
    result = runner.invoke(
        app, ["tax", "run", "ctb-2012", "--caseload", str(SAMPLE), "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert output.read_text().startswith("claim_id,weight,band")


def test_household_json_has_the_documented_keys() -> None:
    result = runner.invoke(
        app,
        [
            "tax",
            "household",
            "--scheme",
            "birmingham-2013",
            "--band",
            "A",
            "--age",
            "40",
            "--partner-age",
            "38",
            "--passported",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    # The whole 2013/14 Band A bill (city, police and fire) is £845.95; 24% of it is £203.03, of
    # which the city's own part is £178.19, £3.43 a week: the seed's figures.
    assert figures["liability_yearly"] == 845.95
    assert figures["award_yearly"] == 642.92
    assert figures["to_pay_yearly"] == 203.03
    assert figures["to_pay_weekly"] == 3.90
    assert figures["council_to_pay_yearly"] == 178.19
    assert figures["council_to_pay_weekly"] == 3.43


def test_household_explains_each_step() -> None:
    result = runner.invoke(
        app,
        ["tax", "household", "--band", "A", "--age", "30", "--weekly-earnings", "100"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0
    assert "single person discount" in result.output
    # £100 less the £5 disregard is £95, £23.30 above the 2013/14 allowance of £71.70.
    assert "20% of the £23.30 above it" in result.output


def test_household_with_universal_credit_elements() -> None:
    # Dover disregards the housing element (para 13.2(a)): (£900 − £500 + £100) × 12/52 = £115.38,
    # the 75% band for a single person; Band A after the discount £1,138.49 × 0.75 → £853.87.
    uc = ["--universal-credit", "--uc-maximum", "1200", "--uc-award", "900", "--uc-earnings", "100"]
    command = ["tax", "household", "--scheme", "dover-2026", "--band", "A", "--age", "30", *uc]
    result = runner.invoke(app, [*command, "--uc-element", "housing_element=500"])
    assert result.exit_code == 0, result.output
    assert "£115.38" in result.output and "£853.87" in result.output
    wrong = runner.invoke(app, [*command, "--uc-element", "rent=500"], env={"COLUMNS": "200"})
    assert wrong.exit_code == 1 and "housing_element" in wrong.output
    assert "Traceback" not in wrong.output


def test_bad_caseload_lists_problems_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    path.write_text("claim_id,band,pensioner,claimant_age\na,Z,maybe,40\n")
    result = runner.invoke(
        app, ["tax", "run", "birmingham-2013", "--caseload", str(path)], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 1
    assert "2 problems found" in result.output and "Nothing was loaded" in result.output
    assert "Traceback" not in result.output


def test_unknown_scheme_and_bad_household_are_clear_errors() -> None:
    result = runner.invoke(app, ["tax", "run", "birminghm-2013"], env={"COLUMNS": "200"})
    assert result.exit_code == 1 and "birmingham-2013" in result.output
    result = runner.invoke(
        app, ["tax", "household", "--band", "Q", "--children", "2"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 1
    assert "band" in result.output and "youngest" in result.output


def test_run_reads_a_non_dependants_file_and_lists_its_problems(tmp_path: Path) -> None:
    claims = tmp_path / "claims.csv"
    claims.write_text("claim_id,band,pensioner,claimant_age,passported\na,A,no,40,yes\n")
    adults = tmp_path / "adults.csv"
    adults.write_text("claim_id,gross_weekly_income,works_16_hours_or_more\na,300,yes\n")
    output = tmp_path / "out.csv"
    result = runner.invoke(
        app,
        [
            "tax",
            "run",
            "default-2013",
            "--caseload",
            str(claims),
            "--non-dependants",
            str(adults),
            "--output",
            str(output),
        ],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    # Band A £845.95 (no single person discount: another adult lives there); one working
    # non-dependant on £300 a week (2013/14: £7.25 band from £186): £845.95 − £7.25 × 365/7.
    assert True
    out = output.read_text()
    assert "467.91" in out  # £845.95 − £378.04
    adults.write_text("claim_id,gross_weekly_income,benefit\nb,300,maybe\n")
    result = runner.invoke(
        app,
        ["tax", "run", "default-2013", "--caseload", str(claims), "--non-dependants", str(adults)],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 1
    assert "2 problems found" in result.output and "Traceback" not in result.output


def test_reconcile_names_a_parish_precept_and_the_model_runs_on_actual_bills(
    tmp_path: Path,
) -> None:
    # Four couples on full support in Band D under default-2013 (whole bill £1,268.92). Three live
    # in a parish whose precept is £45 at Band D, so their actual bill is £1,313.92; the fourth
    # matches. The council's system awards each the full actual bill.
    claims = tmp_path / "claims.csv"
    rows = [
        "claim_id,band,pensioner,claimant_age,partner_age,passported,actual_liability_yearly,"
        "current_award_yearly,Parish"
    ]
    for index, bill in enumerate([1313.92, 1313.92, 1313.92, 1268.92]):
        rows.append(f"c{index},D,no,40,38,yes,{bill},{bill},{'Frankley' if index < 3 else ''}")
    claims.write_text("\n".join(rows) + "\n")
    workbook = tmp_path / "reconciliation.xlsx"
    result = runner.invoke(
        app,
        ["tax", "reconcile", "default-2013", "--caseload", str(claims), "--xlsx", str(workbook)],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "Liability: the model gives £135.00 a year less than the actual" in result.output
    assert "3 homes' actual bills are £45 higher at Band D" in result.output
    assert workbook.exists()
    output = tmp_path / "results.csv"
    result = runner.invoke(
        app,
        [
            "tax",
            "run",
            "default-2013",
            "--caseload",
            str(claims),
            "--actual-liability",
            "--output",
            str(output),
        ],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    text = output.read_text()
    assert text.count("1313.92") >= 6 and "Frankley" in text  # own columns carried through


def test_an_output_that_would_overwrite_the_caseload_is_refused(tmp_path: Path) -> None:
    claims = tmp_path / "claims.csv"
    claims.write_text("claim_id,band,pensioner,claimant_age\na,A,no,40\n")
    before = claims.read_text()
    result = runner.invoke(
        app,
        ["tax", "run", "default-2013", "--caseload", str(claims), "--output", str(claims)],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert claims.read_text() == before
    result = runner.invoke(
        app,
        ["tax", "run", "default-2013", "--caseload", str(claims), "--output", str(tmp_path)],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 1 and "not a folder" in result.output
