"""The site's Flask views: what each URL shows. The freezer writes them to files."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template

from site_builder.languages import Language
from site_builder.pages import ParsedPage
from site_builder.preview_faults import PreviewFaults
from site_builder.site import Site
from site_builder.ui_text import ui_text

bp = Blueprint("site", __name__)
FAVICON = "favicon.ico"  # in static/, served at the site's root too


def current_site() -> Site:
    """The site being built, or (in the editor preview) the site as it is on disk now."""
    return current_app.extensions["site_source"].current()


@bp.route("/", defaults={"path": ""})
@bp.route("/<path:path>/")
def page(path: str) -> str | tuple[str, int]:
    site = current_site()
    url = f"/{path}/" if path else "/"
    faults = current_app.extensions["site_source"].faults()
    if faults.at(url):
        return render_faulty_page(url, faults)
    shown = site.by_url.get(url)
    if shown is None:
        abort(404)
    return render_page(site, shown)


def render_faulty_page(url: str, faults: PreviewFaults) -> tuple[str, int]:
    """In the preview, a page with faults lists them in the site's look.

    Status 500, as for any page the server cannot produce: the page would stop the
    build, and a link checker run against the preview must see that. Browsers show
    the list all the same.
    """
    html = render_template(
        "site/page-faults.html",
        errors=faults.at(url),
        content_faults=faults.elsewhere(url),
        contact_unit=None,
    )
    return html, 500


def render_page(site: Site, shown: ParsedPage) -> str:
    """Render a content page or a section index with everything around it."""
    language = site.language(shown)
    section_index = shown.is_index and not site.is_start_page(shown)
    template = "site/section.html" if section_index else "site/page.html"
    form = site.config.eservices.get(shown.meta.form) if shown.meta.form else None
    section = site.section_in_language(shown)
    return render_template(
        template,
        page=shown,
        body=current_app.extensions["site_source"].html(shown),
        breadcrumbs=site.breadcrumbs(shown),
        children=site.children(shown),
        related=site.related(shown),
        form=form,
        contact_unit=site.config.unit_for_section(section),
        current_section=section,
        alternates=site.hreflang_alternates(shown),
        language_menu=site.language_menu(shown),
        easy_read_version=site.easy_read_version(shown),
        **_language_frame(site, language),
    )


def _language_frame(site: Site, language: Language) -> dict[str, Any]:
    """What base.html shows around any page in `language`: its words, menu and links."""
    return {
        "language": language,
        "ui": ui_text(language.code),
        "main_menu": site.menu_for(language),
        "footer_links": site.footer_links(language),
        "home_url": language.start_url,
        "search_url": site.search_url_for(language),
    }


@bp.route("/sok/", defaults={"language_key": ""})
@bp.route("/<language_key>/sok/")
def search(language_key: str) -> str:
    """The search page of a language: Pagefind searches the index of its own <html lang>."""
    site = current_site()
    language = site.search_languages().get(language_key)
    if language is None:
        abort(404)
    frame = _language_frame(site, language)
    contact_url = dict(frame["footer_links"])["contact"]
    return render_template("site/search.html", contact_unit=None, contact_url=contact_url, **frame)


@bp.route("/404.html")
def not_found_page() -> str:
    return render_template("site/404.html", contact_unit=None)


@bp.route("/sitemap.xml")
def sitemap() -> Response:
    site = current_site()
    xml = render_template("site/sitemap.xml", pages=site.pages, alternates=site.hreflang_alternates)
    return Response(xml, mimetype="application/xml")


@bp.route("/favicon.ico")
def favicon() -> Response:
    """The icon at the address browsers, bookmarks and link previews ask for by themselves
    (pages link the SVG in `static/`; this is the same icon drawn as an ICO file)."""
    return current_app.send_static_file(FAVICON)


@bp.route("/robots.txt")
def robots() -> Response:
    return Response(render_template("site/robots.txt"), mimetype="text/plain")


def page_not_found(_error: Exception) -> tuple[str, int]:
    """The preview server's 404: the same page the built site shows."""
    return render_template("site/404.html", contact_unit=None), 404
