"""A resident's receipt e-mail: plain text with a simple HTML alternative, built from templates."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from zoneinfo import ZoneInfo

from townhall.consult.mail.templates import MAIL_TEMPLATES
from townhall.consult.models import in_utc

COUNCIL_TIME = ZoneInfo("Europe/London")


class BadRecipientError(ValueError):
    """The stored address cannot be written as a recipient; trying again will not help."""


@dataclass(frozen=True)
class Receipt:
    """What a receipt says: which consultation, the response's reference, when it was sent and
    how to contact the council about the consultation."""

    title: str
    reference: str
    submitted_at: datetime  # UTC; SQLite gives it back without a zone
    contact: str = ""  # none for consultations published before it was asked for


@dataclass(frozen=True)
class Signature:
    """Who a receipt comes from: the council's name, its contact details (one a line) and the
    privacy notice's address (empty when the service's own address is not set)."""

    council: str = ""
    contact_lines: tuple[str, ...] = ()
    privacy_url: str = ""


def submitted_on(submitted_at: datetime) -> str:
    """The day a response was sent, in the council's time, as GOV.UK writes it: 2 December 2012."""
    day = in_utc(submitted_at).astimezone(COUNCIL_TIME)
    return f"{day.day} {day:%B %Y}"


def recipient_address(recipient: str) -> Address:
    """One mailbox, never a list (a stored address cannot add other recipients)."""
    try:
        return Address(addr_spec=recipient)
    except (ValueError, IndexError) as error:
        raise BadRecipientError("the address cannot be used as a recipient") from error


def new_message_id(sender: str) -> str:
    """A Message-ID for a new receipt: random (it says nothing about the response), on the
    From address's domain, as RFC 5322 section 3.6.4 asks."""
    return f"<{uuid.uuid4().hex}@{parseaddr(sender)[1].rpartition('@')[2]}>"


def receipt_message(
    receipt: Receipt,
    sender: str,
    recipient: str,
    message_id: str,
    signature: Signature | None = None,
) -> EmailMessage:
    """The receipt e-mail from `sender` (a checked From address) to `recipient`, with the
    receipt's own `message_id` (the same on every attempt), signed by the council."""
    signature = signature or Signature()
    context = {
        "council": signature.council,
        "council_lines": signature.contact_lines,
        "privacy_url": signature.privacy_url,
        "title": receipt.title,
        "reference": receipt.reference,
        "submitted_on": submitted_on(receipt.submitted_at),
        "contact_lines": receipt.contact.splitlines(),
    }
    message = EmailMessage()
    title = " ".join(receipt.title.split())  # a header is one line
    message["Subject"] = f"Your response to {title}: reference {receipt.reference}"
    message["From"] = sender
    message["To"] = recipient_address(recipient)
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = message_id
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies
    message.set_content(MAIL_TEMPLATES.get_template("receipt.txt").render(context))
    message.add_alternative(
        MAIL_TEMPLATES.get_template("receipt.html").render(context), subtype="html"
    )
    return message
