"""Views leave committing and rolling back to one place (app.core.uow): no module of a web
package calls commit() or rollback() itself."""
import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"
WEB_MODULES = sorted(APP.glob("*/web/**/*.py"))


def transaction_calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [f"{path.name}:{node.lineno} {node.func.attr}()" for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"commit", "rollback"}]


def test_every_area_has_web_modules_to_scan():
    assert len({path.parent for path in WEB_MODULES}) >= 8


@pytest.mark.parametrize("path", WEB_MODULES, ids=lambda path: str(path.relative_to(APP)))
def test_no_view_commits_or_rolls_back_itself(path):
    assert transaction_calls(path) == []


def test_the_scan_sees_such_a_call(tmp_path):
    module = tmp_path / "routes.py"
    module.write_text("def view():\n    db.session.commit()\n    session.rollback()\n")
    assert [call.split(" ")[1] for call in transaction_calls(module)] == ["commit()", "rollback()"]
