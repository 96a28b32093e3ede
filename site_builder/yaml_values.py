"""Reading YAML written by editors, so that no surprising YAML type reaches the builder.

PyYAML turns `2026-03-03` into a date and crashes with a traceback on `2026-13-45`;
an explicit tag such as `!!int tio` raises a plain ValueError without a line. Here
dates and times stay the text the editor typed (the schema decides what is a valid
date and says so in Swedish), and a value that cannot be built becomes a YAML error
with the line it is on.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError

try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - libyaml is in the wheels we install
    from yaml import SafeLoader as _SafeLoader

TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class ContentLoader(_SafeLoader):
    """The safe loader, with dates kept as text and every construction fault marked."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """Build one value; a fault becomes a ConstructorError that points at its line."""
        old_deep = self.deep_construct
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, KeyError, OverflowError) as exc:
            self.recursive_objects.pop(node, None)
            self.deep_construct = old_deep
            value = node.value if isinstance(node, yaml.ScalarNode) else ""
            problem = f"värdet '{value}' går inte att läsa som {_tag_name(node.tag)}"
            raise ConstructorError(None, None, problem, node.start_mark) from exc

    def construct_text(self, node: yaml.ScalarNode) -> str:
        return str(self.construct_scalar(node))


ContentLoader.add_constructor(TIMESTAMP_TAG, ContentLoader.construct_text)


TAG_NAMES = {"int": "heltal", "float": "decimaltal", "bool": "true eller false", "null": "tomt"}


def _tag_name(tag: str) -> str:
    name = tag.rsplit(":", 1)[-1]
    return TAG_NAMES.get(name, name)


def load_node(text: str) -> tuple[Any, yaml.Node | None]:
    """The value of a YAML document and its node (for line numbers); YAMLError on a fault."""
    loader = ContentLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return data, node


def error_line(exc: yaml.YAMLError, first_line: int) -> int | None:
    """The line a YAML error points at, counted from `first_line` for the text's first line."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + first_line if mark is not None else None


def error_problem(exc: yaml.YAMLError) -> str:
    """What is wrong, as PyYAML or this module describes it."""
    return getattr(exc, "problem", None) or "okänt fel"


def value_lines(node: yaml.Node | None, first_line: int = 1) -> dict[tuple[str, ...], int]:
    """The line of every setting, by its path of keys (list items by their index)."""
    lines: dict[tuple[str, ...], int] = {}
    pending: list[tuple[tuple[str, ...], yaml.Node | None]] = [((), node)]
    seen: set[int] = set()
    while pending:
        where, current = pending.pop()
        if id(current) in seen:
            continue  # an alias back to a node already walked
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                name = (*where, str(key.value))
                lines.setdefault(name, key.start_mark.line + first_line)
                pending.append((name, value))
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                name = (*where, str(index))
                lines.setdefault(name, item.start_mark.line + first_line)
                pending.append((name, item))
    return lines
