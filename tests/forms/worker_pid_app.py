"""The public service for the durability test: it tells which worker answered, and
lets a worker die at the worst moment on request.

Each response carries the gunicorn worker's process id in `X-Worker-Pid`, so the
test kills only workers that have booted and served, never one still starting. A
POST with `X-Die-Before-Answering` kills its own worker after the view has done its
work (a submission is committed) but before the answer leaves: the receipt is lost
on the way, and the citizen must send again. Only tests use this app.
"""

from __future__ import annotations

import os
import signal

from flask import Flask, Response, request

from form_service import create_app as create_form_app

WORKER_PID_HEADER = "X-Worker-Pid"
DIE_HEADER = "X-Die-Before-Answering"


def create_app() -> Flask:
    app = create_form_app()

    @app.after_request
    def tell_worker_pid(response: Response) -> Response:
        if request.method == "POST" and DIE_HEADER in request.headers:
            os.kill(os.getpid(), signal.SIGKILL)
        response.headers[WORKER_PID_HEADER] = str(os.getpid())
        return response

    return app
