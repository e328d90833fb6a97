"""Accounts on the web: sign up, confirm the address, log in and out, reset and change
passwords, the profile and consent, which emails one gets and unsubscribing from a mail; and the
admins' pages for people and roles."""
from flask import Blueprint

bp = Blueprint("accounts", __name__)

from app.accounts.web import admin, routes  # noqa: E402,F401
