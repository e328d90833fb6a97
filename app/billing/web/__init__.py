"""Getting into a course, and paid courses on the web: the course page's enroll / buy form
(POST /courses/<slug>/enroll: a free course enrolls, a paid one goes to Stripe Checkout), the
Stripe webhook, the buyer's return from Checkout, the admins' orders page; and, for other areas'
pages, the template globals `purchases_of` (My learning's purchases list,
templates/billing/_purchases.html) and `checkout_open` (whether "Buy" can work now), so that
learning does not import billing."""
from flask import Blueprint

from app.billing.service import checkout_open, orders_of

bp = Blueprint("billing", __name__)
bp.add_app_template_global(orders_of, "purchases_of")
bp.add_app_template_global(checkout_open, "checkout_open")

from app.billing.web import routes  # noqa: E402,F401
