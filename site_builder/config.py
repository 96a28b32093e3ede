"""The site configuration (`content/site.yaml`): the one place for municipality facts.

Pages, templates and the form service all read these values through `SiteConfig`,
so a page and a form can never disagree about a phone number or an age limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from site_builder.config_schema import config_errors
from site_builder.errors import ContentError, ContentErrors
from site_builder.languages import SWEDISH, Language
from site_builder.yaml_values import error_line, error_problem, load_node, value_lines

CONFIG_FILENAME = "site.yaml"
# A reference no key in site.yaml holds, worked out from it: how long each e-service's
# submissions are kept, as a Markdown list for the privacy page.
RETENTION_LIST = "e_tjanster.gallring"


@dataclass(frozen=True)
class Unit:
    """A unit of the social services, shown in contact blocks."""

    key: str
    namn: str
    telefon: str
    telefontid: str
    epost: str
    besoksadress: str
    postadress: str


@dataclass(frozen=True)
class EService:
    """An e-service (form) that a page can invite to with its `form` key."""

    key: str
    titel: str
    url: str
    gallras_manader: int | None = None  # months kept after the last change (staff side)

    @property
    def kept_for(self) -> str:
        """How long a submission is kept, in the words every text for citizens uses (the
        forms' privacy box, the privacy page), so they follow the one number."""
        months = self.gallras_manader
        if months is None:
            return ""
        return f"{months} {'månad' if months == 1 else 'månader'} efter senaste ändring"


class SiteConfig:
    """Validated access to `site.yaml`; lookups by dotted key for page references."""

    def __init__(self, data: dict[str, Any], source: Path) -> None:
        self.data = data
        self.source = source

    def lookup(self, dotted_key: str) -> str:
        """The scalar value at `a.b.c`, as text; KeyError when absent or not a scalar."""
        if dotted_key == RETENTION_LIST:
            return self.retention_list()
        node: Any = self.data
        for part in dotted_key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise KeyError(dotted_key)
            node = node[part]
        if isinstance(node, dict | list) or node is None:
            raise KeyError(dotted_key)
        return str(node)

    @property
    def site_name(self) -> str:
        return str(self.data["webbplats"]["namn"])

    @property
    def base_url(self) -> str:
        return str(self.data["webbplats"]["bas_url"]).rstrip("/")

    @property
    def municipality(self) -> str:
        return str(self.data["kommun"]["namn"])

    @property
    def menu(self) -> list[str]:
        return [str(item) for item in self.data["meny"]]

    @property
    def ages(self) -> dict[str, int]:
        return {key: int(value) for key, value in self.data["alder"].items()}

    def unit(self, key: str) -> Unit:
        return Unit(key=key, **{k: str(v) for k, v in self.data["enheter"][key].items()})

    def unit_for_section(self, section: str) -> Unit:
        """The unit whose contact block a section shows (falls back to `standard`)."""
        sections = self.data["avsnitt"]
        return self.unit(str(sections.get(section, sections["standard"])))

    @property
    def eservices(self) -> dict[str, EService]:
        services = self.data["e_tjanster"]
        base = str(services["bas_url"])
        return {
            key: EService(
                key=key,
                titel=str(entry["titel"]),
                url=base + str(entry["sokvag"]),
                gallras_manader=_months(entry.get("gallras_manader")),
            )
            for key, entry in services["formular"].items()
        }

    def retention_list(self) -> str:
        """ "- Title: 12 månader efter senaste ändring." for each e-service, one a line."""
        return "\n".join(
            f"- {service.titel}: {service.kept_for}."
            for service in self.eservices.values()
            if service.kept_for
        )

    @cached_property
    def variants(self) -> dict[str, Language]:
        """The language variants besides ordinary Swedish, by folder, as `sprak` lists them."""
        return {
            str(key): Language(
                key=str(key),
                code=str(entry["kod"]),
                name=str(entry["namn"]),
                direction=str(entry["riktning"]),
                unreviewed_note=str(entry["ej_granskad"]),
            )
            for key, entry in (self.data.get("sprak") or {}).items()
        }

    @property
    def languages(self) -> list[Language]:
        """Ordinary Swedish first, then the variants in `site.yaml`'s order."""
        return [SWEDISH, *self.variants.values()]

    @property
    def eservice_prefix(self) -> str:
        return str(self.data["e_tjanster"]["bas_url"])


def _months(value: Any) -> int | None:
    return None if value is None else int(value)


def load_site_config(content_dir: Path) -> SiteConfig:
    """Read and check `site.yaml`; raise ContentErrors with the file and line of each fault."""
    path = Path(content_dir) / CONFIG_FILENAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(path, None, "inställningsfilen saknas") from None
    except UnicodeDecodeError:
        raise ContentError(path, None, "filen är inte sparad som UTF-8") from None
    try:
        data, node = load_node(text)
    except yaml.YAMLError as exc:
        message = f"inställningsfilen går inte att läsa ({error_problem(exc)})"
        raise ContentError(path, error_line(exc, 1), message) from None
    if not isinstance(data, dict):
        raise ContentError(path, 1, "inställningsfilen ska bestå av rader med 'namn: värde'")
    errors = config_errors(data, path, value_lines(node))
    if errors:
        raise ContentErrors(errors)
    return SiteConfig(data, path)
