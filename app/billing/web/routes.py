from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.core.roles import Role
from app.billing import events, service
from app.billing.gateway import BadSignature, PaymentUnavailable, current as current_gateway
from app.billing.models import Order, OrderStatus
from app.billing.web import bp
from app.core.extensions import csrf, db, limiter
from app.core.security import role_required
from app.core.uow import unit_of_work


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
        flash(f"{work.error} Your payment is safe: you will be enrolled as soon as Stripe confirms it.", "info")
        return redirect(url_for("learning.my_learning"))
    return render_template("billing/success.html", order=order)


@bp.route("/billing/cancel/<int:order_id>")
@login_required
def cancel(order_id: int):
    order = db.get_or_404(Order, order_id)
    if order.user_id != current_user.id:
        abort(404)
    flash("Checkout was cancelled; nothing was charged.", "info")
    return redirect(url_for("courses.course", slug=order.course.slug))


@bp.route("/admin/orders")
@role_required(Role.ADMIN)
def orders():
    status = request.args.get("status") or None
    if status not in {s.value for s in OrderStatus}:
        status = None
    page = db.paginate(service.recent_orders(status), per_page=50, error_out=False)
    return render_template("billing/orders.html", page=page, counts=service.order_counts(), status=status,
                           statuses=list(OrderStatus))
