"""Domain signals: what happened in one area, told to whichever areas listen.

Areas talk downward, or through these: a sender does not know its receivers (scoring fires
`stage_changed` without importing the CRM). Receivers are connected once per process when an
app is created (`app.crm.signals.connect`).

Blinker calls receivers at once, in the sender's transaction and session: what a receiver
writes lands with the change that fired it or not at all, and a receiver's exception fails the
sender's unit of work. So receivers flush, never commit, and leave slow work (mail, HTTP) to a
worker that reads what they wrote.

Every signal is sent with the person's user id as its sender; what else it carries comes as
keyword arguments, named in its doc.
"""
from __future__ import annotations

from blinker import Namespace

_domain = Namespace()

event_recorded = _domain.signal("event-recorded", doc="""\
A learning event was appended to the log (`learning.record_event`, after scoring it); carries
`event`, the flushed LearningEvent. Not sent for an event whose dedupe key was used before, nor
for the stage_changed rows scoring writes itself. In the transaction of the action recorded.""")

stage_changed = _domain.signal("stage-changed", doc="""\
A learner's lead stage moved; carries `old` and `new` (LeadStage values: lead, mql, sql). Sent
by live scoring once the stage_changed event is flushed, and by `scoring rescore` once its rows
are written, in the transaction of the event or the rescore.""")

score_moved = _domain.signal("score-moved", doc="""\
A learner's totals were stored and the stage stayed; carries `stage` (its value) and `total`.
Sent on every re-total (an event, a profile change, a rebuild, the periodic refresh; not by
`scoring rescore`), whether or not the total changed: receivers judge what moved enough. In the
transaction that re-totalled.""")

course_completed = _domain.signal("course-completed", doc="""\
A scored learner's course completion has been scored; carries `stage` (its value after that
event) and `course_title`. Sent by scoring, so learners who are not scored (staff, or no model
saved yet) send nothing. In the transaction of the lesson or quiz that finished the course.""")

consent_changed = _domain.signal("consent-changed", doc="""\
A person gave or withdrew consent to be contacted on their account page; carries `given`
(bool). Consent ticked at sign-up sends nothing: nothing about the person was sent before. In
the transaction of the profile update.""")

address_confirmed = _domain.signal("address-confirmed", doc="""\
A person's email address was confirmed (the verification link, or a reset link that reached
their mailbox); carries nothing else. In the transaction of the confirmation.""")

order_paid = _domain.signal("order-paid", doc="""\
A course order was paid and fulfilled (the learner is enrolled); carries `order_id`. Sent once
per order, by billing when the order moves to paid (the Stripe webhook or the buyer's return from
Checkout, whichever comes first), in the transaction that moves it.""")

order_refunded = _domain.signal("order-refunded", doc="""\
A paid course order was fully refunded and its course locked again; carries `order_id`. Sent once
per order, by billing when the order moves to refunded (a refund reported before its payment is
applied, and sent, once the payment is known), in the transaction that moves it.""")
