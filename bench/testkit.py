"""What the benchmarks borrow from the test suite, and the only bench module that imports tests/.

The benchmarks measure the code the tests prove, on data built the tests' way and against the
same loopback fakes, rather than keep second copies that drift: the factories (courses and
learners), the bulk seeding of qualified leads, and the fake HubSpot. Importing them here, in one
place, keeps that dependency visible: a change under tests/ that a benchmark relies on shows up
as a broken import in this file, and tests/test_bench_imports.py keeps every other module under
bench/ away from tests/.
"""
from __future__ import annotations

from _common import ROOT  # noqa: F401  (puts the project on sys.path)
from tests import factories
from tests.crm.bulk import seed_qualified
from tests.fakes.hubspot import FakeHubSpot

__all__ = ["FakeHubSpot", "factories", "seed_qualified"]
