"""A folder of good and bad input files for the CLI bad-input catalogue, and a snapshot of it, so
a case can assert that nothing was created, overwritten or added to."""

from __future__ import annotations

from pathlib import Path

from townhall.deals.register import copy_bundled
from townhall.outcomes.ledger import Ledger

BUNDLED = Path(__file__).parents[2] / "src" / "townhall"
JUNK = bytes(range(256)) * 8  # every byte value, NUL included: not text, not a workbook
# "café ’quoted’ £5" saved by a Windows program as Windows-1252 rather than UTF-8.
WINDOWS_1252_TEXT = "caf\xe9 \u2019quoted\u2019 \xa35".encode("cp1252")
CLAIM_HEADER = "claim_id,band,pensioner,claimant_age"
PEOPLE_HEADER = "person_id,cohort,group,start_date"


def make_workspace(folder: Path) -> Path:
    """Write every input the catalogue's cases name into `folder`."""
    files: dict[str, bytes | str] = {
        # Good inputs, for cases whose fault lies elsewhere.
        "claims.csv": f"{CLAIM_HEADER}\na,A,no,40\nb,B,no,35\n",
        "people.csv": f"{PEOPLE_HEADER}\np0,W1,treated,2013-01-01\np1,W1,treated,2013-01-01\n",
        "events.csv": "person_id,kind,date,end_date\np0,job_start,2013-03-01,2013-06-09\n",
        "answers.csv": "id,text\n1,The cut is too deep.\n2,Protect carers please.\n",
        "themes.toml": (
            '[[themes]]\nkey = "cost"\nlabel = "Cost"\nseed_terms = ["cut"]\n'
            '[[themes]]\nkey = "carers"\nlabel = "Carers"\nseed_terms = ["carers"]\n'
        ),
        # Files that are not what their names say.
        "junk.xlsx": JUNK,
        "junk.csv": JUNK,
        "junk.toml": JUNK,
        "junk.parquet": JUNK,
        "junk.db": b"these are the minutes of the meeting, not a database\n" * 20,
        "notes.txt": "not a head file\n",
        # Text saved as Windows-1252, not UTF-8.
        "cp1252.csv": f"{CLAIM_HEADER},note\na,A,no,40,".encode() + WINDOWS_1252_TEXT + b"\n",
        "cp1252-answers.csv": b"id,text\n1," + WINDOWS_1252_TEXT + b"\n",
        "cp1252-people.csv": f"{PEOPLE_HEADER}\np0,".encode()
        + WINDOWS_1252_TEXT
        + b",treated,2013-01-01\n",
        "cp1252.toml": b'title = "' + WINDOWS_1252_TEXT + b'"\n',
        "cp1252-notes.txt": b"Minutes: " + WINDOWS_1252_TEXT + b"\n",
        "junk.pdf": JUNK,
        # Caseload problems.
        "nan.csv": f"{CLAIM_HEADER},weekly_earnings\na,A,no,40,NaN\n",
        "inf.csv": f"{CLAIM_HEADER},capital\na,A,no,40,inf\n",
        "implausible.csv": f"{CLAIM_HEADER},weekly_earnings\na,A,no,40,250000\n",
        "negative.csv": f"{CLAIM_HEADER},weekly_other_income\na,A,no,40,-20\n",
        "duplicates.csv": f"{CLAIM_HEADER}\na,A,no,40\nb,A,no,40\na,B,no,41\nb,C,no,42\n",
        "unknown-band.csv": f"{CLAIM_HEADER}\na,Z,no,40\n",
        "missing-columns.csv": "claim_id,band\na,A\n",
        "impossible-age.csv": f"{CLAIM_HEADER}\na,A,no,200\n",
        "impossible-birth.csv": "claim_id,band,pensioner,claimant_date_of_birth\na,A,no,1980-02-30\n",
        "header-only.csv": f"{CLAIM_HEADER}\n",
        # Scheme problems (the bundled Birmingham scheme with one fault each).
        "unknown-lever.toml": _scheme_with(
            "[levers]\n", "[levers]\nmaximum_happiness = { value = 1, source = 'x' }\n"
        ),
        "wrong-type.toml": _scheme_with(
            "minimum_contribution = { value = 0.24,", "minimum_contribution = { value = 'lots',"
        ),
        "broken.toml": "[levers\nminimum_contribution = 0.24\n",
        # Outcomes problems.
        "backwards-events.csv": "person_id,kind,date,end_date\np0,job_start,2013-07-01,2013-06-09\n",
        "empty-people.csv": f"{PEOPLE_HEADER}\n",
        "comparison-only.csv": f"{PEOPLE_HEADER}\np0,W1,comparison,2013-01-01\n",
        "blank-cohort.csv": f"{PEOPLE_HEADER}\np0,,treated,2013-01-01\np1,W1,treated,2013-01-01\n",
        "impossible-date.csv": f"{PEOPLE_HEADER}\np0,W1,treated,2013-02-30\n",
        "unknown-person.csv": "person_id,kind,date\nnobody,job_start,2013-03-01\n",
        "bad-group.csv": f"{PEOPLE_HEADER}\np0,W1,pilot,2013-01-01\n",
        "schedule-columns.csv": "period,goal\n2013,5\n",
        "bad-contract.toml": _contract_with("window_days = 730", "window_days = 'two years'"),
        "unknown-clause.toml": _contract_with("[fees]", "[bonus]\nper_smile = 5\n\n[fees]"),
        "negative-price.toml": _contract_with("amount = 1200.0", "amount = -1200.0"),
        "bad-value.toml": _contract_with("per_member = 900.0", "per_member = -900.0").replace(
            'source = "Illustrative: the JSA saving of a job held 13 weeks was NOT FOUND in the '
            'sources read"\n',
            "",
        ),
        "bad-head.json": '{"head": "xyz", "entries": -1}\n',
    }
    for name, content in files.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    (folder / "a-folder").mkdir()
    copy_bundled(folder / "register")  # a deals register of the workspace's own
    ledger = Ledger(f"sqlite:///{folder / 'ledger.db'}")
    ledger.append("submission", "Acme", "provider", {"file": "people.csv"})
    ledger.engine.dispose()
    return folder


def _scheme_with(old: str, new: str) -> str:
    text = (BUNDLED / "tax" / "schemes" / "birmingham-2013.toml").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def _contract_with(old: str, new: str) -> str:
    text = (BUNDLED / "outcomes" / "contracts" / "work-programme.toml").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (folders included, as empty) by relative path, with its bytes."""
    return {
        str(path.relative_to(folder)): b"" if path.is_dir() else path.read_bytes()
        for path in sorted(folder.rglob("*"))
    }
