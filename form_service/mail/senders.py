"""How a message leaves: SMTP in production, the log in development.

Each sender is given exactly one recipient and refuses anything that is not one
address: the envelope is never built from the message's headers, so a To header
holding a list cannot make a receipt go to several people.
"""

from __future__ import annotations

import logging
import smtplib
import time
from email.message import EmailMessage

from flask import Flask

from form_service.core.email_address import one_address
from form_service.core.settings import public_settings

log = logging.getLogger(__name__)


class SmtpTooSlow(smtplib.SMTPServerDisconnected):
    """The exchange took longer than MAIL_TIMEOUT_SECONDS. A disconnection to
    smtplib, so running out of time at QUIT, after the message went, is no failure."""


class SmtpWithDeadline(smtplib.SMTP):
    """smtplib's timeout bounds each wait on the socket; a server that answers every
    command slowly (a tarpit) could still hold a message for many of them. This one
    gives the whole exchange, from connecting to the last reply, one deadline."""

    def __init__(self, host: str, port: int, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        super().__init__(host, port, timeout=seconds)

    def send(self, s) -> None:
        self._shorten_timeout()
        super().send(s)

    def getreply(self):
        self._shorten_timeout()
        try:
            return super().getreply()
        except smtplib.SMTPServerDisconnected:
            self._shorten_timeout()  # says so when it was the deadline that ran out
            raise

    def _shorten_timeout(self) -> None:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise SmtpTooSlow("the SMTP exchange took longer than MAIL_TIMEOUT_SECONDS")
        if self.sock is not None:
            self.sock.settimeout(left)


class SmtpSender:
    """Sends through the SMTP server in MAIL_SERVER (STARTTLS with MAIL_USE_TLS),
    giving up on a message after `timeout` seconds."""

    def __init__(
        self,
        host: str,
        port: int,
        use_tls: bool,
        username: str | None,
        password: str | None,
        timeout: float,
    ) -> None:
        self.host, self.port, self.use_tls = host, port, use_tls
        self.username, self.password = username, password
        self.timeout = timeout

    def send(self, message: EmailMessage, recipient: str) -> None:
        address = one_address(recipient)
        with SmtpWithDeadline(self.host, self.port, self.timeout) as smtp:
            if self.use_tls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(message, to_addrs=[address])


class LogSender:
    """Development: the subject is written to the log, never the recipient, which
    for a receipt is the applicant's own address."""

    def send(self, message: EmailMessage, recipient: str) -> None:
        one_address(recipient)  # refused here as in production
        log.info("e-post (skickas inte, MAIL_SERVER saknas): %s", message["Subject"])


def sender_for(app: Flask) -> SmtpSender | LogSender:
    settings = public_settings(app)
    if not settings.MAIL_SERVER:
        return LogSender()
    return SmtpSender(
        settings.MAIL_SERVER,
        settings.MAIL_PORT,
        settings.MAIL_USE_TLS,
        settings.MAIL_USERNAME,
        settings.MAIL_PASSWORD,
        float(settings.MAIL_TIMEOUT_SECONDS),
    )
