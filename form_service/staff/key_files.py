"""Writing a new private key to a file only its owner can read (`keys new`).

The file is created, never overwritten (an existing key may be the only copy of
one), with permissions 600 from the moment it exists: there is no instant in which
another user could open it. It holds the key as the staff side's environment file
line, under a comment naming its key id and when it was made, so it can go straight
into the key vault and, by copy and paste, into `handlaggarstod.env`.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

PRIVATE = 0o600


class KeyFileProblem(OSError):
    """Why the key file could not be written, in Swedish, for the operator."""


def write_private_key(path: str | os.PathLike, private_key: str, key_id: str) -> Path:
    """Create `path` (mode 600) holding `private_key`; its absolute path."""
    target = Path(path).expanduser().absolute()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(target, flags, PRIVATE)
    except FileExistsError:
        raise KeyFileProblem(
            f"{target} finns redan; ange en ny fil (en nyckelfil skrivs aldrig över)."
        ) from None
    except OSError as error:
        raise KeyFileProblem(
            f"{target} går inte att skapa ({error.strerror}); kontrollera mappen och rättigheterna."
        ) from None
    made = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = (
        f"# Kontaktstöd: privat nyckel {key_id}, skapad {made}. Hemlig: bara i\n"
        "# handläggarstödets miljöfil och i kommunens nyckelförvar (docs/drift.md).\n"
        f"SUBMISSION_PRIVATE_KEY={private_key}\n"
    )
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        os.fchmod(file.fileno(), PRIVATE)  # whatever the umask
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    return target
