"""The house rules of ``kg/`` (docs/architecture.md), checked so they stay true.

Each rule is one a newcomer relies on: packages do not import each other in a circle,
modules stay short, the top level stays small, only the CLI knows click, and the
claimgraph namespace IRI is spelt in one place.
"""

from __future__ import annotations

import ast
from pathlib import Path

import kg

ROOT = Path(kg.__file__).parent
MODULES = {
    ".".join(("kg", *path.relative_to(ROOT).with_suffix("").parts)).removesuffix(".__init__"): path
    for path in sorted(ROOT.rglob("*.py"))
    if "examples" not in path.relative_to(ROOT).parts
}


def _imports(name: str, path: Path) -> set[str]:
    """kg modules ``name`` imports, anywhere in its body, except under TYPE_CHECKING."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.Import):
                found.update(a.name for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parts = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*parts, base] if base else parts)
                for alias in child.names:
                    full = f"{base}.{alias.name}"
                    found.add(full if full in MODULES else base)
            visit(child)

    visit(ast.parse(path.read_text()))
    return {m for m in found if m in MODULES and m != name}


def test_no_import_cycle_inside_kg() -> None:
    graph = {name: _imports(name, path) for name, path in MODULES.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :] + [nxt]
                raise AssertionError("import cycle: " + " → ".join(cycle))
            if nxt not in state:
                walk(nxt)
        stack.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            walk(name)


def test_no_module_is_longer_than_600_lines() -> None:
    long = {name: n for name, p in MODULES.items() if (n := len(p.read_text().splitlines())) > 600}
    assert not long, long


def test_the_top_level_holds_at_most_twelve_modules() -> None:
    top = sorted(p.name for p in ROOT.glob("*.py"))
    assert len(top) <= 12, top


def test_only_kg_cli_imports_click() -> None:
    users = sorted(
        name
        for name, path in MODULES.items()
        if not name.startswith("kg.cli")
        and any(
            (isinstance(n, ast.Import) and any(a.name == "click" for a in n.names))
            or (isinstance(n, ast.ImportFrom) and n.module == "click")
            for n in ast.walk(ast.parse(path.read_text()))
        )
    )
    assert not users, users


def test_the_namespace_iri_is_written_once() -> None:
    iri = "https://w3id.org/claimgraph/ns#"
    places = sorted(name for name, path in MODULES.items() if iri in path.read_text())
    assert places == ["kg.vocab"], places
