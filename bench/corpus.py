"""A deterministic corpus of N pages, written for each builder in its own format.

20 sections, about 700 words a page, headings, a list, sometimes a table, and three
links to other pages, so every builder does comparable work.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

SECTIONS = 20
WORDS = [
    "och",
    "att",
    "det",
    "som",
    "en",
    "på",
    "är",
    "för",
    "med",
    "till",
    "av",
    "den",
    "inte",
    "om",
    "har",
    "de",
    "var",
    "sig",
    "men",
    "så",
    "kontaktperson",
    "barn",
    "familj",
    "stöd",
    "socialtjänst",
    "vardag",
    "träffas",
    "tillsammans",
    "trygg",
    "vuxen",
    "fritid",
    "skola",
    "förening",
    "uppdrag",
    "ersättning",
    "ansökan",
    "kommun",
    "grupp",
    "aktivitet",
    "samtal",
]
PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Page:
    number: int
    section: str
    title: str
    body: list[str]
    links: list[int]


def section_name(index: int) -> str:
    return f"sektion-{index:02d}"


def page_name(number: int) -> str:
    return f"page-{number:05d}"


def make_pages(count: int, seed: int = 2026) -> list[Page]:
    """The same pages for every builder: only the syntax differs."""
    rng = random.Random(seed)

    def sentence(words: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."

    def paragraph(words: int) -> str:
        return " ".join(sentence(12) for _ in range(max(1, words // 12)))

    pages = []
    for number in range(count):
        body = [paragraph(120), "## Bakgrund", paragraph(140), "### Detaljer", paragraph(120)]
        body.append("\n".join(f"- {sentence(6)}" for _ in range(4)))
        if number % 5 == 0:
            body.append("| Kolumn | Värde |\n| --- | --- |\n| Ett | 1 |\n| Två | 2 |")
        body += ["## Mer att läsa", paragraph(140), "## Sammanfattning", paragraph(120)]
        links = [rng.randrange(count) for _ in range(3)]
        pages.append(Page(number, section_name(number % SECTIONS), f"Sida {number}", body, links))
    return pages


def write_corpus(root: Path, count: int) -> dict[str, Path]:
    """Write the corpus three times under `root`; return each builder's source folder."""
    shutil.rmtree(root, ignore_errors=True)
    pages = make_pages(count)
    return {
        "ours": _write_ours(root / "ours" / "content", pages),
        "pelican": _write_pelican(root / "pelican", pages),
        "mkdocs": _write_mkdocs(root / "mkdocs", pages),
    }


def _front(title: str, number: int) -> str:
    fields = f"title: {title}\ndescription: Beskrivning.\nupdated: 2026-01-01\norder: {number}"
    return f"---\n{fields}\n---\n"


def _write_ours(content: Path, pages: list[Page]) -> Path:
    config = yaml.safe_load((PROJECT_ROOT / "content" / "site.yaml").read_text(encoding="utf-8"))
    config["meny"] = [section_name(i) for i in range(5)]
    config["avsnitt"] = {"standard": "kontaktpersonsenheten"}
    content.mkdir(parents=True)
    (content / "site.yaml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    (content / "index.md").write_text(_front("Start", 0) + "Välkommen.\n", encoding="utf-8")
    for index in range(SECTIONS):
        folder = content / section_name(index)
        folder.mkdir()
        (folder / "index.md").write_text(
            _front(f"Avsnitt {index}", index) + "Avsnittet.\n", encoding="utf-8"
        )
    for page in pages:
        links = [f"[{pages[n].title}](../{pages[n].section}/{page_name(n)}.md)" for n in page.links]
        text = _front(page.title, page.number) + "\n\n".join([*page.body, " ".join(links)]) + "\n"
        (content / page.section / f"{page_name(page.number)}.md").write_text(text, encoding="utf-8")
    return content


def _write_pelican(root: Path, pages: list[Page]) -> Path:
    content = root / "content"
    for index in range(SECTIONS):
        (content / section_name(index)).mkdir(parents=True)
    for page in pages:
        links = [
            f"[{pages[n].title}]({{filename}}/{pages[n].section}/{page_name(n)}.md)"
            for n in page.links
        ]
        slug = page_name(page.number)
        meta = f"Title: {page.title}\nDate: 2026-01-01\nCategory: {page.section}\nSlug: {slug}\n\n"
        text = meta + "\n\n".join([*page.body, " ".join(links)]) + "\n"
        (content / page.section / f"{page_name(page.number)}.md").write_text(text, encoding="utf-8")
    (root / "pelicanconf.py").write_text(PELICAN_CONFIG, encoding="utf-8")
    return root


def _write_mkdocs(root: Path, pages: list[Page]) -> Path:
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Start\n\nVälkommen.\n", encoding="utf-8")
    for index in range(SECTIONS):
        (docs / section_name(index)).mkdir()
    for page in pages:
        links = [f"[{pages[n].title}](../{pages[n].section}/{page_name(n)}.md)" for n in page.links]
        text = f"# {page.title}\n\n" + "\n\n".join([*page.body, " ".join(links)]) + "\n"
        (docs / page.section / f"{page_name(page.number)}.md").write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: Bench\ntheme: mkdocs\n", encoding="utf-8")
    return root


PELICAN_CONFIG = """
AUTHOR = "Bench"
SITENAME = "Bench"
SITEURL = ""
PATH = "content"
TIMEZONE = "Europe/Stockholm"
DEFAULT_LANG = "sv"
USE_FOLDER_AS_CATEGORY = True
ARTICLE_URL = "{category}/{slug}/"
ARTICLE_SAVE_AS = "{category}/{slug}/index.html"
DEFAULT_PAGINATION = False
RELATIVE_URLS = False
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
"""
