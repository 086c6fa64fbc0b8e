"""Where mail goes and who it is from: the SMTP server URL and the From address, checked.

`smtp://user:password@host:587` uses STARTTLS (refusing to go on without it), `smtps://` TLS from
the first byte; plain SMTP only to this machine (`smtp://127.0.0.1:1025`, a local relay or a test
server), so a password or a resident's address never crosses a network unencrypted.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from email.utils import formataddr, parseaddr
from typing import Literal
from urllib.parse import unquote, urlsplit

from pydantic import SecretStr

from townhall.consult.rules.respondents import email_problem

Security = Literal["tls", "starttls", "none"]
DEFAULT_PORTS = {"smtp": 587, "smtps": 465}
_EXAMPLE = "like smtp://user:password@mail.example.org:587 or smtps://user:password@host:465"


@dataclass(frozen=True)
class SmtpServer:
    """An SMTP server to send through; the password prints as asterisks."""

    host: str
    port: int
    security: Security
    username: str | None = None
    password: SecretStr | None = None


def is_loopback(host: str) -> bool:
    """True for this machine's own addresses, the only ones plain SMTP may go to."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_smtp_url(url: str) -> SmtpServer:
    """The server named by `url`; a ValueError that never repeats the password if it is wrong."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise ValueError(f"the SMTP URL is not a valid URL; write it {_EXAMPLE}") from None
    if parts.scheme not in DEFAULT_PORTS:
        raise ValueError(f"the SMTP URL must start with smtp:// or smtps://, {_EXAMPLE}")
    if not parts.hostname:
        raise ValueError(f"the SMTP URL has no server name; write it {_EXAMPLE}")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError("the SMTP URL must have nothing after the server name and port")
    username = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password else None
    if (username is None) != (password is None):
        raise ValueError("the SMTP URL must give both a user name and a password, or neither")
    security: Security = "tls" if parts.scheme == "smtps" else "starttls"
    if security == "starttls" and is_loopback(parts.hostname):
        security = "none"
    return SmtpServer(
        host=parts.hostname,
        port=port or DEFAULT_PORTS[parts.scheme],
        security=security,
        username=username,
        password=SecretStr(password) if password is not None else None,
    )


def parse_sender(text: str) -> str:
    """A From address, `name@example.org` or `Council name <name@example.org>`, tidied."""
    name, address = parseaddr(text.strip())
    if "\n" in text or "\r" in text or not address or email_problem(address):
        raise ValueError(
            "the From address must be an e-mail address, like consultations@example.gov.uk "
            "or 'Example Council <consultations@example.gov.uk>'"
        )
    return formataddr((name, address))
