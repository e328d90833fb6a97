"""The CRM's background work: beat drains the outbox every half minute with the same `drain` that
`crm sync` and `crm worker` run. Rows are claimed under a lease (SKIP LOCKED on PostgreSQL), so
this task, a second copy of it and any number of `crm worker` processes may run at once."""
from __future__ import annotations

import time

from flask_babel import lazy_gettext as _l

from app.core.tasks import background_task, backlog
from app.crm import hubspot, outbox, worker

DRAIN_EVERY = 30
DRAIN_BUDGET = 120  # seconds; what is left waits for the next run (or a `crm worker`)

backlog(_l("CRM outbox: leads waiting to reach HubSpot"))(outbox.pending_count)


@background_task("crm.drain_outbox", every=DRAIN_EVERY)
def drain_outbox() -> str:
    """Send what is due in the outbox; nothing when HubSpot is not connected (the rows wait)."""
    adapter = hubspot.current()
    if adapter is None:
        return "HubSpot is not connected"
    deadline = time.monotonic() + DRAIN_BUDGET
    result = worker.drain(adapter, should_stop=lambda: time.monotonic() > deadline)
    return f"sent {result.sent}, refused {result.rejected}, to retry {result.retrying}"
