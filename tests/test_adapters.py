"""Every outside service sits behind one adapter: one module in app/ imports its SDK, and only
the adapter names what the service calls things (Stripe's event types, HubSpot's properties)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from app.crm.hubspot import PROPERTIES

ROOT = Path(__file__).resolve().parent.parent
MODULES = {path.relative_to(ROOT).as_posix(): ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
           for path in sorted((ROOT / "app").rglob("*.py"))}


def imports(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def texts(tree: ast.AST) -> set[str]:
    return {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}


@pytest.mark.parametrize("package,adapter", [("stripe", "app/billing/gateway.py"), ("hubspot", "app/crm/hubspot.py")])
def test_exactly_one_module_imports_each_outside_service(package, adapter):
    importers = [name for name, tree in MODULES.items()
                 if any(n == package or n.startswith(f"{package}.") for n in imports(tree))]
    assert importers == [adapter]


STRIPE_EVENTS = {"checkout.session.completed", "checkout.session.async_payment_succeeded",
                 "checkout.session.async_payment_failed", "checkout.session.expired", "charge.refunded"}
HUBSPOT_PROPERTIES = {name for name, *_ in PROPERTIES} | {"lifecyclestage", "firstname", "lastname", "jobtitle",
                                                          "hs_note_body", "hs_timestamp"}


@pytest.mark.parametrize("names,adapter", [
    (STRIPE_EVENTS, {"app/billing/gateway.py", "app/billing/events.py"}),
    (HUBSPOT_PROPERTIES, {"app/crm/hubspot.py"}),
], ids=["stripe event types", "hubspot properties"])
def test_only_the_adapter_names_the_services_own_words(names, adapter):
    assert {name for name, tree in MODULES.items() if texts(tree) & names} <= adapter
