"""Paid courses on the web: the Stripe webhook, the buyer's return from Checkout, and the
admins' orders page."""
from flask import Blueprint

bp = Blueprint("billing", __name__)

from app.billing.web import routes  # noqa: E402,F401
