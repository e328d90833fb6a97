"""A small HubSpot on loopback: the /crm/v3 paths, bodies and status codes Primer uses.

It validates like HubSpot (unknown properties, wrong types, values outside an enumeration:
400 VALIDATION_ERROR for the whole call; more than 100 inputs: 400), answers creates with 201,
batch reads of missing contacts with 207, counts a 10-second rolling rate limit, and can inject
faults (500, 502, 429, dropped connections) before touching its state.
"""
from __future__ import annotations

import itertools
import json
import random
import re
import socket
import threading
import time
from collections import deque
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler

from tests.fakes.loopback import LoopbackServer

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LIFECYCLE = ["subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer",
             "evangelist", "other"]
STANDARD = {
    "email": ("string", None), "firstname": ("string", None), "lastname": ("string", None),
    "company": ("string", None), "jobtitle": ("string", None), "lifecyclestage": ("enumeration", LIFECYCLE),
}


def now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class FakeHubSpot(LoopbackServer):
    def __init__(self, token: str = "pat-test-token", *, fault_rate: float = 0.0, seed: int = 7,
                 rate_limit: int = 100, faults=("500", "502", "429", "drop")):
        self.token = token
        self.fault_rate, self.faults, self.rng = fault_rate, faults, random.Random(seed)
        self.rate_limit = rate_limit
        self.properties = {name: {"name": name, "type": t, "options": o, "groupName": "contactinformation"}
                           for name, (t, o) in STANDARD.items()}
        self.groups = {"contactinformation"}
        self.contacts: dict[str, dict] = {}  # by email
        self.notes: list[dict] = []
        self.reject_emails: set[str] = set()  # records HubSpot refuses inside a 207 answer
        self.log: list[tuple[str, str, int]] = []
        self.validation_errors: list[str] = []  # 400s caused by what the client sent
        self.lifecycle_lowered: list[str] = []
        self.rate_limited = 0
        self.upsert_sizes: list[int] = []
        self.upserted: list[str] = []  # every email in every accepted upsert, in order
        self.delay = 0.0  # seconds each answer waits (to catch a worker mid-batch)
        self._ids = itertools.count(1001)
        self._window: deque[float] = deque()
        self._lock = threading.Lock()
        self._serve(self._handler())

    # --- state helpers used by tests -------------------------------------------------------------

    def add_contact(self, email: str, **properties) -> str:
        cid = str(next(self._ids))
        self.contacts[email] = {"id": cid, "properties": {"email": email, **properties}, "createdAt": now_iso()}
        return cid

    def notes_for(self, email: str) -> list[dict]:
        cid = self.contacts[email]["id"]
        return [n for n in self.notes if n["contact_id"] == cid]

    # --- the server ------------------------------------------------------------------------------

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _body(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                return json.loads(raw) if raw else None

            def _send(self, status: int, payload: dict | None, headers: dict | None = None):
                body = json.dumps(payload).encode() if payload is not None else b""
                fake.log.append((self.command, self.path, status))  # before answering: no race with the test
                self.send_response(status)
                self.send_header("Content-Type", "application/json;charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

            def _route(self):
                body = self._body()
                if self.headers.get("Authorization") != f"Bearer {fake.token}":
                    return self._send(401, {"status": "error", "category": "INVALID_AUTHENTICATION",
                                            "message": "Authentication credentials not found."})
                if fake._over_rate_limit():
                    fake.rate_limited += 1
                    return self._send(429, {"status": "error", "errorType": "RATE_LIMIT",
                                            "policyName": "TEN_SECONDLY_ROLLING",
                                            "message": "You have reached your ten_secondly_rolling limit."},
                                      {"X-HubSpot-RateLimit-Max": str(fake.rate_limit),
                                       "X-HubSpot-RateLimit-Remaining": "0",
                                       "X-HubSpot-RateLimit-Interval-Milliseconds": "10000"})
                fault = fake._fault()
                if fault == "drop":
                    fake.log.append((self.command, self.path, 0))
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return None
                if fault in ("500", "502"):
                    return self._send(int(fault), {"status": "error", "message": "internal error",
                                                   "category": "INTERNAL_ERROR"})
                if fault == "429":
                    return self._send(429, {"status": "error", "errorType": "RATE_LIMIT",
                                            "policyName": "TEN_SECONDLY_ROLLING", "message": "Slow down."},
                                      {"Retry-After": "0"})
                if fake.delay:
                    time.sleep(fake.delay)
                with fake._lock:
                    status, payload = fake.dispatch(self.command, self.path.split("?")[0], body)
                return self._send(status, payload)

            do_GET = do_POST = _route

        return Handler

    def _over_rate_limit(self) -> bool:
        with self._lock:
            now = time.monotonic()
            while self._window and now - self._window[0] > 10:
                self._window.popleft()
            self._window.append(now)  # HubSpot counts failed requests too
            return len(self._window) > self.rate_limit

    def _fault(self) -> str | None:
        with self._lock:
            return self.rng.choice(self.faults) if self.rng.random() < self.fault_rate else None

    def _invalid(self, message: str):
        self.validation_errors.append(message)
        return 400, {"status": "error", "category": "VALIDATION_ERROR", "message": message,
                     "correlationId": "fake"}

    def dispatch(self, method: str, path: str, body):
        if (method, path) == ("GET", "/crm/v3/properties/contacts"):
            return 200, {"results": [dict(p, label=p["name"], fieldType="text") for p in self.properties.values()]}
        if (method, path) == ("GET", "/crm/v3/properties/contacts/groups"):
            return 200, {"results": [{"name": g, "label": g, "displayOrder": 0, "archived": False}
                                     for g in sorted(self.groups)]}
        if (method, path) == ("POST", "/crm/v3/properties/contacts/groups"):
            if body["name"] in self.groups:
                return 409, {"status": "error", "category": "OBJECT_ALREADY_EXISTS", "message": "exists"}
            self.groups.add(body["name"])
            return 201, {"name": body["name"], "label": body.get("label", ""), "displayOrder": 0, "archived": False}
        if (method, path) == ("POST", "/crm/v3/properties/contacts"):
            return self._create_property(body)
        if (method, path) == ("POST", "/crm/v3/objects/contacts/batch/read"):
            return self._read(body)
        if (method, path) == ("POST", "/crm/v3/objects/contacts/batch/upsert"):
            return self._upsert(body)
        if (method, path) == ("POST", "/crm/v3/objects/notes/batch/create"):
            return self._notes(body)
        return 404, {"status": "error", "message": f"no route {method} {path}", "category": "OBJECT_NOT_FOUND"}

    def _create_property(self, body):
        name = body.get("name")
        if name in self.properties:
            return 409, {"status": "error", "category": "OBJECT_ALREADY_EXISTS", "message": f"{name} exists"}
        if body.get("groupName") not in self.groups:
            return self._invalid(f"group {body.get('groupName')} does not exist")
        valid = {("number", "number"), ("string", "text"), ("string", "textarea"), ("enumeration", "select"),
                 ("datetime", "date")}
        if (body.get("type"), body.get("fieldType")) not in valid:
            return self._invalid(f"bad type for {name}")
        options = [o["value"] for o in body.get("options") or []] or None
        if body["type"] == "enumeration" and not options:
            return self._invalid(f"{name} needs options")
        self.properties[name] = {"name": name, "type": body["type"], "options": options, "groupName": body["groupName"]}
        return 201, {**body, "createdAt": now_iso(), "archived": False}

    def _public(self, contact: dict, properties=None) -> dict:
        props = contact["properties"] if properties is None else {
            k: v for k, v in contact["properties"].items() if k in properties}
        return {"id": contact["id"], "properties": {**props, "hs_object_id": contact["id"]},
                "createdAt": contact["createdAt"], "updatedAt": now_iso(), "archived": False}

    def _read(self, body):
        if body.get("idProperty") != "email":
            return self._invalid("this fake reads by email only")
        found, missing = [], []
        for item in body.get("inputs", []):
            contact = self.contacts.get(item["id"].lower())
            (found.append(self._public(contact, body.get("properties"))) if contact else missing.append(item["id"]))
        answer = {"status": "COMPLETE", "results": found, "startedAt": now_iso(), "completedAt": now_iso()}
        if missing:
            answer.update(numErrors=1, errors=[{"status": "error", "category": "OBJECT_NOT_FOUND",
                                                "message": "Could not get some CONTACT objects.",
                                                "context": {"ids": missing}}])
            return 207, answer
        return 200, answer

    def _check_value(self, name: str, value) -> str | None:
        prop = self.properties.get(name)
        if prop is None:
            return f'Property "{name}" does not exist'
        if not isinstance(value, str):
            return f"{name}: values are sent as strings"
        if prop["type"] == "number" and value != "":
            try:
                float(value)
            except ValueError:
                return f"{value!r} is not a valid number for {name}"
        if prop["type"] == "enumeration" and value not in (prop["options"] or []):
            return f"{value!r} was not one of the allowed options for {name}"
        if prop["type"] == "datetime" and value:
            try:
                datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ")
            except ValueError:
                return f"{value!r} is not a valid datetime for {name}"
        return None

    def _upsert(self, body):
        inputs = body.get("inputs", [])
        self.upsert_sizes.append(len(inputs))
        if len(inputs) > 100:
            return self._invalid("at most 100 inputs per batch")
        for item in inputs:
            if item.get("idProperty") != "email" or not EMAIL.match(item.get("id", "")):
                return self._invalid(f"invalid id {item.get('id')!r}")
            for name, value in (item.get("properties") or {}).items():
                problem = self._check_value(name, value)
                if problem:
                    return self._invalid(problem)
        results, errors = [], []
        for item in inputs:
            email = item["id"].lower()
            if email in self.reject_emails:
                errors.append({"status": "error", "category": "VALIDATION_ERROR",
                               "message": f"Contact {email} is blocked", "context": {"ids": [email]}})
                continue
            contact = self.contacts.get(email)
            new = contact is None
            if new:
                contact = {"id": str(next(self._ids)), "properties": {"email": email}, "createdAt": now_iso()}
                self.contacts[email] = contact
            props = item["properties"]
            old_stage, new_stage = contact["properties"].get("lifecyclestage"), props.get("lifecyclestage")
            if old_stage in LIFECYCLE and new_stage in LIFECYCLE and LIFECYCLE.index(new_stage) < LIFECYCLE.index(old_stage):
                self.lifecycle_lowered.append(email)
            contact["properties"].update(props)
            self.upserted.append(email)
            results.append({**self._public(contact), "new": new})
        answer = {"status": "COMPLETE", "results": results, "startedAt": now_iso(), "completedAt": now_iso()}
        if errors:
            answer.update(numErrors=len(errors), errors=errors)
            return 207, answer
        return 200, answer

    def _notes(self, body):
        created = []
        ids = {c["id"] for c in self.contacts.values()}
        for item in body.get("inputs", []):
            props = item.get("properties") or {}
            if not props.get("hs_timestamp"):
                return self._invalid("hs_timestamp is required")
            targets = [a["to"]["id"] for a in item.get("associations") or []]
            if not targets or any(t not in ids for t in targets):
                return self._invalid(f"cannot associate note to {targets}")
            if any(t["associationTypeId"] != 202 for a in item["associations"] for t in a["types"]):
                return self._invalid("notes associate to contacts with type 202")
            note = {"id": str(next(self._ids)), "contact_id": targets[0], "body": props.get("hs_note_body", "")}
            self.notes.append(note)
            created.append({"id": note["id"], "properties": props, "createdAt": now_iso(), "updatedAt": now_iso(),
                            "archived": False})
        return 201, {"status": "COMPLETE", "results": created, "startedAt": now_iso(), "completedAt": now_iso()}
