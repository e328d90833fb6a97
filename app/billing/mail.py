"""The buyer's receipt when an order is paid, and the notice when it is refunded.

Transactional: they always go, with no unsubscribe link. They listen to core.signals.order_paid
and order_refunded, sent in the transaction that moves the order; an order moves to paid, and
to refunded, once (billing.service locks the order row; a Stripe event delivered again is
refused by its id), so each mail is written once. The mailer hands it to a worker once that
transaction commits, and a rollback takes it away with the payment.
"""
from __future__ import annotations

from flask_babel import gettext as _

from app.billing.models import Order
from app.core import signals
from app.core.extensions import db
from app.core.formatting import format_price
from app.core.i18n import speaking_to
from app.core.links import external_url
from app.core.mailer import send_email


def connect() -> None:
    """Subscribe the receipt and the refund notice to orders (strongly held: for the process's life)."""
    signals.order_paid.connect(on_paid, weak=False)
    signals.order_refunded.connect(on_refunded, weak=False)


def on_paid(user_id: int, *, order_id: int) -> None:
    _mail_buyer(order_id, lambda course: _("Your {brand} receipt for %(course)s", course=course), "receipt",
                lambda order: {"start_link": external_url("learning.course", slug=order.course.slug),
                               "my_link": external_url("learning.my_learning")})


def on_refunded(user_id: int, *, order_id: int) -> None:
    _mail_buyer(order_id, lambda course: _("Your refund for %(course)s", course=course), "refund",
                lambda order: {"course_link": external_url("learning.course_page", slug=order.course.slug)})


def _mail_buyer(order_id: int, subject, template: str, links) -> None:
    """Mail the order's buyer, in their language and time zone, the amount as they write it."""
    order = db.session.get(Order, order_id)
    if order is None:
        return
    with speaking_to(order.user.locale, order.user.time_zone):
        send_email(order.user.email, subject(order.course.title), template, user=order.user, order=order,
                   amount=format_price(order.amount, order.currency), **links(order))

