"""bench/ reaches into tests/ only through bench/testkit.py, and what that module lends exists."""
import ast
import importlib
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
SCRIPTS = sorted([*BENCH.glob("*.py"), BENCH / "run", BENCH / "load"])


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", [p for p in SCRIPTS if p.name != "testkit.py"], ids=lambda p: p.name)
def test_no_other_bench_module_imports_the_tests(path):
    assert not {name for name in imported(path) if name == "tests" or name.startswith("tests.")}


def test_the_testkit_lends_what_the_benchmarks_use(monkeypatch):
    assert any(name.startswith("tests") for name in imported(BENCH / "testkit.py"))
    monkeypatch.syspath_prepend(str(BENCH))
    testkit = importlib.import_module("testkit")
    for name in testkit.__all__:
        assert getattr(testkit, name) is not None
