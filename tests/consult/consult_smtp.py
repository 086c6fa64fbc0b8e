"""A real SMTP server (aiosmtpd) on a free port, in a thread, keeping what it receives: plain, with
STARTTLS offered and required, or TLS from the first byte, with certificates from a trustme CA."""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any, Literal

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

Tls = Literal["plain", "starttls", "implicit"]


@dataclass
class Received:
    """One message as delivered: its envelope recipients, the parsed message and the TLS version
    it came over (None when it came unencrypted)."""

    recipients: list[str]
    message: EmailMessage
    tls_version: str | None = None


@dataclass
class Mailbox:
    """What the server was sent, and how it behaves (refuse every recipient, require a login,
    hang up on the next `hang_up_after_accepting` messages once it has kept them)."""

    refuse_recipients: bool = False
    hang_up_after_accepting: int = 0
    login: tuple[str, str] | None = None
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if self.refuse_recipients:
            return f"550 5.1.1 <{address}>: Recipient address rejected"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        encrypted = server.transport.get_extra_info("ssl_object")
        version = encrypted.version() if encrypted is not None else None
        with self.lock:
            self.received.append(Received(list(envelope.rcpt_tos), message, version))
            hang_up = self.hang_up_after_accepting > 0
            self.hang_up_after_accepting -= hang_up
        if hang_up:  # the message is queued, but the sender never hears so
            server.transport.close()
        return "250 Message accepted for delivery"

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        given = (
            (auth_data.login.decode(), auth_data.password.decode())
            if isinstance(auth_data, LoginPassword)
            else None
        )
        return AuthResult(success=given == self.login)

    def bodies(self) -> list[str]:
        """The plain-text part of every message received."""
        with self.lock:
            return [
                part.get_content()
                for item in self.received
                if (part := item.message.get_body(("plain",))) is not None
            ]


class _AnyPortController(Controller):  # type: ignore[misc]
    """aiosmtpd's controller on port 0: the port the system chose is read once it listens."""

    def _trigger_server(self) -> None:
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@contextmanager
def smtp_server(
    mailbox: Mailbox,
    host: str = "127.0.0.1",
    tls: Tls = "plain",
    certificate: trustme.LeafCert | None = None,
) -> Iterator[str]:
    """Run an SMTP server on `host` delivering to `mailbox` until the block ends; yields its URL,
    smtps:// for implicit TLS, else smtp:// (STARTTLS offered, and required, only with "starttls").
    """
    options: dict[str, Any] = {}
    if tls != "plain":
        if certificate is None:
            raise ValueError(f"a {tls} server needs a certificate")
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        certificate.configure_cert(context)
        if tls == "starttls":
            options = {"tls_context": context, "require_starttls": True}
        else:
            options = {"ssl_context": context}
    if mailbox.login is not None:
        options |= {
            "authenticator": mailbox.authenticate,
            "auth_required": True,
            # aiosmtpd counts only STARTTLS as TLS; plain is on this machine only, as the service allows
            "auth_require_tls": tls == "starttls",
        }
    address = socket.gethostbyname(host)  # one IPv4 address, so one listening socket and port
    controller = _AnyPortController(mailbox, hostname=address, port=0, **options)
    controller.start()
    try:
        yield f"{'smtps' if tls == 'implicit' else 'smtp'}://{host}:{controller.port}"
    finally:
        controller.stop()


def machine_name() -> str | None:
    """This machine's own name if it has one that resolves: not `localhost`, so the service sends
    to it only over TLS, as to any named mail server; None when there is no such name."""
    name = socket.gethostname()
    if not name or name.lower().rstrip(".") == "localhost":
        return None
    try:
        socket.gethostbyname(name)
    except OSError:
        return None
    return name


def server_certificate(ca: trustme.CA, *names: str) -> trustme.LeafCert:
    """A certificate from `ca` for this machine: localhost, 127.0.0.1 and any `names`."""
    return ca.issue_cert("localhost", "127.0.0.1", *names)


def closed_port_url() -> str:
    """An smtp:// URL where nothing listens, so every connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"smtp://127.0.0.1:{port}"
