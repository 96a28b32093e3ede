"""The layers import one way: a module imports only from its own part or from parts below.

The order is declared once, in `LAYERS`, lowest first. Parts in the same layer are
peers that never import each other: the public app and the staff app share what lies
below them and nothing else. Every import counts, including those inside functions,
which is where a wrong-way import hides. No two modules may import each other, however
far round (a cycle), even within one part.

An import names one module: `from form_service.storage.db import x` is an edge to
`form_service.storage.db`, not to the packages above it, whose `__init__` Python runs
first; that is what lets a package's `__init__` import from its own modules.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ("form_service", "site_builder")

# Lowest first. A part is a name and the modules it holds: "pkg.*" is a package and
# everything in it, a name without ".*" is that one module.
LAYERS: tuple[dict[str, tuple[str, ...]], ...] = (
    {"site_builder": ("site_builder.*",)},
    {"core": ("form_service.core.*",)},
    {"storage": ("form_service.storage.*",)},
    {"forms": ("form_service.forms.*",)},
    {"eservices": ("form_service.eservices.*",)},
    {"mail": ("form_service.mail.*",)},
    {"web": ("form_service.web.*",)},
    {
        "public app": ("form_service", "form_service.commands", "form_service.views.*"),
        "staff app": ("form_service.staff.*",),
    },
    {
        "entry points": (
            "form_service.cli",
            "form_service.devserver",
            "form_service.settings_tables",
            "form_service.translations_tool",
            "form_service.migrations.*",
        ),
    },
)


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}: {self.importer} imports {self.imported}"


def modules() -> dict[str, tuple[Path, bool]]:
    """Every module of the checked packages: its name, its file, whether it is a package."""
    found = {}
    for package in CHECKED:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


def imports() -> list[Import]:
    """Every import of one checked module by another, wherever in the file it stands."""
    known = modules()
    edges: dict[Import, None] = {}  # one per line and module imported, in file order
    for name, (path, is_package) in known.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            for target in _targets(node, name, is_package, known):
                if target.split(".")[0] in CHECKED:
                    edges[Import(name, target, path, node.lineno)] = None
    return list(edges)


def _targets(node: ast.AST, name: str, is_package: bool, known: dict) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:
        base = name.split(".") if is_package else name.split(".")[:-1]
        base = base[: len(base) - node.level + 1]
        source = ".".join(base + ([node.module] if node.module else []))
    else:
        source = node.module or ""
    # `from package import module` imports the module; `from module import name` the module.
    return [
        f"{source}.{alias.name}" if f"{source}.{alias.name}" in known else source
        for alias in node.names
    ]


def part_of(module: str) -> tuple[int, str] | None:
    """The layer and part a module belongs to, by its most specific pattern."""
    best: tuple[int, int, str] | None = None
    for level, parts in enumerate(LAYERS):
        for part, patterns in parts.items():
            for pattern in patterns:
                prefix = pattern.removesuffix(".*")
                matches = module == prefix or (
                    pattern.endswith(".*") and module.startswith(prefix + ".")
                )
                if matches and (best is None or len(prefix) > best[0]):
                    best = (len(prefix), level, part)
    return (best[1], best[2]) if best else None


def wrong_way(edges: list[Import]) -> list[str]:
    """Imports of a part in a higher layer, or of a peer in the same layer."""
    faults = []
    for edge in edges:
        importer, imported = part_of(edge.importer), part_of(edge.imported)
        if importer is None or imported is None:
            continue  # an unplaced module is a fault of its own, reported above
        (low, importer_part), (high, imported_part) = importer, imported
        if importer_part == imported_part or high < low:
            continue
        where = "a peer" if high == low else "a higher layer"
        faults.append(f"{edge}: {importer_part} may not import {imported_part} ({where})")
    return faults


def cycles(edges: list[Import]) -> list[list[Import]]:
    """Each set of modules that import each other round, as one cycle through it."""
    graph: dict[str, dict[str, Import]] = {}
    for edge in edges:
        if edge.importer != edge.imported:
            graph.setdefault(edge.importer, {}).setdefault(edge.imported, edge)
    found = []
    for component in _strongly_connected(graph):
        if len(component) > 1:
            found.append(_cycle_through(sorted(component)[0], component, graph))
    return found


def _strongly_connected(graph: dict[str, dict[str, Import]]) -> list[set[str]]:
    """Tarjan's algorithm, iteratively, over the import graph."""
    index: dict[str, int] = {}
    lowlink: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, {}))))]
        index[start] = lowlink[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    lowlink[work[-1][0]] = min(lowlink[work[-1][0]], lowlink[node])
                if lowlink[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    components.append(component)
            elif child not in index:
                index[child] = lowlink[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph.get(child, {})))))
            elif child in on_stack:
                lowlink[node] = min(lowlink[node], index[child])
    return components


def _cycle_through(start: str, component: set[str], graph: dict) -> list[Import]:
    """The shortest way round from `start` back to itself, inside its component."""
    paths: dict[str, list[Import]] = {start: []}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for child, edge in sorted(graph.get(node, {}).items()):
            if child == start:
                return [*paths[node], edge]
            if child in component and child not in paths:
                paths[child] = [*paths[node], edge]
                queue.append(child)
    raise AssertionError(f"no way round from {start}")


def test_every_module_has_a_place_in_the_layers():
    unplaced = sorted(name for name in modules() if part_of(name) is None)
    assert not unplaced, "put these modules in a part of LAYERS:\n" + "\n".join(unplaced)


def test_imports_go_down_the_layers_and_never_to_a_peer():
    faults = wrong_way(imports())
    assert not faults, "imports against the layer order:\n" + "\n".join(faults)


def test_no_modules_import_each_other_round():
    found = cycles(imports())
    report = "\n\n".join("\n".join(str(edge) for edge in cycle) for cycle in found)
    assert not found, "import cycles:\n" + report


def test_the_check_names_a_wrong_way_import_and_a_cycle():
    """What the issue found: the staff app reading the public app's views, and storage
    and mail importing each other."""
    edges = [
        Import("form_service.staff.casefile", "form_service.views.answers", ROOT / "a.py", 3),
        Import("form_service.storage.submissions", "form_service.mail.outbox", ROOT / "b.py", 5),
        Import("form_service.mail.outbox", "form_service.storage.submissions", ROOT / "c.py", 7),
    ]
    faults = wrong_way(edges)
    assert faults == [
        "a.py:3: form_service.staff.casefile imports form_service.views.answers: "
        "staff app may not import public app (a peer)",
        "b.py:5: form_service.storage.submissions imports form_service.mail.outbox: "
        "storage may not import mail (a higher layer)",
    ]
    assert [[edge.line for edge in cycle] for cycle in cycles(edges)] == [[7, 5]]
