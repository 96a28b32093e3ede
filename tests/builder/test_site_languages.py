"""The site's languages as a reader, a search engine and a translator meet them.

The fixture site has ordinary Swedish, lättläst, English, Arabic (right to left) and Tigrinya;
each test builds it (or a changed copy) and reads the built files, or runs
`site-builder check` as a translator would.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.config import load_site_config

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


class LanguageParts(HTMLParser):
    """A page's language, its hreflang links, its language menu and the other links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.dir: str | None = None
        self.hreflang: dict[str, str] = {}
        self.menu: list[dict[str, str]] = []  # each link of the language menu, with its text
        self.main_menu: list[str] = []
        self.breadcrumbs: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []
        self._in: list[str] = []  # the navs we are inside
        self._open_link: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "html":
            self.lang, self.dir = attributes.get("lang"), attributes.get("dir")
        elif tag == "link" and attributes.get("rel") == "alternate":
            self.hreflang[attributes["hreflang"]] = attributes["href"]
        elif tag == "nav":
            self._in.append(attributes.get("class", ""))
        elif tag == "a":
            self.links.append(attributes.get("href", ""))
            where = self._in[-1] if self._in else ""
            if where == "language-menu":
                self._open_link = {**attributes, "text": ""}
                self.menu.append(self._open_link)
            elif where == "main-menu":
                self.main_menu.append(attributes["href"])
            elif where == "breadcrumbs":
                self.breadcrumbs.append(attributes["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._in:
            self._in.pop()
        elif tag == "a":
            self._open_link = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._open_link is not None:
            self._open_link["text"] += data


def parts_of(site: Path, url: str) -> LanguageParts:
    parser = LanguageParts()
    parser.feed((site / url.strip("/") / "index.html").read_text(encoding="utf-8"))
    return parser


def all_pages(site: Path) -> dict[str, LanguageParts]:
    pages = {}
    for path in sorted(site.rglob("index.html")):
        folder = path.parent.relative_to(site).as_posix()
        url = "/" if folder == "." else f"/{folder}/"
        pages[url] = parts_of(site, url)
    return pages


def test_each_page_has_its_languages_code_and_direction(content_build: Path):
    expected = {
        "/": ("sv", "ltr"),
        "/kontaktperson/": ("sv", "ltr"),
        "/lattlast/": ("sv", "ltr"),
        "/lattlast/kontaktperson/": ("sv", "ltr"),
        "/en/": ("en", "ltr"),
        "/en/kontaktperson/": ("en", "ltr"),
        "/ar/": ("ar", "rtl"),
        "/ti/": ("ti", "ltr"),
    }
    found = {
        url: (parts_of(content_build, url).lang, parts_of(content_build, url).dir)
        for url in expected
    }
    assert found == expected


def test_hreflang_links_name_each_other_both_ways(content_build: Path):
    """Every page's alternates include itself, and each alternate lists the same set."""
    base = load_site_config(content_build.parent / "content").base_url
    pages = all_pages(content_build)
    checked = 0
    for url, page in pages.items():
        if not page.hreflang:
            continue
        assert page.hreflang[page.lang] == base + url, f"{url} does not list itself"
        for other in page.hreflang.values():
            other_page = pages[other.removeprefix(base)]
            assert other_page.hreflang == page.hreflang, f"{url} and {other} disagree"
            checked += 1
    assert checked >= 6  # the start page in three languages and Kontaktperson in two
    assert pages["/"].hreflang == {
        "sv": f"{base}/",
        "en": f"{base}/en/",
        "ar": f"{base}/ar/",
        "ti": f"{base}/ti/",
    }


def test_lattlast_pages_have_no_hreflang_of_their_own(content_build: Path):
    """Lättläst is Swedish too: an hreflang sv beside ordinary Swedish would be ambiguous."""
    assert parts_of(content_build, "/lattlast/kontaktperson/").hreflang == {}
    assert "/lattlast/" not in "".join(parts_of(content_build, "/").hreflang.values())


def test_the_sitemap_lists_the_same_alternates_as_the_pages(content_build: Path):
    base = load_site_config(content_build.parent / "content").base_url
    root = ET.parse(content_build / "sitemap.xml").getroot()  # noqa: S314 - our own build output
    in_sitemap = {
        entry.find(f"{SITEMAP}loc").text.removeprefix(base): {
            link.get("hreflang"): link.get("href") for link in entry.findall(f"{XHTML}link")
        }
        for entry in root.findall(f"{SITEMAP}url")
    }
    for url, alternates in in_sitemap.items():
        assert alternates == parts_of(content_build, url).hreflang, url
    assert in_sitemap["/en/kontaktperson/"]["sv"] == f"{base}/kontaktperson/"


def test_the_language_menu_names_each_language_in_itself_and_only_where_it_exists(
    content_build: Path,
):
    menu = parts_of(content_build, "/kontaktperson/").menu
    shown = [(link["text"], link["href"], link.get("lang")) for link in menu]
    assert shown == [
        ("Lättläst", "/lattlast/kontaktperson/", "sv"),
        ("English", "/en/kontaktperson/", "en"),
        ("العربية", "/ar/", "ar"),  # no Arabic Kontaktperson page: its start page
        ("ትግርኛ", "/ti/", "ti"),
    ]
    english = [
        (link["text"], link["href"]) for link in parts_of(content_build, "/en/kontaktperson/").menu
    ]
    assert english == [("Svenska", "/kontaktperson/"), ("العربية", "/ar/"), ("ትግርኛ", "/ti/")]
    for page in all_pages(content_build).values():
        for link in page.menu:
            assert (content_build / link["href"].strip("/") / "index.html").is_file(), link


def test_a_language_lists_only_its_own_pages(content_build: Path):
    english = parts_of(content_build, "/en/kontaktperson/")
    assert english.main_menu == ["/en/kontaktperson/"]
    assert english.breadcrumbs == ["/en/"]
    swedish = parts_of(content_build, "/kontaktperson/")
    assert not [url for url in swedish.main_menu if url.startswith(("/en/", "/ar/", "/lattl"))]


def test_ordinary_and_lattlast_pages_link_each_other(content_build: Path):
    ordinary = parts_of(content_build, "/kontaktperson/")
    easy = parts_of(content_build, "/lattlast/kontaktperson/")
    assert {"text": "Lättläst", "href": "/lattlast/kontaktperson/"}.items() <= next(
        link for link in ordinary.menu if link["href"] == "/lattlast/kontaktperson/"
    ).items()
    back = [link for link in easy.menu if link["href"] == "/kontaktperson/"]
    assert back and back[0]["text"] == "Svenska"


def test_an_unreviewed_translation_says_so_in_its_own_language(content_build: Path):
    config = load_site_config(content_build.parent / "content")
    english_note = config.variants["en"].unreviewed_note
    arabic_note = config.variants["ar"].unreviewed_note
    assert english_note in "".join(parts_of(content_build, "/en/kontaktperson/").text)
    assert arabic_note in "".join(parts_of(content_build, "/ar/").text)
    assert english_note not in "".join(parts_of(content_build, "/en/").text)  # reviewed: true
    assert english_note not in "".join(parts_of(content_build, "/kontaktperson/").text)


def test_a_changed_source_makes_its_translations_stale(content_dir: Path, capsys):
    assert main(["check", "--content", str(content_dir), "--strict"]) == 0
    assert "varning" not in capsys.readouterr().err

    source = content_dir / "kontaktperson" / "index.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nNy mening.\n", encoding="utf-8")

    assert main(["check", "--content", str(content_dir)]) == 0
    warnings = capsys.readouterr().err.splitlines()
    version_line = _line_of(content_dir / "en" / "kontaktperson" / "index.md", "source_version")
    assert [line.split(": varning: ")[0] for line in warnings] == [
        f"content/en/kontaktperson/index.md:{version_line}",
        f"content/lattlast/kontaktperson/index.md:{version_line}",
    ]
    new_version = re.search(r'source_version: "(\w+)"', warnings[0]).group(1)
    assert "kontaktperson/index.md har ändrats" in warnings[0]

    assert main(["check", "--content", str(content_dir), "--strict"]) == 1
    assert "content/en/kontaktperson/index.md" in capsys.readouterr().err

    for translation in ("en", "lattlast"):
        path = content_dir / translation / "kontaktperson" / "index.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(
            re.sub(r'source_version: "\w+"', f'source_version: "{new_version}"', text),
            encoding="utf-8",
        )
    assert main(["check", "--content", str(content_dir), "--strict"]) == 0


def _build_output(content_dir: Path, out: Path, capsys, *options: str) -> tuple[int, str, str]:
    code = main(
        ["build", "--content", str(content_dir), "--out", str(out), "--no-search", *options]
    )
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _warning_places(stderr: str) -> list[str]:
    return [line.split(": varning: ")[0] for line in stderr.splitlines() if ": varning: " in line]


def test_the_build_lists_stale_translations_and_builds_anyway(
    content_dir: Path, tmp_path: Path, capsys
):
    """`site-builder build` names each stale translation on stderr, as `check` does, with
    the count after its summary, on every build until the translation is updated (also
    one that rebuilds only the edited page, and one with nothing to do). It still builds
    and exits 0; `--quiet` leaves the warnings out; `check --strict` makes them errors."""
    out = tmp_path / "site"
    code, stdout, stderr = _build_output(content_dir, out, capsys)
    assert code == 0 and "varning" not in stderr + stdout

    source = content_dir / "kontaktperson" / "index.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nNy mening.\n", encoding="utf-8")
    version_line = _line_of(content_dir / "en" / "kontaktperson" / "index.md", "source_version")
    stale = [
        f"content/en/kontaktperson/index.md:{version_line}",
        f"content/lattlast/kontaktperson/index.md:{version_line}",
    ]
    for _ in ("the edited page rebuilt", "nothing to do"):
        code, stdout, stderr = _build_output(content_dir, out, capsys)
        assert code == 0
        assert _warning_places(stderr) == stale, stderr
        assert "kontaktperson/index.md har ändrats" in stderr
        assert stdout.splitlines()[-1] == "2 varningar: översättningar att uppdatera."
    assert "Ny mening." in (out / "kontaktperson" / "index.html").read_text(encoding="utf-8")

    code, stdout, stderr = _build_output(content_dir, tmp_path / "fresh", capsys, "--quiet")
    assert (code, stdout, stderr) == (0, "", "")
    assert (tmp_path / "fresh" / "kontaktperson" / "index.html").is_file()

    assert main(["check", "--content", str(content_dir), "--strict"]) == 1
    assert _warning_places(capsys.readouterr().err) == []  # --strict: errors, not warnings


def _line_of(path: Path, key: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(key + ":"))


@pytest.mark.parametrize(
    ("relative", "front_matter", "fault"),
    [
        (
            "en/kontakt.md",
            'translation_of: kontakt/finns-inte.md\nsource_version: "abc"',
            "translation_of: sidan 'kontakt/finns-inte.md' finns inte",
        ),
        (
            "kontakt/kopia.md",
            'translation_of: kontakt/index.md\nsource_version: "abc"',
            "en översättning ska ligga i ett språks mapp (lattlast, en, ar, ti)",
        ),
        (
            "en/kontakt.md",
            "translation_of: kontakt/index.md",
            "fältet 'source_version' saknas",
        ),
        (
            "en/kontaktperson/kopia.md",
            'translation_of: kontaktperson/index.md\nsource_version: "abc"',
            "'kontaktperson/index.md' har redan en översättning i en/",
        ),
    ],
)
def test_a_wrong_translation_is_an_error_with_a_sentence(
    content_dir: Path, write_page, capsys, relative: str, front_matter: str, fault: str
):
    base = "title: T\ndescription: D\nupdated: 2026-01-01\n"
    write_page(relative, base + front_matter)
    assert main(["check", "--content", str(content_dir)]) == 1
    assert fault in capsys.readouterr().err


def test_a_languages_start_page_has_no_trail_and_its_pages_start_there(content_build: Path):
    assert parts_of(content_build, "/en/").breadcrumbs == []
    assert parts_of(content_build, "/ar/").breadcrumbs == []
    assert parts_of(content_build, "/lattlast/kontaktperson/").breadcrumbs == ["/lattlast/"]
