"""The shape of the code base, kept: a Qt-free core, small modules, no import cycles, no arrow up.

These read the source, not the running program, so a lazy import inside a function counts as
much as one at the top of a module: an arrow is an arrow, whenever it is followed. Imports
under ``if TYPE_CHECKING:`` are left out, since they never run. ``from package import
submodule`` is an arrow to the submodule alone (as import-linter counts it): every import of
a submodule runs its package's ``__init__`` first, and counting that would make every
package that re-exports its public names look like a cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_MODULE_LINES = 500

# Lower layers never import higher ones. A module's layer is the first prefix that matches.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("practice.errors", "practice.paths", "practice.text"),
    # Pure domain rules and the PDF engine: no database, so the models may use their values.
    ("practice.documents", "practice.schedule", "practice.measures", "practice.billing",
     "practice.letters"),
    ("practice.models", "practice.store"),
    ("practice.services",),
    ("practice.demo", "practice.demo_extras", "practice.cli", "practice.__main__"),
    ("ui",),
)


@cache
def modules() -> Mapping[str, Path]:
    """Every module of ``practice`` and ``ui`` by dotted name (migrations are scripts, left out)."""
    found: dict[str, Path] = {}
    for top in ("practice", "ui"):
        for path in (ROOT / top).rglob("*.py"):
            if "migrations" in path.parts or "_resources" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _owner(name: str) -> str | None:
    """The module a dotted import name lands in (``a.b.func`` -> ``a.b``)."""
    known = modules()
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def _type_checking_only(tree: ast.Module) -> set[int]:
    hidden: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            hidden.update(id(inner) for inner in ast.walk(node))
    return hidden


def imports_of(name: str) -> Iterator[str]:
    """The project modules ``name`` imports, wherever in the module the import is."""
    tree = ast.parse(modules()[name].read_text(encoding="utf-8"))
    hidden = _type_checking_only(tree)
    known = modules()
    for node in ast.walk(tree):
        if id(node) in hidden:
            continue
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                targets.append(submodule if submodule in known else node.module)
        for target in targets:
            if target.split(".")[0] not in ("practice", "ui"):
                continue
            owner = _owner(target)
            if owner is not None and owner != name:
                yield owner


def layer_of(name: str) -> int:
    """The module's layer, lowest first (see ``LAYERS``)."""
    for level, prefixes in enumerate(LAYERS):
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            return level
    return -1  # the ``practice`` package itself: its version string, imported by anyone


def _cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(graph[start]))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph.get(child, set()))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_core_never_imports_qt() -> None:
    offenders = []
    for name, path in modules().items():
        if not name.startswith("practice"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            named = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n.split(".")[0] in ("PySide6", "shiboken6", "ui") for n in named):
                offenders.append(name)
    assert offenders == []


def test_no_module_is_longer_than_500_lines() -> None:
    long: dict[str, int] = {}
    for name, path in modules().items():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            long[name] = lines
    assert long == {}


def test_no_arrow_runs_from_a_lower_layer_to_a_higher_one() -> None:
    upward = sorted(
        f"{name} -> {target}"
        for name in modules()
        for target in set(imports_of(name))
        if layer_of(target) > layer_of(name) >= 0
    )
    assert upward == []


def test_no_two_modules_import_each_other_even_by_way_of_others() -> None:
    graph = {name: set(imports_of(name)) for name in modules()}
    assert _cycles(graph) == []
