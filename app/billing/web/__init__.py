"""Paid courses on the web: the Stripe webhook, the buyer's return from Checkout, the admins'
orders page, and the purchases list My learning includes (templates/billing/_purchases.html,
fed by the `purchases_of` template global, so that learning does not import billing)."""
from flask import Blueprint

from app.billing.service import orders_of

bp = Blueprint("billing", __name__)
bp.add_app_template_global(orders_of, "purchases_of")

from app.billing.web import routes  # noqa: E402,F401
