"""Prospects, as locust users: each signs up, confirms its address from the mailed link (the
server writes mail to files in BENCH_MAIL_DIR), enrolls in the free demo course, then reads lessons,
marks them complete, takes quizzes, browses the catalog and looks at "My learning".

Run by bench/load (headless, 100 users, 60 s, against gunicorn on PostgreSQL); by hand:

    .venv/bin/locust -f bench/locustfile.py --headless -u 100 -r 10 -t 60s --host http://127.0.0.1:8000

Every request that is not a 2xx (after redirects) counts as a failure. Each user sends its own
X-Forwarded-For (a loopback address; the server runs with PROXY_COUNT=1), so the per-address
sign-up limit applies to each prospect as it would to people on their own connections.
"""
from __future__ import annotations

import itertools
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, between, task

COURSE = "acme-analytics-101"  # the free demo course (flask demo seed)
PASSWORD = "locust prospect passphrase"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
COMPLETE = re.compile(r'action="(/learn/[^"]+/complete)"')
LESSON_LINK = re.compile(rf'href="(/learn/{COURSE}/(?!quiz/)[^"/]+)"')
QUIZ_LINK = re.compile(rf'href="(/learn/{COURSE}/quiz/\d+)"')
CHOICE = re.compile(r'name="(q\d+)" value="(\d+)"')
VERIFY_LINK = re.compile(r"https?://[^/\s]+(/verify-email/[^\s]+)")
_numbers = itertools.count(1)


def csrf(html: str) -> str:
    match = CSRF.search(html)
    if not match:
        raise ValueError("no CSRF token on the page")
    return match.group(1)


def confirmation_link(email: str, wait: float = 10.0) -> str:
    """The path of the confirmation link mailed to `email` (the server writes mail to BENCH_MAIL_DIR)."""
    folder = Path(os.environ["BENCH_MAIL_DIR"])
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        for path in folder.iterdir():
            text = path.read_text(errors="replace")
            if f"To: {email}" in text:
                return VERIFY_LINK.search(text).group(1)
        time.sleep(0.1)
    raise RuntimeError(f"no confirmation mail for {email} in {folder}")


class Prospect(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        n = next(_numbers)
        self.client.headers["X-Forwarded-For"] = f"127.{n // 65536 % 256}.{n // 256 % 256}.{n % 256 or 1}"
        self.client.get("/")
        page = self.client.get(f"/courses/{COURSE}", name="/courses/[slug]")
        signup = self.client.get(f"/signup?next=/courses/{COURSE}", name="/signup")
        email = f"prospect{n}-{random.randrange(10**9)}@locust.example"
        with self.client.post(f"/signup?next=/courses/{COURSE}", name="/signup", catch_response=True, data={
                "csrf_token": csrf(signup.text), "first_name": "Lo", "last_name": f"Cust {n}", "email": email,
                "password": PASSWORD, "company": "Load Test Inc",
                "job_title": random.choice(["Engineer", "VP Data"]), "consent_contact": "y"}) as answer:
            if "Check your inbox" not in answer.text:  # the form again: refused
                answer.failure(f"sign-up did not go through (ended at {answer.url})")
        link = confirmation_link(email)
        confirm = self.client.get(link, name="/verify-email/[token]")
        with self.client.post(link, name="/verify-email/[token]", catch_response=True,
                              data={"csrf_token": csrf(confirm.text)}) as answer:
            if not answer.url.endswith(f"/courses/{COURSE}"):
                answer.failure(f"confirming the address did not go through (ended at {answer.url})")
        page = self.client.get(f"/courses/{COURSE}", name="/courses/[slug]")
        with self.client.post(f"/courses/{COURSE}/enroll", name="/courses/[slug]/enroll", catch_response=True,
                              data={"csrf_token": csrf(page.text)}) as answer:
            if not answer.url.endswith(f"/learn/{COURSE}"):
                answer.failure(f"enrolling did not go through (ended at {answer.url})")

    def pick_from_outline(self, links: re.Pattern) -> str | None:
        """Open the course outline and pick one of its links matching `links` (None if none)."""
        outline = self.client.get(f"/learn/{COURSE}", name="/learn/[slug]")
        found = links.findall(outline.text)
        return random.choice(found) if found else None

    @task(6)
    def read_a_lesson(self):
        url = self.pick_from_outline(LESSON_LINK)
        if url is None:
            return
        lesson = self.client.get(url, name="/learn/[slug]/[lesson]")
        form = COMPLETE.search(lesson.text)
        if form:
            self.client.post(form.group(1), name="/learn/[slug]/[lesson]/complete", data={"csrf_token": csrf(lesson.text)})

    @task(2)
    def take_a_quiz(self):
        url = self.pick_from_outline(QUIZ_LINK)
        if url is None:
            return
        quiz = self.client.get(url, name="/learn/[slug]/quiz/[n]")
        answers: dict[str, list[str]] = {}
        for name, value in CHOICE.findall(quiz.text):
            answers.setdefault(name, []).append(value)
        data = {"csrf_token": csrf(quiz.text)} | {name: random.choice(values) for name, values in answers.items()}
        self.client.post(url, name="/learn/[slug]/quiz/[n]", data=data)

    @task(2)
    def browse(self):
        self.client.get("/courses")
        self.client.get(f"/courses/{COURSE}", name="/courses/[slug]")

    @task(1)
    def my_learning(self):
        self.client.get("/my")
