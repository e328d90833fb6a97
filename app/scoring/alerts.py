"""Telling sales of new sales-qualified leads by email: at once, or in a daily digest, to each
sales person or admin who asked (accounts.notifications; optional mail, with an unsubscribe link).

Once per lead, ever. The first time a learner's stage becomes sql (core.signals.stage_changed: a
live event, the periodic refresh or `scoring rescore`, in that transaction), a `lead_alerts` row
is written; a lead that has one is never announced again, whatever its stage does later — so a
rescore that moves stages back and forth alerts nobody about leads already announced.

- At once: the transaction that qualified the lead asks a worker, after its commit, to run
  `send_alerts`, which claims the rows not yet announced (one UPDATE: of two workers one wins)
  and writes, in the same transaction, one mail per person listing every lead it claimed (a
  rescore that qualifies fifty leads sends one mail, not fifty). A claim that did not commit
  leaves the rows for the next run; beat runs it every few minutes as well, so a lost enqueue
  only delays the mail.
- Daily: beat runs `send_digests`; each person's digest is due once their own day has reached
  SALES_DIGEST_HOUR, lists the leads qualified since their previous digest (or since they asked
  for digests) and is recorded in `sales_digests`, unique per person and day, in the transaction
  that writes its mail: a second run, a second worker or a redelivered message finds the day's
  digest and sends nothing. A day with no new lead is recorded too, and mails nothing.

Each mail is rendered in its reader's language and time zone.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext, ngettext
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from app.accounts import notifications
from app.accounts.models import SalesAlerts, User
from app.accounts.notifications import OptionalMail
from app.core import signals
from app.core.extensions import db
from app.core.i18n import is_time_zone, speaking_to
from app.core.links import external_url
from app.core.mailer import send_email
from app.core.tasks import background_task, enqueue_after_commit
from app.core.time import utcnow
from app.core.uow import unit_of_work
from app.scoring import leads
from app.scoring.models import LeadAlert, LeadScore, LeadStage, SalesDigest

BATCH = 200  # leads one mail lists at most (a bigger wave goes out in several)
TOP_REASONS = 3
_ASKED = "primer.scoring.alerts.asked"  # the transaction that already asked a worker for the alerts


def connect() -> None:
    """Subscribe lead alerts to stage moves (strongly held: for the process's life)."""
    signals.stage_changed.connect(on_stage_changed, weak=False)


def on_stage_changed(user_id: int, *, old: str, new: str) -> None:
    """A lead became sales-qualified: note it, once ever, and ask for the alerts after the commit."""
    if new != LeadStage.SQL.value or db.session.get(LeadAlert, user_id) is not None:
        return
    try:
        with db.session.begin_nested():
            db.session.add(LeadAlert(user_id=user_id, qualified_at=utcnow()))
    except IntegrityError:  # the same lead qualified in another transaction a moment ago
        return
    session = db.session()
    transaction = session.get_transaction()
    if session.info.get(_ASKED) is not transaction:  # once per transaction, however many leads
        session.info[_ASKED] = transaction
        enqueue_after_commit(send_alerts)


@dataclass
class NewLead:
    """A new sales-qualified lead as an alert lists it."""

    user_id: int
    name: str
    email: str
    company: str
    job_title: str
    score: float
    reasons: list[tuple[str, float]]  # the rules that gave the most points, and what each gives now
    qualified_at: datetime
    link: str


@background_task("scoring.lead_alerts", every=300)
def send_alerts() -> int:
    """Announce the leads not yet announced to everyone who wants alerts at once; how many leads."""
    with unit_of_work():
        return announce_new_leads()


def announce_new_leads() -> int:
    due = list(db.session.scalars(select(LeadAlert.user_id).where(LeadAlert.notified_at.is_(None))
                                  .order_by(LeadAlert.qualified_at, LeadAlert.user_id).limit(BATCH)))
    if not due:
        return 0
    claimed = list(db.session.scalars(
        update(LeadAlert).where(LeadAlert.user_id.in_(due), LeadAlert.notified_at.is_(None))
        .values(notified_at=utcnow()).returning(LeadAlert.user_id)))
    found = new_leads(LeadAlert.user_id.in_(claimed))
    if found:
        for reader, _ in notifications.sales_recipients(SalesAlerts.IMMEDIATE):
            _mail(reader, found, digest=False)
    if len(due) == BATCH:  # a bigger wave: the rest in the next mail
        enqueue_after_commit(send_alerts)
    return len(claimed)


@background_task("scoring.sales_digest", every=900)
def send_digests() -> int:
    """Write the daily digests that are due; how many were mailed."""
    with unit_of_work():
        return digests_due(utcnow())


def digests_due(now: datetime) -> int:
    """The digest of everyone whose day has reached SALES_DIGEST_HOUR at `now` and who has none for
    that day yet; how many were mailed (a day without new leads is recorded, not mailed)."""
    mailed = 0
    for reader, settings in notifications.sales_recipients(SalesAlerts.DAILY):
        local = now.astimezone(reader_zone(reader))
        if local.hour < current_app.config["SALES_DIGEST_HOUR"]:
            continue
        day = local.date()
        if db.session.scalar(select(SalesDigest.id).where(SalesDigest.user_id == reader.id,
                                                          SalesDigest.day == day)) is not None:
            continue
        previous = db.session.scalar(select(func.max(SalesDigest.covered_until))
                                     .where(SalesDigest.user_id == reader.id))
        since = max(filter(None, [previous, settings.sales_alerts_since]), default=now)
        found = new_leads(LeadAlert.qualified_at > since, LeadAlert.qualified_at <= now)
        try:
            with db.session.begin_nested():
                db.session.add(SalesDigest(user_id=reader.id, day=day, covered_until=now, leads=len(found)))
        except IntegrityError:  # another worker wrote this day's digest a moment ago
            continue
        if found:
            _mail(reader, found, digest=True, since=since)
            mailed += 1
    return mailed


def reader_zone(user: User) -> ZoneInfo:
    chosen = user.time_zone if user.time_zone and is_time_zone(user.time_zone) else None
    return ZoneInfo(chosen or current_app.config.get("PRIMER_TIME_ZONE") or "UTC")


def new_leads(*alerts) -> list[NewLead]:
    """The leads whose alert meets the conditions `alerts`, newest first, with their score and the
    rules that gave the most points."""
    rows = db.session.execute(
        select(LeadAlert, LeadScore, User).join(LeadScore, LeadScore.user_id == LeadAlert.user_id)
        .join(User, User.id == LeadAlert.user_id).where(*alerts)
        .order_by(LeadAlert.qualified_at.desc(), LeadAlert.user_id).limit(BATCH)).all()
    found = []
    for alert, score, person in rows:
        breakdown = leads.breakdown(score)
        top = sorted(breakdown.rows, key=lambda row: (-row.tenths, row.name))[:TOP_REASONS]
        found.append(NewLead(person.id, person.full_name, person.email, person.company, person.job_title,
                             breakdown.total, [(row.name, row.value) for row in top if row.tenths > 0],
                             alert.qualified_at, external_url("scoring.lead", user_id=person.id)))
    return found


def _mail(reader: User, found: list[NewLead], *, digest: bool, since: datetime | None = None) -> None:
    with speaking_to(reader.locale, reader.time_zone):
        if digest:
            subject = ngettext("Your daily digest: %(num)d new sales-qualified lead",
                               "Your daily digest: %(num)d new sales-qualified leads", len(found))
        elif len(found) == 1:
            subject = gettext("New sales-qualified lead: %(name)s", name=found[0].name)
        else:
            subject = ngettext("%(num)d new sales-qualified lead", "%(num)d new sales-qualified leads", len(found))
        send_email(reader.email, subject, "sales_digest" if digest else "sales_leads",
                   headers=notifications.list_headers(reader, OptionalMail.SALES_ALERTS),
                   reader=reader, leads=found, since=since, list_link=external_url("scoring.leads"),
                   settings_link=external_url("accounts.notifications"),
                   unsubscribe_link=notifications.unsubscribe_link(reader, OptionalMail.SALES_ALERTS))
