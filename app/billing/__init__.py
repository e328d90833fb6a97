"""Billing: orders for paid courses and their fulfilment (`service`: start_checkout,
confirm_return, handle_event, orders_of), in Primer's words for payments (`payments`: Checkout,
the payment events, the PaymentGateway interface). The Stripe adapter is `gateway` (the only
module that imports stripe) with `events`, which reads Stripe's webhooks; only they know
Stripe's names. Getting into a course is billing's too, free or paid (`service`: course_on_offer,
enroll_free, checkout_open). The receipt and the refund notice are `mail` (on core.signals
order_paid and order_refunded, which `service` sends). Web: web/ (POST /courses/<slug>/enroll,
/webhooks/stripe, /billing, /admin/orders)."""
