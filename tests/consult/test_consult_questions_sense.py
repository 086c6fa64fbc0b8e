"""Questions that make sense: "None of these" is chosen on its own, a ranking offers every way
the consultation puts (or the builder warns), organisations give their name, and residents find
their ward from their postcode through the look-up the council loads from an ONS extract."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from consult_client import DEMO, Service, make_service, post_form
from sqlalchemy import select
from test_consult_journey import answer_everything, choice_ids, ward_id
from typer.testing import CliRunner

from townhall.cli import app
from townhall.consult.demo import load_demo
from townhall.consult.models import AuditEntry, Response
from townhall.consult.rules.ranking_coverage import RankedQuestion, ranking_warnings

runner = CliRunner()
ABOUT = f"{DEMO}/respond/about"

# A small synthetic extract made for these tests (never real ONS data): the codes are in the
# form of ONS ward codes; two wards of the demonstration, one of another council, a terminated
# postcode, and the pseudo-code ONS gives a postcode with no ward.
EXTRACT = """pcds,osward,wd25cd,doterm
B1 1AA,E05000001,E05099991,
b11ab,E05000001,E05099991,
B6  4AA,E05000002,E05099992,
LS1 1AA,E05000003,E05088881,
B1 9ZZ,E05000001,E05099991,201901
GY1 1AA,L99999999,L99999999,
"""


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Service]:
    """The demonstration on SQLite (the look-up's queries are plain; the migration test runs
    both databases), with the CLI pointed at the same database."""
    url = f"sqlite:///{tmp_path / 't.db'}"
    monkeypatch.setenv("TOWNHALL_DATABASE_URL", url)
    service = make_service(url)
    with service.session() as session, session.begin():
        load_demo(session, date.today())
    service.add_user("officer@example.org", "officer")
    yield service
    service.app.state.engine.dispose()


def test_none_of_these_is_chosen_on_its_own(demo: Service) -> None:
    client = demo.client()
    answer_everything(demo, client)
    groups = choice_ids(demo, 2)
    both = post_form(client, f"{DEMO}/respond/question/2", data={"answer": [groups[0], groups[3]]})
    assert both.status_code == 400  # type: ignore[attr-defined]
    assert "You selected “None of these groups”: select it on its own" in both.text  # type: ignore[attr-defined]
    alone = post_form(client, f"{DEMO}/respond/question/2", data={"answer": [groups[3]]})
    assert alone.status_code == 303  # type: ignore[attr-defined]


def test_a_ranking_that_leaves_out_an_alternative_is_warned_about() -> None:
    alternatives = [(11, "Cut equally"), (12, "Certain groups"), (13, "Raise tax")]
    linked = RankedQuestion(3, "", ("proposal", "alternative-12", "alternative-13"))
    unlinked = RankedQuestion(4, "", ("", "", ""))  # three options, none linked
    complete = RankedQuestion(5, "", ("proposal", *(f"alternative-{n}" for n in (11, 12, 13))))
    warnings = ranking_warnings([linked, unlinked, complete], alternatives)
    assert warnings[0].startswith(
        "Question 3 ranks the ways the council could go but leaves out alternative 1, “Cut equally”"
    )
    assert warnings[1].startswith(
        "Question 4 ranks 3 options, but the consultation puts the proposal and 3 alternatives (4 in all)"
    )
    assert len(warnings) == 2  # the demonstration's ranking now offers all five ways


def test_an_organisation_gives_its_name(demo: Service) -> None:
    client = demo.client()
    answer_everything(demo, client)
    aston = str(ward_id(demo, "Aston"))
    unnamed = post_form(client, ABOUT, data={"respondent_type": "organisation", "ward": aston})
    assert unnamed.status_code == 400  # type: ignore[attr-defined]
    assert "Enter the name of the organisation you are responding for" in unnamed.text  # type: ignore[attr-defined]
    named = {
        "respondent_type": "organisation",
        "organisation_name": "Aston Food Bank",
        "ward": aston,
    }
    assert post_form(client, ABOUT, data=named).status_code == 303  # type: ignore[attr-defined]
    assert (
        "An organisation (a charity, community group or public body): Aston Food Bank"
        in client.get(f"{DEMO}/respond/check").text
    )
    assert post_form(client, f"{DEMO}/respond/check", f"{DEMO}/respond/submit").status_code == 303  # type: ignore[attr-defined]
    with demo.session() as session:
        assert session.scalars(select(Response.organisation_name)).one() == "Aston Food Bank"


def test_bad_rows_of_an_extract_are_all_reported_and_nothing_is_loaded(
    demo: Service, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("pcds,wd25cd\nB1 1AA,E05099991\nNOT A CODE,E05099991\nB6 4AA,X1\n")
    result = runner.invoke(app, ["consult", "import-postcodes", str(bad)])
    assert result.exit_code == 1
    assert "NOT A CODE" in result.output and "a full UK postcode" in result.output
    assert "X1" in result.output and "an ONS ward code" in result.output
    assert "Nothing was loaded" in result.output
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("postcode_sector,ward_name\nB1 1,Aston\n")
    result = runner.invoke(app, ["consult", "import-postcodes", str(wrong)])
    assert result.exit_code == 1 and "a postcode column" in result.output
    assert "a ward code column" in result.output


def test_residents_find_their_ward_from_their_postcode(demo: Service, tmp_path: Path) -> None:
    extract = tmp_path / "onspd-extract.csv"
    extract.write_text(EXTRACT)
    client = demo.client()
    answer_everything(demo, client)
    assert 'name="postcode"' not in client.get(ABOUT).text  # no look-up loaded yet
    unset = runner.invoke(app, ["consult", "import-postcodes", str(extract)])
    assert unset.exit_code == 1 and "no ward has an ONS ward code yet" in unset.output
    for name, code in (("Aston", "E05099991"), ("Ladywood", "E05099992")):
        assert runner.invoke(app, ["consult", "ward-code", name, code]).exit_code == 0
    loaded = runner.invoke(app, ["consult", "import-postcodes", str(extract)])
    assert loaded.exit_code == 0, loaded.output
    assert (
        "Loaded 3 postcodes in 2 wards from the columns pcds (postcode) and wd25cd" in loaded.output
    )
    assert "Left out 1 postcode terminated" in loaded.output
    assert "Left out 1 postcode in other councils' or other wards" in loaded.output
    assert "Hodge Hill" in loaded.output  # wards with no code, so no postcodes, are named
    resident = {"respondent_type": "resident", "ward": ""}
    found = post_form(client, ABOUT, data=resident | {"postcode": " b6 4aa "})
    assert found.status_code == 303  # type: ignore[attr-defined]
    assert "Ladywood" in client.get(f"{DEMO}/respond/check").text
    unknown = post_form(client, ABOUT, data=resident | {"postcode": "B2 2ZZ"})
    assert unknown.status_code == 400  # type: ignore[attr-defined]
    assert "We could not find B2 2ZZ" in unknown.text and "I don" in unknown.text  # type: ignore[attr-defined]
    dont_know = post_form(client, ABOUT, data=resident | {"ward": "unknown"})
    assert dont_know.status_code == 303  # type: ignore[attr-defined]
    assert "I don&#39;t know" in client.get(f"{DEMO}/respond/check").text
    with demo.session() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert actions.count("set ward code") == 2 and "import postcodes" in actions


def test_an_admin_sets_a_wards_code_on_the_wards_page(demo: Service) -> None:
    demo.add_user("admin@example.org", "admin")
    admin = demo.signed_in("admin@example.org")
    page = f"/staff/wards/{ward_id(demo, 'Aston')}/code"
    wrong = post_form(admin, page, data={"code": "Aston"})
    assert wrong.status_code == 400  # type: ignore[attr-defined]
    assert "Enter an ONS ward code, like E05011151" in wrong.text  # type: ignore[attr-defined]
    assert post_form(admin, page, data={"code": "e05099991"}).status_code == 303  # type: ignore[attr-defined]
    assert "E05099991" in admin.get("/staff/wards").text
    taken = post_form(
        admin, f"/staff/wards/{ward_id(demo, 'Ladywood')}/code", data={"code": "E05099991"}
    )
    assert taken.status_code == 400 and "Aston already has the ward code" in taken.text  # type: ignore[attr-defined]


def test_a_paper_response_keeps_the_organisations_name(demo: Service) -> None:
    officer = demo.signed_in("officer@example.org")
    entry = "/staff/consultations/1/responses/new"
    form = {
        "channel": "paper",
        "received_on": date.today().isoformat(),
        "respondent_type": "organisation",
        "organisation_name": "Aston Food Bank",
    }
    sent = post_form(officer, entry, data=form)
    assert sent.status_code == 303, sent.text  # type: ignore[attr-defined]
    shown = officer.get(sent.headers["location"]).text  # type: ignore[attr-defined]
    assert "An organisation (a charity, community group or public body): Aston Food Bank" in shown
