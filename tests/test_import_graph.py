"""The features of engage/ form no import cycle, and talk through their public faces.

Every module under engage/ is parsed (not imported), and every import in it counts,
at the top or inside a function, except under ``if TYPE_CHECKING:`` (names for type
checkers only, as models name each other's classes by string at run time). A node is
a package under engage/ (a feature: engage/comments/…) or a shared module at its top
(engage/text.py…). The application itself, engage/__init__.py (create_app), imports
every feature and is not a node: importing it (a worker building the app) is not a
dependency on another feature.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ENGAGE = Path(__file__).resolve().parent.parent / "engage"

# Modules at the top of engage/ that put the application together: they may import any
# feature's routes (to register them, or to connect hooks), so they are exempt from the
# routes rule. They are still nodes: no feature may import them back.
ASSEMBLY = {"engage.wiring"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ENGAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_package(name: str) -> bool:
    path = ENGAGE.parent / Path(*name.split("."))
    return path.is_dir() or path.with_suffix(".py").is_file()


def _node(module: str) -> str | None:
    """engage.comments.service -> engage.comments; engage -> None (the application)."""
    parts = module.split(".")
    if parts[0] != "engage" or len(parts) < 2:
        return None
    return ".".join(parts[:2])


def _type_checking_only(tree: ast.AST) -> set[ast.AST]:
    hidden: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                hidden.update(ast.walk(child))
    return hidden


class Import:
    def __init__(self, source: str, path: Path, line: int, module: str, names: list[str]):
        self.source, self.path, self.line = source, path, line
        self.module, self.names = module, names

    def where(self) -> str:
        return f"{self.path.relative_to(ENGAGE.parent)}:{self.line}"


def _imports(path: Path) -> list[Import]:
    """(imported module, names taken from it) for every import that runs."""
    source = _module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hidden = _type_checking_only(tree)
    package = source if path.name == "__init__.py" else source.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if node in hidden:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append(Import(source, path, node.lineno, alias.name, []))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if _is_package(submodule):  # from engage import text / from x import routes
                    found.append(Import(source, path, node.lineno, submodule, []))
                else:
                    found.append(Import(source, path, node.lineno, base, [alias.name]))
    return found


def _private_attributes(path: Path, imports: list[Import], within: bool = False) -> list[str]:
    """``module._name`` where module is another node's module, imported by name (with
    ``within``, any other module of engage, in the same feature too)."""
    source_node = _node(_module_name(path))
    if within:
        source_node = _module_name(path)
    aliases = {}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom | ast.Import):
            for alias in node.names:
                target = next(
                    (i.module for i in imports if i.line == node.lineno and not i.names), None
                )
                node_of = (lambda m: m if m.startswith("engage.") else None) if within else _node
                if target and node_of(target) not in (None, source_node):
                    aliases[alias.asname or alias.name.split(".")[0]] = target
    problems = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            problems.append(
                f"{path.relative_to(ENGAGE.parent)}:{node.lineno} uses "
                f"{aliases[node.value.id]}.{node.attr}"
            )
    return problems


def _all_imports() -> list[Import]:
    return [i for path in sorted(ENGAGE.rglob("*.py")) for i in _imports(path)]


def _graph(imports: list[Import]) -> dict[str, dict[str, list[Import]]]:
    graph: dict[str, dict[str, list[Import]]] = defaultdict(lambda: defaultdict(list))
    for found in imports:
        source, target = _node(found.source), _node(found.module)
        if source and target and source != target:
            graph[source][target].append(found)
    return graph


def _cycles(graph) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, {}):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def _loop(graph, component: list[str]) -> str:
    """One loop inside a component, with the import that makes each step."""
    members = set(component)
    start = component[0]
    path, seen = [start], {start}
    while True:
        node = path[-1]
        step = next(
            (n for n in sorted(graph[node]) if n in members and (n == start or n not in seen)),
            None,
        )
        if step is None or step == start or len(path) > len(members):
            path.append(step or start)
            break
        path.append(step)
        seen.add(step)
    lines = []
    for here, there in zip(path, path[1:], strict=False):
        first = graph[here].get(there, [None])[0]
        lines.append(f"  {here} -> {there}" + (f"  ({first.where()})" if first else ""))
    return "\n".join(lines)


def test_engage_has_modules_to_check():
    imports = _all_imports()
    assert len({i.source for i in imports}) > 100
    assert _graph(imports)["engage.comments"], "comments imports other features"


def test_no_import_cycle_between_features():
    graph = _graph(_all_imports())
    cycles = _cycles(graph)
    assert not cycles, "import cycles between engage's packages:\n" + "\n\n".join(
        f"{' <-> '.join(c)}:\n{_loop(graph, c)}" for c in cycles
    )


def _is_routes(module: str) -> bool:
    """engage.drafts.routes, engage.outcomes.tracker_routes, engage.drafts.routes.edit…"""
    return any(part.endswith("routes") for part in module.split(".")[2:])


def test_no_feature_imports_another_features_routes():
    wrong = [
        f"{i.where()} imports {i.module}"
        for i in _all_imports()
        if _node(i.source) is not None  # the application registers every blueprint
        and _node(i.source) not in ASSEMBLY
        and _node(i.module) not in (None, _node(i.source))
        and _is_routes(i.module)
    ]
    assert not wrong, "\n".join(wrong)


def test_no_feature_uses_another_features_private_names():
    imports = _all_imports()
    wrong = [
        f"{i.where()} imports {i.module}.{name}"
        for i in imports
        for name in i.names
        if _node(i.module) not in (None, _node(i.source))
        and name.startswith("_")
        and not name.startswith("__")
    ]
    by_path = defaultdict(list)
    for i in imports:
        by_path[i.path].append(i)
    for path, found in sorted(by_path.items()):
        wrong += _private_attributes(path, found)
    assert not wrong, "\n".join(wrong)


def test_no_module_imports_another_modules_private_names():
    """Within a feature too: what two modules share is public, in a module of its own."""
    imports = _all_imports()
    wrong = [
        f"{i.where()} imports {i.module}.{name}"
        for i in imports
        for name in i.names
        if i.module.startswith("engage")
        and i.module != i.source
        and name.startswith("_")
        and not name.startswith("__")
    ]
    by_path = defaultdict(list)
    for i in imports:
        by_path[i.path].append(i)
    for path, found in sorted(by_path.items()):
        wrong += _private_attributes(path, found, within=True)
    assert not wrong, "\n".join(wrong)


def _unexplained_imports(path: Path) -> list[str]:
    """Imports inside a function without a comment saying why: on their line, or on the
    line above the block of imports they stand in."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = []
    for function in ast.walk(ast.parse("\n".join(lines))):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            line = node.lineno - 1
            while line > 0 and lines[line - 1].strip().startswith(("from ", "import ")):
                line -= 1  # the first import of the block
            said = "#" in lines[node.lineno - 1] or lines[line - 1].strip().startswith("#")
            if not said:
                found.append(f"{path.relative_to(ENGAGE.parent)}:{node.lineno}")
    return found


def test_imports_inside_functions_say_why():
    """An import belongs at the top of its module; one inside a function says why."""
    wrong = [w for path in sorted(ENGAGE.rglob("*.py")) for w in _unexplained_imports(path)]
    assert not wrong, "imports inside functions without a comment saying why:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b": []}, "b": {"c": []}, "c": {"a": []}}, [["a", "b", "c"]]),
        ({"a": {"b": []}, "b": {"c": []}}, []),
    ],
)
def test_the_cycle_finder_finds_cycles(graph, expected):
    assert _cycles(graph) == expected


def test_routes_modules_are_recognised():
    assert _is_routes("engage.drafts.routes")
    assert _is_routes("engage.outcomes.tracker_routes")
    assert _is_routes("engage.moderation.queue.routes")
    assert not _is_routes("engage.drafts.queries")
