"""A page's HTML as a small element tree, for tests that look at what a person's browser
and screen reader get: attributes, labels, legends and the text of links.

html5lib builds it by the HTML standard's parsing rules, as a browser does, and lists
every parse error on the way: `parse` fails on any, so a page with markup a browser
would have to repair never passes a test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree

import html5lib


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


class HTMLParseError(AssertionError):
    """The page has markup that a browser would have to repair."""


def parse(html: str) -> Element:
    """The page as an element tree; an `HTMLParseError` naming each parse error (line,
    column, html5lib's code) if there is any."""
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"))
    document = parser.parse(html)
    if parser.errors:
        lines = html.splitlines()
        raise HTMLParseError(
            "HTML parse errors:\n"
            + "\n".join(
                _described(position, code, variables, lines)
                for position, code, variables in parser.errors
            )
        )
    root = Element("#document", {})
    root.children.append(_converted(document))
    return root


def _described(position: tuple[int, int], code: str, variables: dict, lines: list[str]) -> str:
    line, column = position
    source = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    return f"  line {line}, column {column}: {code} {variables or ''}: {source[:120]}"


def _converted(node: ElementTree.Element) -> Element:
    element = Element(
        _local(node.tag), {_local(name): value for name, value in node.attrib.items()}
    )
    if node.text:
        element.children.append(node.text)
    for child in node:
        if isinstance(child.tag, str):
            element.children.append(_converted(child))
        if child.tail:
            element.children.append(child.tail)
    return element


def _local(name: str) -> str:
    """A tag or attribute name without html5lib's namespace."""
    return name.rsplit("}", 1)[-1]
