"""How a message leaves: SMTP in production, the log in development."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import Flask

log = logging.getLogger(__name__)


class SmtpSender:
    """Sends through the SMTP server in MAIL_SERVER (STARTTLS with MAIL_USE_TLS)."""

    def __init__(
        self, host: str, port: int, use_tls: bool, username: str | None, password: str | None
    ) -> None:
        self.host, self.port, self.use_tls = host, port, use_tls
        self.username, self.password = username, password

    def send(self, message: EmailMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=10) as smtp:
            if self.use_tls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(message)


class LogSender:
    """Development: the subject is written to the log, never the recipient, which
    for a receipt is the applicant's own address."""

    def send(self, message: EmailMessage) -> None:
        log.info("e-post (skickas inte, MAIL_SERVER saknas): %s", message["Subject"])


def sender_for(app: Flask) -> SmtpSender | LogSender:
    config = app.config
    if not config.get("MAIL_SERVER"):
        return LogSender()
    return SmtpSender(
        config["MAIL_SERVER"],
        int(config["MAIL_PORT"]),
        bool(config["MAIL_USE_TLS"]),
        config.get("MAIL_USERNAME"),
        config.get("MAIL_PASSWORD"),
    )
