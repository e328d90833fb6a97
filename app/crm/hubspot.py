"""The HubSpot adapter — the only module that imports `hubspot`.

It owns everything HubSpot-specific: how a Lead (crm.contacts) becomes a contact's properties,
the `primer` property group and properties, batching
(at most 100 inputs a call), lifecycle stages that only move forward, notes, the rate limit
(HUBSPOT_RATE_LIMIT requests per 10 s, shared through RATELIMIT_STORAGE_URI), and retries:
429 waits out Retry-After or the rate-limit headers; 5xx, timeouts and dropped connections
back off exponentially with full jitter. A record HubSpot refuses (400, or an error inside a
207 answer) is isolated from its batch and reported, while the rest go through.
"""
from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import hubspot
import urllib3
from flask import Flask, current_app
from hubspot.crm.contacts import (
    BatchInputSimplePublicObjectBatchInputUpsert,
    BatchReadInputSimplePublicObjectId,
    SimplePublicObjectBatchInputUpsert,
    SimplePublicObjectId,
)
from hubspot.crm.objects.notes import (
    AssociationSpec,
    BatchInputSimplePublicObjectBatchInputForCreate,
    PublicAssociationsForObject,
    PublicObjectId,
    SimplePublicObjectBatchInputForCreate,
)
from hubspot.crm.properties import OptionInput, PropertyCreate, PropertyGroupCreate
from limits import parse as parse_limit
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from app.crm.contacts import CrmAdapter, Lead, Outcome
from app.crm.errors import CrmAuthError, CrmRejected, CrmUnavailable
from app.scoring.models import LeadStage

BATCH_LIMIT = 100
WINDOW_MARGIN = 0.5  # seconds
GROUP = "primer"
NOTE_TO_CONTACT = 202  # HubSpot-defined association type: note → contact
LIFECYCLE_ORDER = ["other", "subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity",
                   "customer", "evangelist"]
CUSTOMER_STAGES = {"opportunity", "customer", "evangelist"}
LIFECYCLE = {LeadStage.MQL: "marketingqualifiedlead", LeadStage.SQL: "salesqualifiedlead"}  # raised to, never lowered
REASONS_LIMIT = 65000  # characters of score reasons sent at most (HubSpot caps text properties)
PROPERTIES = [  # name, label, type, fieldType, options
    ("primer_score", "Primer score", "number", "number", None),
    ("primer_fit", "Primer fit", "number", "number", None),
    ("primer_stage", "Primer stage", "enumeration", "select", ["lead", "mql", "sql"]),
    ("primer_topics", "Primer topics of interest", "string", "text", None),
    ("primer_courses_completed", "Primer courses completed", "string", "text", None),
    ("primer_last_activity", "Primer last activity", "datetime", "date", None),
    ("primer_score_reasons", "Primer score reasons", "string", "textarea", None),
]
_CONNECTION_ERRORS = (urllib3.exceptions.HTTPError, ConnectionError, TimeoutError, OSError)
EXTENSION = "crm.hubspot"


@dataclass
class Retrying:
    """How hard to try one call before giving up for now (the row is retried later)."""

    tries: int = 6
    base: float = 0.5
    cap: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    jitter: Callable[[float], float] = field(default=lambda ceiling: random.uniform(0, ceiling))

    def backoff(self, attempt: int) -> float:
        return self.jitter(min(self.cap, self.base * 2 ** attempt))


class HubSpotAdapter:
    """crm.contacts.CrmAdapter, on HubSpot."""

    def __init__(self, token: str, base: str, *, rate_limit: int = 100, storage_uri: str = "memory://",
                 timeout: tuple[float, float] = (5, 30), retrying: Retrying | None = None):
        client = hubspot.Client.create(access_token=token, host=base.rstrip("/"))
        # The client builds a new API object (and connection pool) on each attribute access: keep them.
        self._contacts = client.crm.contacts.batch_api
        self._notes = client.crm.objects.notes.batch_api
        self._properties = client.crm.properties.core_api
        self._groups = client.crm.properties.groups_api
        self._timeout = timeout
        self._retrying = retrying or Retrying()
        self._limit = parse_limit(f"{rate_limit} per 10 seconds")  # HubSpot's rolling window
        self._limiter = MovingWindowRateLimiter(storage_from_string(storage_uri))
        self._properties_ready = False
        self.requests = 0  # calls made (for progress and tests)

    # --- calls with rate limit and retries ------------------------------------------------------

    def _wait_for_slot(self) -> None:
        while not self._limiter.hit(self._limit, "hubspot"):
            reset = self._limiter.get_window_stats(self._limit, "hubspot").reset_time
            # Half a second past the window's end, so network and clock jitter never put a
            # request over HubSpot's edge.
            self._retrying.sleep(max(0.05, min(reset - time.time() + WINDOW_MARGIN, 10.0 + WINDOW_MARGIN)))

    def _call(self, fn, *args, **kwargs):
        retrying = self._retrying
        for attempt in range(retrying.tries):
            self._wait_for_slot()
            self.requests += 1
            try:
                return fn(*args, _request_timeout=self._timeout, **kwargs)
            except _CONNECTION_ERRORS as exc:
                reason = f"connection: {type(exc).__name__}"
                delay = retrying.backoff(attempt)
            except Exception as exc:  # every API package has its own ApiException: go by status
                status = getattr(exc, "status", None)
                if status is None:
                    raise
                if status in (401, 403):
                    raise CrmAuthError(f"HubSpot refused the access token ({status}): check HUBSPOT_ACCESS_TOKEN "
                                       "and the private app's scopes.") from None
                if status == 429:
                    reason, delay = "rate limited (429)", _retry_after(exc) or retrying.backoff(attempt)
                elif status >= 500:
                    reason, delay = f"HubSpot error {status}", retrying.backoff(attempt)
                else:
                    raise CrmRejected(_message(exc), status=status) from None
            if attempt + 1 < retrying.tries:
                retrying.sleep(delay)
        raise CrmUnavailable(f"HubSpot did not answer after {retrying.tries} tries (last: {reason}).")

    # --- properties ------------------------------------------------------------------------------

    def ensure_properties(self) -> None:
        """Create the `primer` group and Primer's contact properties when missing (once per adapter)."""
        if self._properties_ready:
            return
        existing = {p.name: p for p in self._call(self._properties.get_all, "contacts").results}
        groups = {g.name for g in self._call(self._groups.get_all, "contacts").results}
        if GROUP not in groups:
            try:
                self._call(self._groups.create, "contacts", PropertyGroupCreate(name=GROUP, label="Primer"))
            except CrmRejected as exc:
                if exc.status != 409:
                    raise
        for order, (name, label, kind, field_type, options) in enumerate(PROPERTIES):
            if name in existing:
                continue
            create = PropertyCreate(
                name=name, label=label, type=kind, field_type=field_type, group_name=GROUP, display_order=order,
                options=[OptionInput(label=o.upper() if len(o) == 3 else o.title(), value=o, display_order=i,
                                     hidden=False) for i, o in enumerate(options)] if options else None)
            try:
                self._call(self._properties.create, "contacts", create)
            except CrmRejected as exc:
                if exc.status != 409:  # created meanwhile by another worker: fine
                    raise
        self._properties_ready = True

    # --- contacts --------------------------------------------------------------------------------

    def push(self, leads: list[Lead]) -> list[Outcome]:
        """Upsert contacts by email (batches of 100), raise lifecycle stages, add notes."""
        self.ensure_properties()
        outcomes: list[Outcome] = []
        for start in range(0, len(leads), BATCH_LIMIT):
            outcomes += self._push_batch(leads[start:start + BATCH_LIMIT])
        return outcomes

    def _push_batch(self, leads: list[Lead]) -> list[Outcome]:
        stages = self._lifecycle_stages([lead.email for lead in leads])
        outcomes = {lead.email: Outcome(lead.email) for lead in leads}
        inputs = []
        for lead in leads:
            properties = {"email": lead.email, **_properties(lead)}
            stage, wanted = stages.get(lead.email), LIFECYCLE.get(lead.stage)
            if stage in CUSTOMER_STAGES:
                outcomes[lead.email].existing_customer = True
            elif wanted and _rank(wanted) > _rank(stage):
                properties["lifecyclestage"] = wanted
            inputs.append(SimplePublicObjectBatchInputUpsert(id=lead.email, id_property="email",
                                                             properties=properties))
        for email, result in self._upsert(inputs).items():
            if isinstance(result, str):
                outcomes[email].hubspot_id = result
            else:
                outcomes[email].rejected = str(result)
        noted = [lead for lead in leads if lead.note and outcomes[lead.email].hubspot_id]
        if noted:
            self._add_notes([(outcomes[lead.email], lead.note) for lead in noted])
        return list(outcomes.values())

    def _lifecycle_stages(self, emails: list[str]) -> dict[str, str | None]:
        body = BatchReadInputSimplePublicObjectId(
            id_property="email", properties=["email", "lifecyclestage"], properties_with_history=[],
            inputs=[SimplePublicObjectId(id=email) for email in emails])
        try:
            answer = self._call(self._contacts.read, body)
        except CrmRejected:
            return {}  # none of them exist yet, or HubSpot would not say: stages are raised anyway
        stages = {}
        for contact in answer.results or []:
            props = contact.properties or {}
            if props.get("email"):
                stages[props["email"].lower()] = props.get("lifecyclestage")
        return stages

    def _upsert(self, inputs: list) -> dict[str, str | CrmRejected]:
        """Contact id by email for those accepted; the rejection for those refused (isolated)."""
        try:
            answer = self._call(self._contacts.upsert, BatchInputSimplePublicObjectBatchInputUpsert(inputs=inputs))
        except CrmRejected as exc:
            if len(inputs) == 1:
                return {inputs[0].id: exc}
            middle = len(inputs) // 2  # split until the refused records stand alone
            return {**self._upsert(inputs[:middle]), **self._upsert(inputs[middle:])}
        accepted = {}
        for result in answer.results or []:
            email = ((result.properties or {}).get("email") or "").lower()
            if email:
                accepted[email] = str(result.id)
        refused = [i for i in inputs if i.id not in accepted]
        if not refused:
            return accepted
        errors = [e.message for e in (getattr(answer, "errors", None) or []) if getattr(e, "message", None)]
        if len(inputs) == 1:
            return {inputs[0].id: CrmRejected("; ".join(errors) or "HubSpot did not accept this contact.")}
        if len(refused) < len(inputs):  # resend only those refused, until each stands alone
            return {**accepted, **self._upsert(refused)}
        middle = len(inputs) // 2
        return {**self._upsert(inputs[:middle]), **self._upsert(inputs[middle:])}

    def _add_notes(self, notes: list[tuple[Outcome, str]]) -> None:
        stamp = str(int(time.time() * 1000))
        inputs = [SimplePublicObjectBatchInputForCreate(
            properties={"hs_timestamp": stamp, "hs_note_body": body},
            associations=[PublicAssociationsForObject(
                to=PublicObjectId(id=outcome.hubspot_id),
                types=[AssociationSpec(association_category="HUBSPOT_DEFINED",
                                       association_type_id=NOTE_TO_CONTACT)])])
            for outcome, body in notes]
        try:
            self._call(self._notes.create, BatchInputSimplePublicObjectBatchInputForCreate(inputs=inputs))
        except CrmRejected:
            if len(notes) == 1:
                return  # the note is refused; the contact itself was updated
            middle = len(notes) // 2
            self._add_notes(notes[:middle])
            self._add_notes(notes[middle:])
            return
        for outcome, _ in notes:
            outcome.note_added = True


def _properties(lead: Lead) -> dict[str, str]:
    """The contact properties that say what Primer knows of the lead (email and lifecycle aside)."""
    properties = {
        "firstname": lead.first_name, "lastname": lead.last_name, "company": lead.company,
        "jobtitle": lead.job_title,
        "primer_score": f"{lead.score:g}", "primer_fit": f"{lead.fit:g}", "primer_stage": lead.stage.value,
        "primer_topics": ";".join(lead.topics),
        "primer_courses_completed": ";".join(lead.courses_completed),
        "primer_score_reasons": "; ".join(str(reason) for reason in lead.reasons)[:REASONS_LIMIT],
    }
    if lead.last_activity_at:
        properties["primer_last_activity"] = _datetime(lead.last_activity_at)
    return properties


def _datetime(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _rank(stage: str | None) -> int:
    return LIFECYCLE_ORDER.index(stage) if stage in LIFECYCLE_ORDER else -1


def _retry_after(exc) -> float | None:
    """Seconds to wait after a 429: Retry-After, or the interval when the window is spent."""
    headers = {k.lower(): v for k, v in dict(getattr(exc, "headers", None) or {}).items()}
    try:
        if "retry-after" in headers:
            return max(0.0, float(headers["retry-after"]))
        if headers.get("x-hubspot-ratelimit-remaining") == "0" and "x-hubspot-ratelimit-interval-milliseconds" in headers:
            return float(headers["x-hubspot-ratelimit-interval-milliseconds"]) / 1000
    except ValueError:
        return None
    return None


def _message(exc) -> str:
    body = getattr(exc, "body", None) or ""
    try:
        data = json.loads(body)
    except (TypeError, ValueError):
        return f"HubSpot answered {exc.status}: {str(body)[:300]}"
    return f"HubSpot answered {exc.status}: {data.get('message') or data.get('category') or body[:300]}"


def init_app(app: Flask) -> None:
    """Bind the adapter for the app's settings (None when no token is configured: leads stay in the
    outbox). Called again, it binds one for the settings as they are now."""
    app.extensions[EXTENSION] = _make(app.config)


def current() -> CrmAdapter | None:
    """The app's HubSpot adapter, or None when HubSpot is not configured."""
    return current_app.extensions[EXTENSION]


def _make(settings) -> HubSpotAdapter | None:
    token = settings.get("HUBSPOT_ACCESS_TOKEN")
    if not token:
        return None
    return HubSpotAdapter(token, settings["HUBSPOT_API_BASE"], rate_limit=settings["HUBSPOT_RATE_LIMIT"],
                          storage_uri=settings.get("RATELIMIT_STORAGE_URI") or "memory://")
