"""Paid courses: Stripe Checkout, its webhooks, the buyer's return, and orders."""
from flask import Blueprint

bp = Blueprint("billing", __name__)

from app.billing import routes  # noqa: E402,F401
