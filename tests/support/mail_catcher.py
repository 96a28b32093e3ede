"""A real SMTP server on loopback (aiosmtpd) whose inbox a test reads."""

from __future__ import annotations

import email
import email.policy


class Inbox:
    """What the test SMTP server received: (recipients, "subject\\nbody") per message."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos, f"{message['Subject']}\n{message.get_content()}"))
        return "250 OK"
