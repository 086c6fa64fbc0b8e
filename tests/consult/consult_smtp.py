"""A real SMTP server (aiosmtpd) on a free 127.0.0.1 port, in a thread, keeping what it receives."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass
class Received:
    """One message as delivered: its envelope recipients and the parsed message."""

    recipients: list[str]
    message: EmailMessage


@dataclass
class Mailbox:
    """What the server was sent, and how it behaves (refuse every recipient, require a login)."""

    refuse_recipients: bool = False
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
        with self.lock:
            self.received.append(Received(list(envelope.rcpt_tos), message))
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
def smtp_server(mailbox: Mailbox) -> Iterator[str]:
    """Run an SMTP server delivering to `mailbox` until the block ends; yields its smtp:// URL."""
    options: dict[str, Any] = {}
    if mailbox.login is not None:
        options = {
            "authenticator": mailbox.authenticate,
            "auth_required": True,
            "auth_require_tls": False,  # plain SMTP on 127.0.0.1 only, as the service allows
        }
    controller = _AnyPortController(mailbox, hostname="127.0.0.1", port=0, **options)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{controller.port}"
    finally:
        controller.stop()


def closed_port_url() -> str:
    """An smtp:// URL where nothing listens, so every connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"smtp://127.0.0.1:{port}"
