"""Every response counts: officers type in paper and phone responses (marked, with who entered
them), find any response by its receipt reference, and withdraw one with a reason (audited)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from consult_client import Service, post_form
from sqlalchemy import func, select

from townhall.consult.models import Answer, AuditEntry, Consultation, Response

PAGE = "/staff/consultations/1/responses"


def _questions(service: Service) -> dict[str, object]:
    with service.session() as session:
        consultation = session.get(Consultation, 1)
        assert consultation is not None
        scale, groups, ranking, homes, text = consultation.questions
        return {
            "scale": scale.id,
            "agree": scale.choices[1].id,
            "groups": groups.id,
            "group_ids": [c.id for c in groups.choices[:2]],
            "ranks": [c.id for c in ranking.choices],
            "homes": homes.id,
            "text": text.id,
            "aston": next(w.id for w in consultation.wards if w.name == "Aston"),
        }


def test_an_officer_enters_finds_and_withdraws_a_paper_response(demo_service: Service) -> None:
    ids = _questions(demo_service)
    officer = demo_service.signed_in("officer@example.org")
    rank_fields = {f"rank-{choice}": str(n) for n, choice in enumerate(ids["ranks"], 1)}  # type: ignore[arg-type]
    form = {
        "channel": "paper",
        "received_on": (date.today() - timedelta(days=2)).isoformat(),
        "respondent_type": "resident",
        "ward": str(ids["aston"]),
        f"answer-{ids['scale']}": str(ids["agree"]),
        f"answer-{ids['groups']}": [str(i) for i in ids["group_ids"]],  # type: ignore[attr-defined]
        f"answer-{ids['text']}": "Written on the back of the form.",
        **rank_fields,
    }
    # Problems are named by question, all at once; blank questions are fine (as on paper).
    bad = post_form(
        officer,
        PAGE + "/new",
        data=form
        | {"channel": "", f"answer-{ids['scale']}": [str(ids["agree"]), "999"]}
        | {f"rank-{ids['ranks'][0]}": "9"},  # type: ignore[index]
    )
    assert bad.status_code == 400  # type: ignore[attr-defined]
    for message in (
        "Select how the response came: on paper or by phone",
        "Question 1: Select one of the options shown",
        "Question 3: Use whole numbers from 1 to 5",
    ):
        assert message in bad.text, message  # type: ignore[attr-defined]
    saved = post_form(officer, PAGE + "/new", data=form)
    assert saved.status_code == 303  # type: ignore[attr-defined]
    shown = officer.get(saved.headers["location"]).text  # type: ignore[attr-defined]
    assert "On paper, entered by officer@example.org" in shown
    assert "Give the resident this receipt reference" in shown
    with demo_service.session() as session:
        response = session.scalars(select(Response)).one()
        reference = response.reference
        assert (response.channel, response.entered_by) == ("paper", "officer@example.org")
        assert len(response.answers) == 1 + 2 + 5 + 1  # scale, two groups, five ranks, text
    export = officer.get("/staff/consultations/1/export/responses.csv").text
    row = next(csv.DictReader(io.StringIO(export)))
    assert (row["how_it_came"], row["entered_by"]) == ("paper", "officer@example.org")
    results = officer.get("/staff/consultations/1/results").text
    assert "<strong>1</strong> response match" in results

    # Found however the reference is typed.
    typed = reference.lower().replace("-", " ")
    found = officer.get(PAGE + "/find", params={"reference": typed}, follow_redirects=False)
    assert found.headers["location"] == f"{PAGE}/{reference}"
    missing = officer.get(PAGE + "/find", params={"reference": "ABCD-EFGH"})
    assert missing.status_code == 400 and "Enter a receipt reference of this" in missing.text

    # Withdrawing needs a reason and a ticked confirmation.
    refused = post_form(officer, f"{PAGE}/{reference}", f"{PAGE}/{reference}/withdraw", data={})
    assert "Enter why the response is being withdrawn" in refused.text  # type: ignore[attr-defined]
    assert "Tick to confirm" in refused.text  # type: ignore[attr-defined]
    gone = post_form(
        officer,
        f"{PAGE}/{reference}",
        f"{PAGE}/{reference}/withdraw",
        data={"reason": "Asked by letter on 3 December.", "confirm": "yes"},
    )
    assert gone.status_code == 303  # type: ignore[attr-defined]
    with demo_service.session() as session:
        assert session.scalar(select(func.count()).select_from(Response)) == 0
        assert session.scalar(select(func.count()).select_from(Answer)) == 0
        actions = dict(
            session.execute(
                select(AuditEntry.action, AuditEntry.detail).where(
                    AuditEntry.action.in_(("enter response", "view response", "withdraw response"))
                )
            ).all()
        )
    assert actions["enter response"].startswith(f"{reference}: on paper, received ")
    assert actions["view response"] == reference
    assert (
        "withdrawn at the resident's request. Why: Asked by letter on 3 December."
        in (actions["withdraw response"])
    )
    assert officer.get(f"{PAGE}/{reference}").status_code == 404


def test_councillors_cannot_enter_or_find_responses(demo_service: Service) -> None:
    councillor = demo_service.signed_in("aston@example.org")
    assert councillor.get(PAGE + "/new").status_code == 403
    assert councillor.get(PAGE + "/find").status_code == 403
