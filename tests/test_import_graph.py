"""The import graph of `index` and `assistant`, read from the source with `ast`: `index` never imports `assistant`,
and no module imports itself back through others. A cycle works or breaks with the order modules are first
imported in; one hidden behind `if TYPE_CHECKING:` or inside a function is still a cycle of the design, so every
import statement counts."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("index", "assistant")


def _modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


def _targets(name: str, path: Path, node: ast.Import | ast.ImportFrom, modules: dict[str, Path]) -> set[str]:
    """The modules of the two packages an import statement runs, with the packages above them."""
    if isinstance(node, ast.Import):
        named = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:  # relative: from the module's package upwards
            package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
            package = package[: len(package) - (node.level - 1)]
            base = ".".join([*package, base] if base else package)
        named = [base] + [f"{base}.{alias.name}" for alias in node.names]
    targets = set()
    for target in named:
        parts = target.split(".")
        for i in range(1, len(parts) + 1):
            ancestor = ".".join(parts[:i])
            # a package above this module is already being imported when this module runs
            if ancestor in modules and not (name == ancestor or name.startswith(ancestor + ".")):
                targets.add(ancestor)
    return targets


def import_graph() -> dict[str, set[str]]:
    """Module -> the modules of `index` and `assistant` that importing it runs."""
    modules = _modules()
    graph = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        imports = [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]
        graph[name] = {t for node in imports for t in _targets(name, path, node, modules)}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module, or of one that imports itself (Tarjan)."""
    index_of: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index_of[node] = low[node] = len(index_of)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index_of:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index_of[target])
        if low[node] == index_of[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index_of:
            visit(node)
    return found


def test_the_graph_is_read_from_every_module() -> None:
    graph = import_graph()
    assert {"index", "index.vocabulary", "index.metadata.header", "assistant.grammar"} <= set(graph)
    assert "index.vocabulary" in graph["index.metadata.header"]
    assert "index.citations.docnumbers" in graph["assistant.questions"]
    # a submodule's import runs the packages above it, never the module's own package
    assert "index.citations" in graph["index.metadata.header"]
    assert "index.metadata" not in graph["index.metadata.header"]


def test_index_never_imports_assistant() -> None:
    graph = import_graph()
    wrong = {name: sorted(t for t in targets if t.split(".")[0] == "assistant") for name, targets in graph.items()}
    assert {name: targets for name, targets in wrong.items() if name.startswith("index") and targets} == {}


def test_no_import_cycle() -> None:
    assert cycles(import_graph()) == []


def test_a_cycle_is_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"d"}, "e": {"a"}}
    assert cycles(graph) == [["a", "b", "c"], ["d"]]
