"""Statements and ideas for the demonstration consultation, so the participation pages have content.

The statements restate the proposal and the alternatives the council considered (the demo's own
wording); the ideas are illustrative examples, marked as such in their text. No votes are invented.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from townhall.consult.models import Consultation, Idea, Statement, utc_now

DEMO_ACTOR = "townhall consult demo"
DEMO_PARTICIPANT = "demo-participant"
STATEMENTS = (
    "Almost all working-age people getting support should pay at least 24% of their council tax.",
    "Households with a dependent child under six should not have to pay the minimum 24%.",
    "People getting a disability premium or a war-related pension should be protected.",
    "The council should raise council tax for everyone rather than cut support.",
    "Second homes should lose their council tax discount to help pay for the scheme.",
    "Support should go to certain groups only, and be withdrawn from everyone else.",
)
RESIDENT_STATEMENT = "The council should explain the change in a letter to everyone affected."
IDEAS = (
    (
        "Help with the first bill (example idea)",
        "An example of a resident's idea: a drop-in session at the library where people who "
        "have never paid council tax before can get help setting up a payment plan.",
        "adopted",
        "Example of a council reply: drop-in help runs at the central library on Tuesdays "
        "from April.",
    ),
    (
        "Pay weekly instead of monthly (example idea)",
        "An example of a resident's idea: let people choose to pay the minimum contribution "
        "weekly, to match when their benefits are paid.",
        "under_consideration",
        "",
    ),
)


def load_participation_demo(session: Session, consultation: Consultation) -> None:
    """Add the demo statements (approved, one awaiting moderation) and two example ideas."""
    now = utc_now()
    session.add_all(
        Statement(
            consultation_id=consultation.id,
            text=text,
            origin="officer",
            moderation="approved",
            moderated_at=now,
            moderated_by=DEMO_ACTOR,
        )
        for text in STATEMENTS
    )
    session.add(
        Statement(
            consultation_id=consultation.id,
            text=RESIDENT_STATEMENT,
            origin="resident",
            moderation="pending",
            author_token=DEMO_PARTICIPANT,
        )
    )
    session.add_all(
        Idea(
            consultation_id=consultation.id,
            title=title,
            description=description,
            author_token=DEMO_PARTICIPANT,
            moderation="approved",
            status=status,
            status_reason=reason,
            status_at=now if reason else None,
        )
        for title, description, status, reason in IDEAS
    )
    session.flush()
