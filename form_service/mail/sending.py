"""Sending from the outbox over and over: `form-service send-mail --loop`, and the
thread that does it beside the development server (`make run`).

A round that fails as a whole (the database away, say) is logged and tried again
at the next interval; the loop itself never stops until it is told to.
"""

from __future__ import annotations

import logging
import threading

from flask import Flask

from form_service.mail import deliver_notifications

log = logging.getLogger(__name__)


def send_until_stopped(app: Flask, interval: float, stop: threading.Event) -> None:
    """Send what is due every `interval` seconds until `stop` is set."""
    while True:
        try:
            sent, failed = deliver_notifications(app)
        except Exception as error:  # the next round tries again
            log.warning("utkorgen kunde inte gås igenom (%s)", error.__class__.__name__)
        else:
            if sent or failed:
                log.info("utkorgen: %d skickade, %d misslyckades", sent, failed)
        if stop.wait(interval):
            return


def send_in_background(app: Flask, interval: float) -> threading.Event:
    """Start the loop in a daemon thread; set the returned event to stop it."""
    stop = threading.Event()
    threading.Thread(
        target=send_until_stopped, args=(app, interval, stop), name="mail-sender", daemon=True
    ).start()
    return stop
