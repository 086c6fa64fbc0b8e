"""Responses exported for officers carry no formula whatever residents typed: each character a
spreadsheet would run (=, +, -, @, tab, carriage return) comes out inert in CSV and in Excel."""

from __future__ import annotations

import csv
import io

import openpyxl
from consult_client import Service
from test_consult_results import add_response

from townhall.reports.cells import FORMULA_TRIGGERS

TYPED = [f'{trigger}HYPERLINK("http://evil.example","x")' for trigger in FORMULA_TRIGGERS]


def test_every_dangerous_start_is_inert_in_both_exports(demo_service: Service) -> None:
    for text in [*TYPED, "-5 is too much"]:
        add_response(demo_service, "Aston", "Disagree", text)
    officer = demo_service.signed_in("officer@example.org")
    exported = officer.get("/staff/consultations/1/export/responses.csv").content.decode()
    rows = list(csv.reader(io.StringIO(exported, newline="")))
    last_column = [row[-1] for row in rows[1:]]
    assert last_column == ["'" + text for text in [*TYPED, "-5 is too much"]]
    workbook = openpyxl.load_workbook(
        io.BytesIO(officer.get("/staff/consultations/1/export/responses.xlsx").content)
    )
    cells = [cell for row in workbook["Responses"].iter_rows(min_row=2) for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    answers = [cell for cell in cells if isinstance(cell.value, str) and "HYPERLINK" in cell.value]
    assert len(answers) == len(TYPED) and all(cell.quotePrefix for cell in answers)
