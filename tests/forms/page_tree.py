"""A page's HTML as a small element tree, for tests that look at what a person's browser
and screen reader get: attributes, labels, legends and the text of links.

Python's own HTMLParser builds it, so the suite needs no HTML library. Void elements
(`input`, `br`, …) have no children; an unclosed element ends with its parent, as in
the pages these tests read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    def __getitem__(self, name: str) -> str:
        return self.attrs[name]

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def elements(self) -> Iterator[Element]:
        """Every element under this one, in document order."""
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.elements()

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        """Elements with this tag (any when None) whose attributes have these values;
        `class_` matches one of the element's classes."""
        wanted_class = attrs.pop("class_", None)
        return [
            element
            for element in self.elements()
            if (tag is None or element.tag == tag)
            and (wanted_class is None or wanted_class in element.classes)
            and all(element.attrs.get(name) == value for name, value in attrs.items())
        ]

    def text(self, skip: Callable[[Element], bool] = lambda element: False) -> str:
        """The text inside, whitespace collapsed, leaving out elements that `skip` names."""
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif not skip(child):
                parts.append(child.text(skip))
        return " ".join("".join(parts).split())

    def accessible_text(self) -> str:
        """The text a screen reader reads: without elements hidden with aria-hidden."""
        return self.text(skip=lambda element: element.get("aria-hidden") == "true")


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


def parse(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root
