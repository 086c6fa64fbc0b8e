"""The default privacy notice, accessibility statement and cookies page, written from the
council's details and the service's real settings (how long each thing is kept, which cookies it
sets), for an administrator to check and change. Markdown, as `markdown_page_html` reads it."""

from __future__ import annotations

from townhall.consult.services.council import Council
from townhall.consult.services.journeys import JOURNEY_KEPT_DAYS
from townhall.consult.settings import Settings

ICO = (
    "The Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire "
    "SK9 5AF. Helpline: 0303 123 1113. Website: https://ico.org.uk/make-a-complaint/"
)


def _contact_lines(council: Council) -> str:
    """The council's contact details as Markdown lines (only those it set)."""
    lines = [council.name, *council.address.splitlines()]
    if council.phone:
        lines.append(f"Phone: {council.phone}")
    if council.email:
        lines.append(f"E-mail: {council.email}")
    if council.website:
        lines.append(f"Website: {council.website}")
    return "\n".join(line for line in lines if line.strip())


def _hours(seconds: int) -> str:
    hours = seconds / 3600
    return f"{hours:g} hour{'s' if hours != 1 else ''}"


def privacy_notice(council: Council, settings: Settings) -> str:
    """The privacy notice UK GDPR Article 13 asks for, from the council's details and settings."""
    dpo = council.data_protection_contact or (
        f"Contact {council.name} using the details above and ask for the data protection officer."
    )
    return f"""## Who we are

{council.name} is the controller of the personal information you give in this consultation service: it decides why and how it is used.

{_contact_lines(council)}

## Our data protection officer

{dpo}

## What we collect

- **Your answers** to the consultation's questions, whether you respond as a resident, a business or an organisation (and the organisation's name), and the ward you live in. If you give your postcode, we use it only to find your ward and do not keep it.
- **Equality monitoring answers** (your age band, sex, disability, ethnic group, and whether you are a carer), only if you choose to answer and tick the consent box. Some of these are special category data.
- **Your e-mail address**, only if you ask for a receipt by e-mail.
- **Statements, votes, ideas and comments** you add, if you take part in those.
- **A cookie** that remembers your answers as you go from page to page (see the cookies page).
- To protect the service from automated responses, the internet address your responses come from is counted for a minute (15 minutes for staff signing in), kept only as a scrambled code that cannot be turned back into the address, and deleted once it no longer counts.

## Why we use it and our lawful basis

- We use your answers to understand what residents think before the council decides, to report them to the councillors who decide, and to publish a summary of what was said and what was decided ("We asked, you said, we did"), with no names. The lawful basis is that consulting is a task carried out in the public interest and in the exercise of the council's official authority (UK GDPR Article 6(1)(e)). For a Council Tax Support scheme the council must consult before it decides (Local Government Finance Act 1992, Schedule 1A, paragraph 3).
- We use equality monitoring answers to check whether the proposal would affect some groups of people more than others, as the public sector equality duty requires (Equality Act 2010, section 149). Because some are special category data, we use them only with your explicit consent (UK GDPR Article 9(2)(a)), and the lawful basis is that same public task (Article 6(1)(e)). They are kept apart from your response so that no one can tell which answers were yours.
- We use your e-mail address only to send your receipt, with your consent (UK GDPR Article 6(1)(a)).

## Who sees it

- Council officers running the consultation see the responses and can export them for analysis. Equality answers are only ever shown as totals.
- Councillors see the responses from the wards they represent, with names, e-mail addresses, phone numbers, addresses and postcodes in written answers hidden. They never see e-mail addresses or equality answers.
- The councillors who make the decision receive a report of the responses, with no names.
- Companies that host the service or send e-mails for us act only on our instructions, under contract.

We do not sell your information or use it for marketing. We do not use it to make automated decisions about you.

## How long we keep it

- Your e-mail address is deleted as soon as your receipt has been sent, and after {settings.receipt_address_days} days at most, whether or not it could be sent.
- Answers to a response you start but do not send are deleted after {JOURNEY_KEPT_DAYS} days without a change.
- The cookie lasts {_hours(settings.session_max_age_seconds)}.
- Responses, equality answers and contributions are kept until the decision has been made and the time to challenge it has passed, as set out in the council's records retention schedule.

## Your rights

You have the right to ask for a copy of your information, to have it corrected, to have it deleted, to restrict how we use it, and to object to our using it. Where we rely on your consent you can withdraw it at any time.

To withdraw your response, contact us with its reference number (on your receipt). We cannot find or remove your equality answers after you have sent them, because they cannot be linked to you.

To use any of these rights, contact {council.name} using the details above.

## Complaints

If you are unhappy with how we have used your information, tell us first. You can also complain to the Information Commissioner's Office:

{ICO}
"""


def accessibility_statement(council: Council, settings: Settings) -> str:
    """An accessibility statement in the GOV.UK model's sections, for the council to complete."""
    del settings  # the same whatever the service's settings
    contact = _contact_lines(council)
    return f"""This accessibility statement applies to {council.name}'s consultation service.

This website is run by {council.name}. We want as many people as possible to be able to use it. For example, you should be able to:

- change colours, contrast levels and fonts using your browser or device's settings
- zoom in up to 400% without the text spilling off the screen
- navigate most of the website using just a keyboard or speech recognition software
- listen to most of the website using a screen reader
- answer every question without JavaScript

We have also made the text as simple as possible to understand. [AbilityNet](https://mcmw.abilitynet.org.uk/) has advice on making your device easier to use if you have a disability.

## How accessible this website is

We know some parts of this website are not fully accessible. Documents the council publishes with a consultation (such as PDFs) may not be accessible: ask us for them in another format.

## Feedback and contact information

If you need information on this website in a different format like accessible PDF, large print, easy read, audio recording or braille, or want to respond another way, contact us:

{contact}

We'll consider your request and get back to you.

## Reporting accessibility problems with this website

We're always looking to improve the accessibility of this website. If you find any problems not listed on this page or think we're not meeting accessibility requirements, contact us using the details above.

## Enforcement procedure

The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the 'accessibility regulations'). If you're not happy with how we respond to your complaint, contact the [Equality Advisory and Support Service (EASS)](https://www.equalityadvisoryservice.com/).

## Technical information about this website's accessibility

{council.name} is committed to making its website accessible, in accordance with the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.

### Compliance status

This website aims to meet the Web Content Accessibility Guidelines version 2.2 AA standard. Every page the service's own tests visit is checked with the axe-core WCAG 2.1 A and AA rules, and at a width of 320 pixels. Until the council has had the service audited, list any problems found here, or state that it is fully compliant once an audit has confirmed it.

## Non-accessible content

List here any content that is not accessible, the WCAG success criterion it fails, and when you plan to fix it.

## What we're doing to improve accessibility

List here what the council is doing, and by when.

## Preparation of this accessibility statement

Say when this statement was prepared and last reviewed, and how the website was tested (for example, by whom and on which pages).
"""


def cookies_page(council: Council, settings: Settings) -> str:
    """The cookies the service really sets: both essential, neither for tracking or analytics."""
    return f"""Cookies are small files saved on your phone, tablet or computer when you visit a website. {council.name}'s consultation service uses only the cookies it needs to work. They are not used for tracking, advertising or analytics, so we do not ask you to accept them.

## Essential cookies

- **townhall_session**: remembers your answers as you go from page to page, the receipt reference of a response you sent, and a secret that checks forms come from this site. Your equality answers wait in it (never with your response) until you send. It is signed so it cannot be changed, and expires after {_hours(settings.session_max_age_seconds)}.
- **townhall_session** also holds a random code, if you vote on statements or add ideas, so each vote counts once.
- **townhall_staff**: keeps council staff signed in. It is set only when a member of staff signs in, holds a random code and nothing else, and expires after {settings.staff_session_hours} hours, or when they sign out.

If your browser blocks cookies, you cannot answer online: contact us to respond another way.

{_contact_lines(council)}
"""


DEFAULTS = {
    "privacy_notice": privacy_notice,
    "accessibility_statement": accessibility_statement,
    "cookies_page": cookies_page,
}


def page_text(page: str, council: Council, settings: Settings) -> str:
    """The text the public sees for `page`: the administrator's, or the default."""
    return council.page(page) or DEFAULTS[page](council, settings)
