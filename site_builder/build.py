"""Building the site: collect and validate everything, then render what changed.

A build with a content fault stops before it writes anything. A first build (or
one where most pages change) renders into a fresh folder and swaps it in, so a
failed build leaves the previously built site as it was; small changes are
rendered in place, page by page.

Modules that parse and render are imported inside the functions that need them:
a rebuild with nothing to do then costs only a scan of file stats.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from site_builder.changes import (
    files_stamp,
    forget_stamp,
    read_stamp,
    scan_sources,
    tree_files,
    write_stamp,
)
from site_builder.config import CONFIG_FILENAME
from site_builder.errors import ContentError
from site_builder.precompress import compress, files_to_compress, gzip_copy
from site_builder.progress import Progress, plural
from site_builder.resources import STATIC_DIR, TEMPLATES_DIR

if TYPE_CHECKING:
    from site_builder.site import Site

PACKAGE_DIR = Path(__file__).resolve().parent
STAMP_VERSION = 2


class BuildReport(NamedTuple):
    """What a build did, for the command line and the benchmark."""

    pages: int
    rendered: int
    removed: int
    full: bool
    seconds: float
    search_seconds: float | None
    unchanged: int = 0
    # Stale translations: the build goes on, `site-builder build` lists them on stderr.
    warnings: tuple[ContentError, ...] = ()

    def summary(self) -> str:
        if self.rendered == 0 and self.removed == 0:
            return f"Inget har ändrats sedan förra bygget ({self.seconds:.2f} s)."
        kind = "Hela webbplatsen byggd" if self.full else "Ändringarna byggda"
        text = f"{kind} från {plural(self.pages, 'sidfil', 'sidfiler')}: "
        text += f"{plural(self.rendered, 'fil skriven', 'filer skrivna')}, "
        text += f"{plural(self.unchanged, 'oförändrad', 'oförändrade')}, "
        text += f"{plural(self.removed, 'borttagen', 'borttagna')} ({self.seconds:.2f} s"
        if self.search_seconds is not None:
            text += f", varav sökindex {self.search_seconds:.2f} s"
        return text + ")."


def build_site(
    content_dir: Path, out_dir: Path, *, search: bool = True, progress: Progress | None = None
) -> BuildReport:
    """Build `content_dir` into `out_dir`; raise ContentErrors listing every fault.

    `progress` reports each stage as it runs (`site-builder build` passes one for
    stderr); without it the build says nothing.
    """
    progress = progress or Progress.silent()
    started = time.perf_counter()
    content_dir, out_dir = Path(content_dir).resolve(), Path(out_dir).resolve()
    parse_stamp = files_stamp(
        [content_dir / CONFIG_FILENAME, *tree_files(PACKAGE_DIR, suffix=".py")]
    )
    stamp = {
        "version": STAMP_VERSION,
        "parse": parse_stamp,
        "render": parse_stamp + files_stamp(tree_files(TEMPLATES_DIR, STATIC_DIR)),
        "sources": scan_sources(content_dir),
        "search": search,
    }
    previous = read_stamp(out_dir)
    if previous is not None and _same_inputs(previous, stamp):
        # Same inputs, same stale translations: the last build's warnings still hold.
        warnings = _stored_warnings(previous)
        return BuildReport(0, 0, 0, False, time.perf_counter() - started, None, 0, warnings)
    return _rebuild(content_dir, out_dir, stamp, previous, started, progress)


def check_content(content_dir: Path) -> Site:
    """Validate every page without writing anything; raise ContentErrors with all faults."""
    from site_builder.collect import parse_all
    from site_builder.config import load_site_config
    from site_builder.site import assemble_site

    content_dir = Path(content_dir).resolve()
    config = load_site_config(content_dir)
    sources = scan_sources(content_dir)
    pages, errors = parse_all(content_dir, config, sources)
    return assemble_site(config, pages, errors, content_dir, include_drafts=False, sources=sources)


def _stored_warnings(stamp: dict) -> tuple[ContentError, ...]:
    return tuple(
        ContentError(Path(path), line, message) for path, line, message in stamp.get("warnings", ())
    )


def _store_warnings(stamp: dict, warnings: list[ContentError]) -> tuple[ContentError, ...]:
    """Keep the warnings with the stamp (a build with nothing to do repeats them), in
    file and line order, whichever way the build found them."""
    ordered = tuple(sorted(warnings, key=lambda w: (str(w.path), w.line or 0, w.message)))
    stamp["warnings"] = [(str(w.path), w.line, w.message) for w in ordered]
    return ordered


def _same_inputs(previous: dict, current: dict) -> bool:
    searched = previous.get("search") or not current["search"]
    return searched and all(
        previous.get(key) == current[key] for key in ("version", "parse", "render", "sources")
    )


def _rebuild(
    content_dir: Path,
    out_dir: Path,
    stamp: dict,
    previous: dict | None,
    started: float,
    progress: Progress,
) -> BuildReport:
    from site_builder.config import load_site_config
    from site_builder.state_store import StateStore, store_path

    config = load_site_config(content_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    store = StateStore(store_path(out_dir))
    try:
        if previous is not None and _only_pages_edited(previous, stamp):
            report = _rebuild_edited_pages(
                content_dir, out_dir, config, store, stamp, previous, progress
            )
            if report is not None:
                return report._replace(seconds=time.perf_counter() - started)
        report = _rebuild_affected(content_dir, out_dir, config, store, stamp, previous, progress)
        return report._replace(seconds=time.perf_counter() - started)
    finally:
        store.close()


def _only_pages_edited(previous: dict, stamp: dict) -> bool:
    """Same code, templates, configuration and set of files: only page files changed."""
    same = ("parse", "render", "search")
    return all(previous.get(key) == stamp[key] for key in same) and (
        previous["sources"].keys() == stamp["sources"].keys()
    )


def _rebuild_affected(
    content_dir, out_dir, config, store, stamp, previous, progress: Progress
) -> BuildReport:
    """The general case: re-read what changed, check every page, render changed keys."""
    from site_builder.incremental import changed_urls, url_keys
    from site_builder.site import assemble_site

    sources = stamp["sources"]
    same_parsing = previous is not None and previous["parse"] == stamp["parse"]
    reusable = store.all_pages() if same_parsing else {}
    old_sources = previous["sources"] if previous else {}
    stale = {s for s in sources if s not in reusable or old_sources.get(s) != sources[s]}
    parsed, errors = _read_pages(progress, "sida", "sidor", content_dir, config, stale)
    pages = [reusable[s] for s in sources if s not in stale] + parsed
    with progress.stage(f"Kontrollerar länkar i {plural(len(pages), 'sida', 'sidor')}"):
        site = assemble_site(
            config, pages, errors, content_dir, include_drafts=False, sources=sources
        )

    keys = url_keys(site, stamp["render"], tree_files(STATIC_DIR), STATIC_DIR)
    old_keys = store.keys() if previous is not None else {}
    render = changed_urls(old_keys, keys)
    removed = set(old_keys) - set(keys)
    full = not old_keys or len(render) > len(keys) // 2
    searched = bool(previous and previous.get("search"))
    if full:
        render = set(keys)
        search_seconds = _build_fresh(site, render, out_dir, stamp["search"], progress)
    else:
        search_seconds = _build_in_place(
            site, render, removed, out_dir, stamp["search"], searched, progress
        )
    store.replace_all((page.without_html() for page in pages), keys)
    warnings = _store_warnings(stamp, site.warnings)
    write_stamp(out_dir, stamp)
    unchanged = len(keys) - len(render)
    return BuildReport(
        len(sources), len(render), len(removed), full, 0.0, search_seconds, unchanged, warnings
    )


def _rebuild_edited_pages(
    content_dir, out_dir, config, store, stamp, previous, progress: Progress
) -> BuildReport | None:
    """The fast case: edited pages whose interface is unchanged touch nothing else.

    Returns None when an edit changes what other pages show (a title, an anchor …);
    the general case then handles it.
    """
    from site_builder.errors import ContentErrors
    from site_builder.incremental import (
        context_pages,
        language_context,
        page_keys,
        same_interface,
    )
    from site_builder.site import Site, page_errors
    from site_builder.state_store import StoredPages
    from site_builder.translations import stale_translations

    sources, old_sources = stamp["sources"], previous["sources"]
    edited = [s for s in sources if old_sources[s] != sources[s]]
    parsed, errors = _read_pages(
        progress, "ändrad sida", "ändrade sidor", content_dir, config, edited
    )
    if errors:
        return None  # the general case checks every page, so it lists every fault
    if not all(same_interface(page, store.page(page.source)) for page in parsed):
        return None
    lookup = StoredPages(store, sources, parsed)
    visible = [page for page in parsed if not page.meta.draft]
    shown = Path(content_dir.name)
    with progress.stage(f"Kontrollerar länkar i {plural(len(visible), 'sida', 'sidor')}"):
        for page in visible:
            errors += page_errors(page, lookup, _is_published_url(store), config, shown, False)
        if errors:
            raise ContentErrors(errors)
    around = context_pages(visible, lookup, store, config)
    around += language_context(visible + around, lookup, config)
    site = Site(config, visible + around, content_dir)
    keys = page_keys(site, visible, stamp["render"])
    old_keys = store.keys_of(keys)
    render = {url for url, key in keys.items() if old_keys.get(url) != key}
    unchanged = store.key_count() - len(render)
    search_seconds = _build_in_place(site, render, set(), out_dir, stamp["search"], True, progress)
    store.update((page.without_html() for page in parsed), keys)
    # Every translation and the page it translates are among the pages read (the
    # language context), so an edited source makes its translations stale here too.
    found = stale_translations(site.pages, site.by_source, shown)
    warnings = _store_warnings(stamp, found)
    write_stamp(out_dir, stamp)
    return BuildReport(
        len(sources), len(render), 0, False, 0.0, search_seconds, unchanged, warnings
    )


def _read_pages(progress: Progress, one: str, many: str, content_dir, config, sources):
    """Parse `sources` as the stage `Läser N sidor`; no line when there is nothing to read."""
    from site_builder.collect import parse_all

    sources = list(sources)
    if not sources:
        return [], []
    with progress.stage(f"Läser {plural(len(sources), one, many)}", total=len(sources)) as stage:
        return parse_all(content_dir, config, sources, stage.advance)


def _is_published_url(store):
    def is_published(url: str) -> bool:
        page = store.page_at(url)
        return page is not None and not page.meta.draft

    return is_published


def _build_fresh(
    site: Site, render: set[str], out_dir: Path, search: bool, progress: Progress
) -> float | None:
    """Render everything into a new folder, then swap it in for the old one."""
    fresh = out_dir.with_name(f".{out_dir.name}.new")
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        _freeze(site, render, fresh, progress, strict=True)
        search_seconds = _index_search(fresh, progress) if search else None
        _precompress(fresh, progress)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    forget_stamp(out_dir)
    old = out_dir.with_name(f".{out_dir.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        out_dir.rename(old)
    fresh.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
    return search_seconds


def _build_in_place(
    site: Site,
    render: set[str],
    removed: set[str],
    out_dir: Path,
    search: bool,
    searched: bool,
    progress: Progress,
) -> float | None:
    """Render only the URLs whose inputs changed, and delete those that are gone."""
    forget_stamp(out_dir)
    _freeze(site, render, out_dir, progress, strict=False)
    for url in removed:
        _remove_url(out_dir, url)
    pages_changed = any(url.endswith("/") for url in render | removed)
    reindex = search and (pages_changed or not searched)
    search_seconds = _index_search(out_dir, progress) if reindex else None
    _precompress(out_dir, progress)
    return search_seconds


def _precompress(site_dir: Path, progress: Progress) -> None:
    files = files_to_compress(site_dir)
    if files:
        label = f"Komprimerar {plural(len(files), 'fil', 'filer')} (gzip)"
        with progress.stage(label, total=len(files)) as stage:
            compress(files, stage.advance)


def _freeze(
    site: Site, render: set[str], destination: Path, progress: Progress, *, strict: bool
) -> None:
    from site_builder import create_app
    from site_builder.freezer import freeze, site_urls, warn_about_forgotten_urls

    cache = destination.parent / ".template-cache"
    app = create_app({"SITE": site, "BUILD_DESTINATION": destination, "TEMPLATE_CACHE_DIR": cache})
    targets = site_urls(site, STATIC_DIR)
    if strict:
        with warnings.catch_warnings():
            # A full build must know how to render every endpoint the app has.
            from flask_frozen import MissingURLGeneratorWarning

            warnings.simplefilter("error", MissingURLGeneratorWarning)
            warn_about_forgotten_urls(app, targets)
    if render:
        label = f"Skriver {plural(len(render), 'fil', 'filer')}"
        with progress.stage(label, total=len(render)) as stage:
            freeze(app, targets, render, stage.advance)


def _remove_url(out_dir: Path, url: str) -> None:
    path = out_dir / (url.lstrip("/") + ("index.html" if url.endswith("/") else ""))
    path.unlink(missing_ok=True)
    gzip_copy(path).unlink(missing_ok=True)
    folder = path.parent
    while folder != out_dir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _index_search(site_dir: Path, progress: Progress) -> float:
    """Build the Pagefind index (the PyPI package ships the binary; it runs offline)."""
    started = time.perf_counter()
    with progress.stage("Sökindex (Pagefind)"):
        subprocess.run(  # noqa: S603 - our own interpreter running the pagefind package
            [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"],
            check=True,
        )
    return time.perf_counter() - started
