"""Sending one message through the SMTP server, and saying why it failed without the address.

An SMTP server's replies often repeat the recipient ("550 <name@example.org>: no such user"), so a
failure is described from the kind of error and its reply code only, never from its text.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from contextlib import suppress
from dataclasses import dataclass
from email.message import EmailMessage

from townhall.consult.mail.receipt import BadRecipientError
from townhall.consult.mail.server import SmtpServer

TIMEOUT_SECONDS = 30.0


def send_message(
    server: SmtpServer, message: EmailMessage, recipient: str, timeout: float = TIMEOUT_SECONDS
) -> None:
    """Deliver `message` to `recipient` through `server`, or raise why not."""
    context = ssl.create_default_context()
    client = (
        smtplib.SMTP_SSL(server.host, server.port, timeout=timeout, context=context)
        if server.security == "tls"
        else smtplib.SMTP(server.host, server.port, timeout=timeout)
    )
    try:
        if server.security == "starttls":
            client.starttls(context=context)  # raises if the server does not offer it
        if server.username is not None and server.password is not None:
            client.login(server.username, server.password.get_secret_value())
        client.send_message(message, to_addrs=[recipient])
    finally:
        # Once the message is accepted it is sent: a failed goodbye must not make it a failure.
        with suppress(smtplib.SMTPException, OSError):
            client.quit()
        client.close()


@dataclass(frozen=True)
class Failure:
    """Why a message was not sent, safe to store and log; `permanent` when retrying cannot help."""

    reason: str
    permanent: bool = False


def failure(error: Exception) -> Failure:
    """What went wrong, from the error's kind and SMTP reply code (never its text)."""
    if isinstance(error, BadRecipientError):
        return Failure("the address cannot be used as a recipient", permanent=True)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _reply in error.recipients.values()})
        permanent = bool(codes) and all(500 <= code < 600 for code in codes)
        return Failure(f"the server refused the recipient ({_codes(codes)})", permanent)
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return Failure(f"the server refused the user name or password ({error.smtp_code})")
    if isinstance(error, smtplib.SMTPSenderRefused):
        return Failure(f"the server refused the From address ({error.smtp_code})")
    if isinstance(error, smtplib.SMTPResponseException):
        return Failure(f"the server answered {error.smtp_code}")
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return Failure("the server does not offer STARTTLS or login")
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return Failure("the server closed the connection")
    if isinstance(error, ssl.SSLError):
        return Failure(f"TLS failed ({error.reason or type(error).__name__})")
    if isinstance(error, TimeoutError):
        return Failure("the server did not answer in time")
    if isinstance(error, ConnectionRefusedError):
        return Failure("the server refused the connection")
    if isinstance(error, socket.gaierror):
        return Failure("the server's name could not be found")
    if isinstance(error, OSError) and error.strerror:
        return Failure(f"network error: {error.strerror}")
    return Failure(f"unexpected error: {type(error).__name__}")


def _codes(codes: list[int]) -> str:
    return ", ".join(str(code) for code in codes) or "no code"
