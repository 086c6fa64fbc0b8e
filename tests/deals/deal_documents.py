"""Small deal documents made by the tests themselves: a hand-built PDF with a text layer, a
Word file written by python-docx and a plain text file."""

from __future__ import annotations

from pathlib import Path


def write_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A minimal valid PDF: one page per list, each string a line of Helvetica text; a blank
    string leaves a blank line, which ends a paragraph."""
    objects: list[bytes] = []
    count = len(pages)
    page_ids = [4 + 2 * i for i in range(count)]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{i} 0 R" for i in page_ids).encode()
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(count).encode() + b" >>")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for index, lines in enumerate(pages):
        commands = ["BT", "/F1 11 Tf", "14 TL", "72 760 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            commands.append(f"({escaped}) Tj T*")
        commands.append("ET")
        stream = "\n".join(commands).encode("latin-1")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents "
            + str(page_ids[index] + 1).encode()
            + b" 0 R >>"
        )
        objects.append(
            b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream"
        )
    body = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n".encode() + content + b"\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        body += f"{offset:010d} 00000 n \n".encode()
    body += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    path.write_bytes(bytes(body))
    return path


def write_docx(path: Path, paragraphs: list[str]) -> Path:
    """A Word document with one paragraph per string."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


DEAL_TOML = """
id = "testville"
title = "Testville City Deal"
place = "Testville"
wave = 1

[sources.deal-document]
title = "Testville City Deal document"
document = "Testville City Deal, 2012"

[[partners]]
name = "Testville City Council"
kind = "council"
source = "deal-document"

[[dates]]
event = "agreed"
date = 2012-07-05
source = "deal-document"

[[offers]]
kind = "fund"
description = "A growth fund"
amount_pounds = 10_000_000
period = "five years"
source = "deal-document"

[[offers]]
kind = "jobs"
description = "New jobs"
count = 1_000
source = "deal-document"

[[low_carbon_commitments]]
text = "Cut the city's carbon emissions by 40% by 2020"
source = "deal-document"

[[milestones]]
id = "growth-fund"
commitment = "Open the growth fund"
due = 2013-04-01
source = "deal-document"

[[milestones.history]]
date = 2013-01-10
status = "on track"
source = "deal-document"

[[milestones.history]]
date = 2013-06-01
status = "delayed"
source = "deal-document"

[[milestones.history]]
date = 2013-09-01
status = "delivered"
delivered = "Fund opened with £10m"
source = "deal-document"

[[milestones]]
id = "skills-hub"
commitment = "Open a skills hub"
due = 2014-01-01
source = "deal-document"

[[milestones.history]]
date = 2014-03-01
status = "dropped"
source = "deal-document"

[[milestones]]
id = "tram"
commitment = "Build a tram line"
source = "deal-document"
"""
