"""The report as a Word document (python-docx): headings, tables, charts as PNG with alt text."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from townhall.consult.report.blocks import Block, Bullets, Chart, Heading, Paragraph, Table
from townhall.consult.report.charts import chart_png
from townhall.reports.files import atomic_path
from townhall.reports.formats import number, percent

CHART_WIDTH = Cm(15)


def word_document(title: str, subtitle: str, blocks: list[Block]) -> bytes:
    """The whole report as .docx bytes."""
    document = Document()
    document.core_properties.title = title
    document.add_heading(title, level=0)
    if subtitle:
        document.add_paragraph(subtitle)
    for block in blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=min(max(block.level - 1, 1), 3))
        elif isinstance(block, Paragraph):
            document.add_paragraph(block.text)
        elif isinstance(block, Bullets):
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Table):
            _table(document, block)
        else:
            _chart(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document: WordDocument, block: Table) -> None:
    """A captioned table with a header row; numbers right-aligned."""
    caption = document.add_paragraph(block.caption)
    caption.runs[0].bold = True
    table = document.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, block.columns, strict=True):
        cell.text = name
        cell.paragraphs[0].runs[0].bold = True
    header = OxmlElement("w:tblHeader")  # a header row: repeated on each page, read as headers
    header.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(header)
    fractions = [name in block.percents for name in block.columns]
    for row in block.rows:
        cells = table.add_row().cells
        for cell, value, fraction in zip(cells, row, fractions, strict=True):
            if isinstance(value, int | float):
                cell.text = percent(value) if fraction else number(value)
            else:
                cell.text = str(value)
            if isinstance(value, int | float):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _chart(document: WordDocument, block: Chart) -> None:
    """The chart as a PNG picture whose alt text (title and description) is the block's text."""
    document.add_picture(io.BytesIO(chart_png(block.spec)), width=CHART_WIDTH)
    picture = document.inline_shapes[-1]
    properties = picture._inline.docPr  # python-docx has no alt-text API of its own
    properties.set("descr", block.description)
    properties.set("title", block.description[:100])
    document.add_paragraph(block.description, style="Caption")


def write_docx(path: Path, title: str, subtitle: str, blocks: list[Block]) -> Path:
    """Write the Word report atomically (a failure leaves no partial file)."""
    content = word_document(title, subtitle, blocks)
    with atomic_path(path) as temporary:
        temporary.write_bytes(content)
    return path
