"""Opinion groups on planted votes (SQLite and PostgreSQL): two camps who agree on one statement are
found as two groups with that consensus statement; groups are public only when none is small;
with too few voters no groups are worked out; reports are cached."""

from __future__ import annotations

import base64
import re

import numpy as np
from consult_client import DEMO, Service
from sqlalchemy import select
from sqlalchemy.orm import Session

from townhall.consult.demo import SLUG
from townhall.consult.models import Consultation, Statement, StatementVote
from townhall.consult.services.consultations import by_slug
from townhall.consult.services.participation_groups import ReportCache

SHARED = "Keep the exceptions for disabled people"
REJECTED_BY_ALL = "Remove all support from working-age people"
CAMP_A = ("Raise council tax for everyone instead", "Protect households with young children")
CAMP_B = ("Pensioners should share the cut", "Charge second homes more")


def consultation(session: Session) -> Consultation:
    found = by_slug(session, SLUG)
    assert found is not None
    return found


def plant(service: Service, camp_a: int, camp_b: int, passes: float = 0.0) -> None:
    """Camp A agrees with CAMP_A and disagrees with CAMP_B, camp B the reverse; everyone agrees
    with SHARED and disagrees with REJECTED_BY_ALL; each vote is a pass with chance `passes`."""
    noise = np.random.default_rng(8)
    with service.session() as session, session.begin():
        cid = consultation(session).id
        rows = {
            text: Statement(consultation_id=cid, text=text, origin="officer", moderation="approved")
            for text in (SHARED, REJECTED_BY_ALL, *CAMP_A, *CAMP_B)
        }
        session.add_all(rows.values())
        session.flush()
        for person in range(camp_a + camp_b):
            in_a = person < camp_a
            token = f"planted-token-{person:04d}"
            votes = {SHARED: 1, REJECTED_BY_ALL: -1}
            votes |= dict.fromkeys(CAMP_A, 1 if in_a else -1)
            votes |= dict.fromkeys(CAMP_B, -1 if in_a else 1)
            votes = {text: 0 if noise.random() < passes else value for text, value in votes.items()}
            session.add_all(
                StatementVote(statement_id=rows[text].id, participant=token, value=value)
                for text, value in votes.items()
            )


def test_planted_camps_are_found_as_two_groups_with_their_consensus_statement(
    demo_service: Service,
) -> None:
    plant(demo_service, 12, 12, passes=0.15)
    with demo_service.session() as session:
        cid = consultation(session).id
    officer = demo_service.signed_in("officer@example.org")
    page = officer.get(f"/staff/consultations/{cid}/opinion-groups").text
    assert "<strong>24</strong> people have voted, <strong>144</strong> votes" in page
    groups = re.search(r"People were placed in (\d) groups", page)
    assert groups is not None and int(groups.group(1)) >= 2
    sizes = [int(n) for n in re.findall(r"Group [A-E]</th><td class=\"numeric\">(\d+)<", page)]
    assert len(sizes) == int(groups.group(1)) and sum(sizes) == 24
    assert sizes == [12, 12]  # the planted camps, found exactly
    consensus = page.split('class="list list-bullet consensus">')[1].split("</ul>")[0]
    divisive = page.split('class="list list-bullet divisive">')[1].split("</ul>")[0]
    assert SHARED in consensus and REJECTED_BY_ALL in consensus
    assert all(text in divisive for text in (*CAMP_A, *CAMP_B))
    assert SHARED not in divisive
    assert "Scatter chart placing each participant" in page
    chart = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert chart is not None
    svg = base64.b64decode(chart.group(1)).decode()
    assert svg.startswith("<svg") and "planted-token" not in svg
    public = demo_service.client().get(DEMO + "/opinion-groups").text
    assert groups.group(0) in public and SHARED in public
    assert "planted-token" not in public and "planted-token" not in page
    assert "fewer than 5 people" not in public


def test_groups_are_public_only_when_every_group_has_five_people(demo_service: Service) -> None:
    plant(demo_service, 7, 3)
    with demo_service.session() as session:
        cid = consultation(session).id
    public = demo_service.client().get(DEMO + "/opinion-groups").text
    assert "fall into 2 groups, but at least one has fewer than 5 people" in public
    assert "data:image/svg" not in public and "Group B" not in public
    assert "<strong>10</strong> people have voted" in public  # the totals are still shown
    officer = demo_service.signed_in("officer@example.org")
    page = officer.get(f"/staff/consultations/{cid}/opinion-groups").text
    assert re.search(r"Group B</th><td class=\"numeric\">3<", page) and "data:image/svg" in page


def test_with_fewer_than_ten_voters_no_groups_are_worked_out(demo_service: Service) -> None:
    plant(demo_service, 5, 4)
    public = demo_service.client().get(DEMO + "/opinion-groups").text
    assert "once at least 10 people have each voted on 3 or more statements" in public
    assert "so far 9 people have" in public
    assert "<strong>9</strong> people have voted" in public
    assert "data:image/svg" not in public


def test_public_pages_may_reuse_a_report_for_a_minute_but_officers_get_the_votes_now(
    demo_service: Service,
) -> None:
    plant(demo_service, 6, 6)
    now = [0.0]
    cache = ReportCache(max_age=60, clock=lambda: now[0])

    def vote_once_more(participant: str) -> None:
        with demo_service.session() as session, session.begin():
            statement = session.scalars(select(Statement.id).order_by(Statement.id)).first()
            assert statement is not None
            session.add(StatementVote(statement_id=statement, participant=participant, value=1))

    with demo_service.session() as session:
        first = cache.report(session, consultation(session), fresh=False)
    assert first.votes == 72
    vote_once_more("late-1")
    with demo_service.session() as session:
        assert cache.report(session, consultation(session), fresh=False) is first
        officer_view = cache.report(session, consultation(session), fresh=True)
    assert officer_view.votes == 73
    with demo_service.session() as session:  # nothing new: the same report, however old
        now[0] = 1000.0
        assert cache.report(session, consultation(session), fresh=True) is officer_view
    vote_once_more("late-2")
    with demo_service.session() as session:  # older than a minute and out of date: made again
        assert cache.report(session, consultation(session), fresh=False).votes == 74
