"""The demonstration: a replay of Birmingham's 2012 consultation on its 2013/14 Council Tax
Support scheme, clearly labelled as one.

Wording follows the seed essay (Chris Game, "Council Tax Benefits: A Case of Seriously Muscular
Localism", INLOGOV): a 24% minimum contribution, exceptions for a dependent child under six, a
disability or disabled child premium or a war-related pension, views asked by 2 December, and the
three choices councils had. No figure here is absent from the essay; the figures are 2012/13's.

The replay keeps the original's spacing of dates, moved to today: open for the 90 days from
3 September to 2 December 2012, and a decision by the 31 January deadline for a first scheme (the
Local Government Finance Act 1992, Schedule 1A, paragraph 5, as first enacted), 60 days later.
`historical=True` uses the 2012 dates themselves (and is then closed).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from townhall.consult.models import (
    Alternative,
    Choice,
    Consultation,
    LinkedScheme,
    Question,
    StatusChange,
    Ward,
)
from townhall.consult.rules import links
from townhall.consult.rules.questions import SCALE_LABELS
from townhall.consult.services.consultations import add_ward, by_slug

SLUG = "birmingham-council-tax-support-2013"
HISTORICAL_OPENS_ON = date(2012, 9, 3)  # "revealed in early September" 2012: the day is approximate
HISTORICAL_CLOSES_ON = date(2012, 12, 2)  # "asking for residents' views by 2 December"
HISTORICAL_DECISION_DUE = date(2013, 1, 31)  # the deadline to make a first scheme
OPEN_DAYS = (HISTORICAL_CLOSES_ON - HISTORICAL_OPENS_ON).days  # 90
DECISION_DAYS = (HISTORICAL_DECISION_DUE - HISTORICAL_CLOSES_ON).days  # 60
TITLE = "Replay of 2012: Council Tax Support from April 2013, have your say"
WARDS = ("Aston", "Edgbaston", "Hodge Hill", "Kings Norton", "Ladywood", "Sutton Four Oaks")

PROPOSAL = """From April 2013 the Government is abolishing Council Tax Benefit, which gives about £100 million a year to approximately 137,000 council tax payers in Birmingham. Each council must replace it with a Council Tax Support scheme of its own, but the Government will pay councils 10% less for their schemes than for Council Tax Benefit. For Birmingham this is a funding gap of £10.9 million.

The Government has decided that pensioners must be protected against any reduction in support. In Birmingham that protects 54,000 pensioners, so the 83,000 working-age people who get support would carry the whole of the saving.

The council proposes that almost all working-age people getting support pay at least 24% of their council tax. At 2012/13 council tax that is £178 a year, or £3.43 a week, for a home in Band A.

The main exceptions: households with a dependent child under six, and people receiving a disability premium, a disabled child premium or a war-related pension, would not have to pay the minimum 24%.

A modest contribution to the scheme's cost would come from removing council tax discounts on second homes, once the law allows it.

Use the "What would I pay?" calculator to see what your own household would pay now, under the proposal and under the Government's default scheme."""

ALTERNATIVES = (
    (
        "Cut everyone's support equally, with no exceptions",
        "Spread the funding cut equally across every working-age person getting support, including households with young children, disabled people and war pensioners.",
        "The proposal already spreads the cut across almost all working-age claimants. The council chose to keep exceptions for households with a dependent child under six and for people receiving a disability or disabled child premium or a war-related pension, whom a cut with no exceptions would also reach.",
    ),
    (
        "Give support to certain groups only",
        "Keep support for some groups of working-age people and withdraw it from everyone else.",
        "The whole £10.9 million gap would then fall on the working-age claimants outside the chosen groups, so each of them would lose much more than under the proposal, where the cut is shared by almost all 83,000 working-age claimants.",
    ),
    (
        "Keep full support and raise council tax",
        "Carry on giving the same support as Council Tax Benefit and fill the £10.9 million gap by raising council tax for everyone.",
        "Every council tax payer would pay more to fill the gap, including households on low incomes that get no support.",
    ),
    (
        "Keep full support and find savings elsewhere",
        "Carry on giving the same support as Council Tax Benefit and fill the gap by cutting spending on other council services.",
        "The Government is already demanding savings of possibly £600 million from Birmingham over the next five years. Finding a further £10.9 million would mean deeper cuts to other services on top of those.",
    ),
)

QUESTIONS: tuple[tuple[str, str, str, bool, tuple[str, ...]], ...] = (
    (
        "scale",
        "To what extent do you agree or disagree that most working-age people getting support should pay at least 24% of their council tax?",
        "This is the council's proposal: £3.43 a week for a home in Band A.",
        True,
        (),
    ),
    (
        "multiple",
        "Which groups, if any, should not have to pay the minimum contribution?",
        "Select all that apply.",
        False,
        (
            "Households with a dependent child under six",
            "People receiving a disability premium or disabled child premium",
            "People receiving a war-related pension",
            "None of these groups",
        ),
    ),
    (
        "ranking",
        "Put these ways of meeting the £10.9 million gap in order of preference",
        "",
        False,
        (
            "Most working-age people pay at least 24% (the proposal)",
            "Cut everyone's support equally, with no exceptions",
            "Support for certain groups only",
            "Raise council tax for everyone",
            "Find savings in other council services",
        ),
    ),
    (
        "single",
        "Should the council remove council tax discounts on second homes to help pay for the scheme?",
        "",
        True,
        ("Yes", "No", "I do not know"),
    ),
    (
        "text",
        "Is there anything else you want to tell us about the proposal, including how it would affect you?",
        "Do not include your name or other personal details.",
        False,
        (),
    ),
)

# (question, option) -> 0 for the proposal or the number of the alternative the option names.
LINKED_OPTIONS = {(3, 1): 0, (3, 2): 1, (3, 3): 2, (3, 4): 3, (3, 5): 4}
EXCLUSIVE_OPTIONS = {(2, 4)}  # "None of these groups" is chosen on its own

# Placeholders, not the council's real details: the address is on the reserved .example domain
# (RFC 2606) and the number is in Ofcom's range kept for drama (0121 496 0000 to 0999), so
# neither reaches anyone.
CONTACT = """Council Tax Support consultation team, Birmingham City Council
E-mail: consultation@birmingham.example
Phone: 0121 496 0000 (Monday to Friday, 9am to 5pm)
To respond by post or by phone instead of online, ask us by e-mail or phone for a paper copy and a freepost envelope, or to take your answers over the phone.
Ask us for this consultation in large print, easy read, Braille, audio or another language."""

SCHEMES = (
    ("ctb-2012", "Now: Council Tax Benefit (until March 2013)"),
    ("birmingham-2013", "The proposal: most working-age people pay at least 24%"),
    ("default-2013", "The Government's default scheme"),
)


def summary(closes_on: date, historical: bool) -> str:
    """The summary: a replay, labelled as one, with the closing date it really has."""
    closes = f"{closes_on.day} {closes_on:%B %Y}"
    return (
        (
            "This is Birmingham City Council's consultation of autumn 2012. "
            if historical
            else "A demonstration: a replay of the consultation Birmingham City Council ran from "
            "September to 2 December 2012, with its dates moved to now and its 2012/13 figures. "
        )
        + "Council Tax Benefit ends in March 2013. Birmingham City Council must set up its own "
        "Council Tax Support scheme with £10.9 million less than it has now. We want your views "
        f"on our proposal by {closes}."
    )


def load_demo(session: Session, today: date, historical: bool = False) -> Consultation:
    """Add the wards and the consultation (published), replacing an earlier demonstration."""
    existing = by_slug(session, SLUG)
    if existing is not None:
        session.delete(existing)
        session.flush()
    wards: list[Ward] = [add_ward(session, name, None) for name in WARDS]
    opens_on, closes_on, decision_due = (
        (HISTORICAL_OPENS_ON, HISTORICAL_CLOSES_ON, HISTORICAL_DECISION_DUE)
        if historical
        else (
            today,
            today + timedelta(days=OPEN_DAYS),
            today + timedelta(days=OPEN_DAYS + DECISION_DAYS),
        )
    )
    consultation = Consultation(
        slug=SLUG,
        title=TITLE,
        summary=summary(closes_on, historical),
        decision_due=decision_due,
        proposal=PROPOSAL,
        contact=CONTACT,
        opens_on=opens_on,
        closes_on=closes_on,
        status="published",
        wards=wards,
        alternatives=[
            Alternative(
                position=index, title=title, description=description, reason_not_preferred=reason
            )
            for index, (title, description, reason) in enumerate(ALTERNATIVES, 1)
        ],
        questions=[
            Question(
                position=index,
                kind=kind,
                prompt=prompt,
                hint=hint,
                required=required,
                max_length=2000,
                choices=[
                    Choice(
                        position=number,
                        label=label,
                        is_exclusive=(index, number) in EXCLUSIVE_OPTIONS,
                    )
                    for number, label in enumerate(SCALE_LABELS if kind == "scale" else labels, 1)
                ],
            )
            for index, (kind, prompt, hint, required, labels) in enumerate(QUESTIONS, 1)
        ],
        schemes=[
            LinkedScheme(position=index, scheme_name=name, label=label)
            for index, (name, label) in enumerate(SCHEMES, 1)
        ],
        status_changes=[StatusChange(status="published", reason="", actor="townhall consult demo")],
    )
    session.add(consultation)
    session.flush()
    _link(consultation)
    return consultation


def _link(consultation: Consultation) -> None:
    """What each question speaks to, as an officer would link it: every question is about the
    proposal (the exceptions and the second-homes discount are parts of it), except the ranking's
    options, each of which names one way of meeting the gap (LINKED_OPTIONS)."""
    alternatives = [links.alternative_link(a.id) for a in consultation.alternatives]
    for question in consultation.questions:
        question.speaks_to = links.PROPOSAL
        for choice in question.choices:
            target = LINKED_OPTIONS.get((question.position, choice.position))
            if target is not None:
                choice.speaks_to = links.PROPOSAL if target == 0 else alternatives[target - 1]
