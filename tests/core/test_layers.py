"""The layers of DESIGN.md's "Layout", read from the import graph of app/ (every import, those
inside functions too): areas talk downward or through core.signals, and views stay in their area."""
from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
AREAS = frozenset(path.parent.name for path in APP.glob("*/__init__.py"))

def _name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def graph() -> dict[str, frozenset[str]]:
    """Each module of app/ and the modules of app/ it imports."""
    paths = {_name(path): path for path in APP.rglob("*.py")}
    return {name: frozenset(_imports(name, path, paths)) for name, path in paths.items()}


def _imports(name: str, path: Path, modules: dict) -> set[str]:
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[:len(package) - node.level + 1], *filter(None, [base])])
            for alias in node.names:  # `from package import module` imports the module
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
    return found & modules.keys()


def area(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in AREAS else None


def is_web(module: str) -> bool:
    return module.split(".")[2:3] == ["web"]


def imports() -> list[tuple[str, str]]:
    return sorted((module, target) for module, targets in graph().items() for target in targets)


def test_the_walk_sees_imports_inside_functions():
    assert "app.accounts.login" in graph()["app"]  # register_extensions imports it
    assert "app.scoring.rebuild" in graph()["app.scoring.service"]


def test_there_are_no_import_circles():
    # A package importing its own modules is left out: a blueprint's __init__ defines `bp`, then
    # imports the routes that register on it (Flask's pattern), which is a circle by design.
    edges = {m: {t for t in targets if not t.startswith(m + ".")} for m, targets in graph().items()}
    assert _circles(edges) == []


def _circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(edges[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while not group or group[-1] != module:
                group.append(stack.pop())
                on_stack.discard(group[-1])
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return found


def test_nothing_imports_the_app_factory():
    assert [(m, t) for m, t in imports() if t == "app"] == []


def test_core_imports_no_area():
    assert [(m, t) for m, t in imports() if area(m) == "core" and area(t) != "core"] == []


def test_no_domain_module_imports_a_web_package():
    assert [(m, t) for m, t in imports() if area(m) and not is_web(m) and is_web(t)] == []


def test_scoring_never_imports_the_crm():
    """Scoring tells the CRM through core.signals."""
    assert [(m, t) for m, t in imports() if area(m) == "scoring" and area(t) == "crm"] == []


def test_a_web_package_imports_its_own_area_and_core_only():
    """A view calls its own area's domain, which may call lower areas; what another area's page
    needs from this one reaches it as a template global or a signal."""
    wrong = [(m, t) for m, t in imports() if is_web(m) and area(t) not in (area(m), "core")]
    assert wrong == [], "call your own area's domain, which may call the other area's"
