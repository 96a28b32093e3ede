"""Draw `static/favicon.svg` into `static/favicon.ico`, for whatever asks for /favicon.ico.

Pages link the SVG; browsers without SVG icons, bookmarks, feed readers and link
previews still ask for `/favicon.ico`, which the built site serves from this file.
Run it after changing the SVG: `.venv/bin/python scripts/make_favicon_ico.py`.
It draws the SVG with Chromium (as the browser tests do) at 16, 32 and 48 pixels
and packs the three PNG images into one ICO file.
"""

from __future__ import annotations

import struct
from pathlib import Path

from playwright.sync_api import sync_playwright

STATIC = Path(__file__).resolve().parent.parent / "static"
CHROMIUM = "/usr/bin/chromium"
SIZES = (16, 32, 48)


def draw(svg: str, sizes: tuple[int, ...]) -> list[bytes]:
    """The SVG as a PNG image with a transparent background, once per size."""
    images = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless"])
        for size in sizes:
            page = browser.new_page(viewport={"width": size, "height": size})
            body = f'<body style="margin:0">{svg.replace("<svg ", f"<svg width={size} ", 1)}'
            page.set_content(body)
            images.append(page.screenshot(omit_background=True))
            page.close()
        browser.close()
    return images


def ico(images: list[bytes], sizes: tuple[int, ...]) -> bytes:
    """An ICO file holding PNG images (Windows Vista and every current browser read it)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, data = b"", b""
    for size, png in zip(sizes, images, strict=True):
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
        data += png
    return header + entries + data


def main() -> None:
    svg = (STATIC / "favicon.svg").read_text(encoding="utf-8")
    (STATIC / "favicon.ico").write_bytes(ico(draw(svg, SIZES), SIZES))
    print(f"wrote {STATIC / 'favicon.ico'}")


if __name__ == "__main__":
    main()
