"""The e-mail carrying a resident's "come back later" link: plain text with a simple HTML
alternative, built from templates like the receipt."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate

from townhall.consult.mail.receipt import new_message_id, recipient_address
from townhall.consult.mail.templates import MAIL_TEMPLATES


def resume_message(
    title: str, link: str, expires_words: str, sender: str, recipient: str
) -> EmailMessage:
    """The message from `sender` to `recipient` with the link and when it stops working."""
    context = {"title": title, "link": link, "expires": expires_words}
    message = EmailMessage()
    message["Subject"] = "Carry on with your response to " + " ".join(title.split())
    message["From"] = sender
    message["To"] = recipient_address(recipient)
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = new_message_id(sender)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies
    message.set_content(MAIL_TEMPLATES.get_template("resume.txt").render(context))
    message.add_alternative(
        MAIL_TEMPLATES.get_template("resume.html").render(context), subtype="html"
    )
    return message
