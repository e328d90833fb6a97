"""Every model, imported in one place so the metadata (and `flask db check`) sees them all."""
from app.accounts.models import LoginSession, PasswordResetToken, Role, User  # noqa: F401
