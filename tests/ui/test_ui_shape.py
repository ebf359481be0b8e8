"""The shape of ``ui/``: the store only through the context, other sections only through the router.

Both read the source, as tests/test_shape.py does, so a lazy import or a store access inside a
closure counts as much as one at the top of a module.

Why the first rule: the context's ``read`` and ``write`` are where work leaves the UI thread
and where reads and writes get their own kind of transaction; a screen that takes
``store.sessions`` itself bypasses both, and would block the window or an autosave.

Why the second: a screen that imports the workspace to find its way to another section
closes an import cycle (the workspace builds every screen). Screens ask ``ui.navigation``;
the workspace implements it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Modules that must touch the store's sessions themselves, and why. Anything else goes
# through ``context.read`` / ``context.write`` (or ``read_now`` / ``write_now`` for drafts).
ALLOWED: dict[str, str] = {
    "ui.context": "the read/write path itself: it hands the sessions to the work it runs",
    "ui.controller": "the setup wizard's first writes (profile, logo) are queued before the "
                     "new store becomes the context's, so the first screen's read waits for them",
    "ui.demo": "builds the fictional practice in a store the app has not opened yet",
}

# The workspace and what sits above it; screens and widgets never import these.
ABOVE_THE_SCREENS = ("ui.workspace", "ui.window", "ui.controller", "ui.app")


def ui_modules() -> Iterator[tuple[str, ast.Module]]:
    """Every module of ``ui`` by dotted name, parsed."""
    for path in sorted((ROOT / "ui").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, ast.parse(path.read_text(encoding="utf-8"))


def _names_a_store(node: ast.expr) -> bool:
    """``store``, ``self.store``, ``self.context.store``, ``result.store``, ..."""
    if isinstance(node, ast.Name):
        return node.id == "store" or node.id.endswith("_store")
    return isinstance(node, ast.Attribute) and node.attr == "store"


def store_accesses(tree: ast.Module) -> list[str]:
    """Where a module reaches into the store's sessions or engine, as source snippets."""
    found: list[str] = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr in ("sessions", "engine")
                and _names_a_store(node.value)):
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.Call):
            called = node.func
            name = called.attr if isinstance(called, ast.Attribute) else (
                called.id if isinstance(called, ast.Name) else "")
            # Making sessions, or opening a transaction, belongs to the core and the context
            # (a QPainter's begin() is no transaction: only a session's or engine's counts).
            opens = (name in ("begin", "begin_nested") and isinstance(called, ast.Attribute)
                     and any(word in ast.unparse(called.value)
                             for word in ("session", "engine", "store", "conn")))
            if name in ("sessionmaker", "Session") or opens:
                found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return sorted(found, key=lambda place: int(place.split(":")[0].removeprefix("line ")))


def imported(tree: ast.Module) -> set[str]:
    """Every ``ui`` module a module imports, wherever the import is."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name.split(".")[0] == "ui"}


def test_screens_reach_the_store_only_through_the_context() -> None:
    direct = {name: places for name, tree in ui_modules()
              if name not in ALLOWED and (places := store_accesses(tree))}
    assert direct == {}


def test_every_module_allowed_to_reach_the_store_still_does() -> None:
    # An entry with no access left is stale: it would let the next one in unexplained.
    trees = dict(ui_modules())
    assert {name for name in ALLOWED if not store_accesses(trees[name])} == set()


def test_the_check_sees_the_ways_a_screen_could_reach_the_store() -> None:
    sneaky = ast.parse(
        "def load(self):\n"
        "    sessions = self.context.store.sessions\n"
        "    with sessions.begin() as s:\n"
        "        pass\n"
        "    other = result.store.engine\n")
    assert [place.split(":")[0] for place in store_accesses(sneaky)] == [
        "line 2", "line 3", "line 5"]
    harmless = ast.parse("for s in agenda.sessions:\n    self.sessions.addItem(s)\n")
    assert store_accesses(harmless) == []


def test_screens_go_to_other_sections_through_the_router_not_the_workspace() -> None:
    reaching_up = {
        name: sorted(target for target in imported(tree)
                     if any(target == up or target.startswith(up + ".")
                            for up in ABOVE_THE_SCREENS))
        for name, tree in ui_modules()
        if name.startswith(("ui.screens", "ui.widgets", "ui.models", "ui.navigation"))
    }
    assert {name: targets for name, targets in reaching_up.items() if targets} == {}
