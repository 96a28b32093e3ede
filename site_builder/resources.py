"""Where the shared templates and static files are, installed or in a checkout.

Both apps and the site builder render the same `templates/` and serve the same
`static/`. In the repository they live at the top, beside `content/`; the package
holds two links to them (`site_builder/templates`, `site_builder/static`), so a
wheel carries them as package data (`pyproject.toml`) and an installed program finds
them inside its own package, wherever it runs from. Resolved, so a checkout sees the
top-level folders' real paths.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = (PACKAGE_DIR / "templates").resolve()
STATIC_DIR = (PACKAGE_DIR / "static").resolve()
# The checkout's content/, the default of CONTENT_DIR there; an installed program is
# given CONTENT_DIR (this folder does not exist beside an installed package).
CHECKOUT_CONTENT_DIR = PACKAGE_DIR.parent / "content"
