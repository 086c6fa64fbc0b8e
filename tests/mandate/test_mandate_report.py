"""The diagram, the offline HTML report and the Excel workbook."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from townhall.mandate.diagram import SHAPES, diagram_sentences, map_chart
from townhall.mandate.register import load_bundled, load_register_file
from townhall.mandate.report import build_report, write_excel

TINY = Path(__file__).parent / "data" / "tiny.toml"


def test_diagram_encodes_selection_by_shape_and_role_by_dash() -> None:
    spec = map_chart(load_register_file(TINY)).to_dict()
    layers = spec["layer"]
    lines, points = layers[0], layers[1]
    assert lines["encoding"]["strokeDash"]["field"] == "role"
    assert points["encoding"]["shape"]["scale"]["range"] == list(SHAPES.values())
    labels = {row["label"] for row in layers[2]["data"]["values"]}
    assert "Mayor of Tinyshire (directly elected)" in labels
    # one line (two points) for each of the 11 roles
    assert len(lines["data"]["values"]) == 22


def test_text_alternative_names_deciders_and_how_they_are_chosen() -> None:
    sentences = diagram_sentences(load_register_file(TINY))
    assert sentences[0] == (
        "Adult social care: decided by Tinyshire Council (elected locally); NHS Tinyshire ICB funds."
    )
    assert "Libraries: no deciding body recorded; Tinyshire Council runs." in sentences


def test_html_report_is_offline_and_holds_the_map(tmp_path: Path) -> None:
    path = build_report(load_bundled("birmingham")).write(tmp_path / "map.html")
    html = path.read_text(encoding="utf-8")
    assert "<svg" in html and "Who has a part in each service in Birmingham" in html
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=[\"']https?:", html)
    assert "<script" not in html
    assert "The Planning Inspectorate" in html and "25 November 2026" in html
    assert "missing: excluded" in html
    assert "30.9%" in html  # share of recorded spending under directly elected control


def test_excel_reads_back(tmp_path: Path) -> None:
    path = write_excel(load_register_file(TINY), tmp_path / "map.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["measures", "services", "roles", "bodies", "spending"]
    spending = list(workbook["spending"].iter_rows(values_only=True))
    header = spending[0]
    rows = {row[0]: dict(zip(header, row, strict=True)) for row in spending[1:]}
    assert rows["Tinyshire Council"]["amount_yearly"] == 100_000_000
    assert rows["Tinyshire Hospitals NHS Trust"]["status"] == "not counted: no deciding role"
    assert rows["The Planning Inspectorate"]["status"] == "missing: excluded"
    measures = {row[0]: row for row in workbook["measures"].iter_rows(values_only=True)}
    assert measures["recorded spending under directly elected local control"][2] == 0.375
    assert measures["bodies per service, mean"][1] == pytest.approx(11 / 7)
