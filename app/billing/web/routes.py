from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.core.roles import Role
from app.billing import events, service
from app.billing.gateway import BadSignature, PaymentUnavailable, current as current_gateway
from app.billing.models import Order, OrderStatus
from app.billing.web import bp
from app.core.extensions import csrf, db, limiter
from app.core.links import external_url
from app.core.security import role_required
from app.core.uow import unit_of_work


@bp.route("/courses/<slug>/enroll", methods=["POST"])
def enroll(slug: str):
    """The course page's form: enroll in a free course, or go to Stripe Checkout for a paid one."""
    if not current_user.is_authenticated:
        # Back to the course page after logging in: this URL only takes a POST.
        flash(_("Log in or create a free account to enroll."), "info")
        return redirect(url_for("accounts.login", next=url_for("learning.course_page", slug=slug)))
    course = service.course_on_offer(slug) or abort(404)
    if not course.is_free:
        return _checkout(course)
    with unit_of_work(service.NotAdmitted, flash_error=True) as work:
        service.enroll_free(current_user, course)
        # Before the commit expires the course.
        flash(_("You are enrolled in %(title)s.", title=course.title), "success")
    if not work.ok:
        return redirect(url_for("learning.course_page", slug=slug))
    return redirect(url_for("learning.course", slug=slug))


def _checkout(course):
    """A paid course: make the order and its Stripe Checkout Session, then send the buyer there."""
    # A refused checkout keeps its failed order: the admin orders page shows what happened.
    with unit_of_work(keep=service.CheckoutError) as work:
        order = service.start_checkout(
            current_gateway(), current_user, course,
            success_url=external_url("billing.success") + "?session_id={CHECKOUT_SESSION_ID}",
            cancel_url=lambda order_id: external_url("billing.cancel", order_id=order_id))
    if work.error:
        flash(str(work.error), "error")
        return redirect(url_for("learning.course_page", slug=course.slug))
    return redirect(order.checkout_url, code=303)


@bp.route("/webhooks/stripe", methods=["POST"])
@csrf.exempt
@limiter.exempt
def stripe_webhook():
    """Stripe calls this; it proves itself with the Stripe-Signature header, not a session."""
    gateway = current_gateway()
    if gateway is None:
        return {"error": "Stripe is not configured"}, 400
    payload = request.get_data()
    try:
        gateway.verify(payload, request.headers.get("Stripe-Signature"))
        event = events.parse(payload)
    except BadSignature:
        return {"error": "bad signature"}, 400
    except events.MalformedEvent as exc:
        current_app.logger.warning("malformed stripe event: %s", exc)
        return {"error": f"malformed event: {exc}"}, 400
    # The event id is committed with its effects: a failure leaves it for Stripe's retry.
    with unit_of_work(service.DuplicateEvent) as work:
        outcome = service.handle_event(event)
    if not work.ok:
        outcome = "duplicate"
    current_app.logger.info("stripe event %s %s: %s", event.id, event.type, outcome)
    return {"received": True, "outcome": outcome}, 200


@bp.route("/billing/success")
@login_required
def success():
    """The buyer is back from Checkout: enroll them now if Stripe says paid (webhook or not)."""
    gateway = current_gateway()
    session_id = request.args.get("session_id", "")
    if gateway is None or not session_id:
        abort(404)
    with unit_of_work(PaymentUnavailable) as work:
        order = service.confirm_return(gateway, current_user, session_id)
        if order is None:
            abort(404)
    if not work.ok:
        flash(_("%(problem)s Your payment is safe: you will be enrolled as soon as Stripe confirms it.",
                problem=work.error), "info")
        return redirect(url_for("learning.my_learning"))
    return render_template("billing/success.html", order=order)


@bp.route("/billing/cancel/<int:order_id>")
@login_required
def cancel(order_id: int):
    order = db.get_or_404(Order, order_id)
    if order.user_id != current_user.id:
        abort(404)
    flash(_("Checkout was cancelled; nothing was charged."), "info")
    return redirect(url_for("learning.course_page", slug=order.course.slug))


@bp.route("/admin/orders")
@role_required(Role.ADMIN)
def orders():
    status = request.args.get("status") or None
    if status not in {s.value for s in OrderStatus}:
        status = None
    page = db.paginate(service.recent_orders(status), per_page=50, error_out=False)
    return render_template("billing/orders.html", page=page, counts=service.order_counts(), status=status,
                           statuses=list(OrderStatus))
