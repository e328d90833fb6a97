"""Outgoing mail: a text and an HTML part rendered from templates/email/<name>.txt|.html.

The backend is a setting: SMTP in production, the application log in development, an
in-memory outbox in tests. Production sends from a background thread, so a slow mail server
neither delays the page nor reveals (by timing) whether a message was sent at all.
"""
import threading
from collections.abc import Callable

from flask import Flask, current_app, render_template
from flask_mailman import EmailMultiAlternatives
from flask_mailman.backends.base import BaseEmailBackend


def send_email(to: str, subject: str, template: str, **context) -> None:
    """Mail both parts of templates/email/<template>; `{brand}` in the subject becomes the
    organisation's name, the `brand` every template sees (registered by the site area)."""
    text = render_template(f"email/{template}.txt", **context)
    html = render_template(f"email/{template}.html", **context)
    message = EmailMultiAlternatives(subject=branded(subject), body=text, to=[to])
    message.attach_alternative(html, "text/html")
    after_response(_deliver, message, template)


def branded(subject: str) -> str:
    """The subject with `{brand}` replaced by the brand's name (a plain replacement: a subject
    holding a course title with braces in it stays as it is)."""
    if "{brand}" not in subject:
        return subject
    names: dict = {}
    current_app.update_template_context(names)
    brand = names.get("brand")
    return subject.replace("{brand}", getattr(brand, "name", None) or "Primer")


def _deliver(message: EmailMultiAlternatives, template: str) -> None:
    try:
        message.send()
    except OSError:
        # A mail outage must not turn a reset request into an error page (or reveal the account).
        current_app.logger.exception("could not send %r mail to %s", template, message.to)


class LogEmailBackend(BaseEmailBackend):
    """Development: write each message (with its links) to the application log."""

    def send_messages(self, messages):
        for message in messages:
            current_app.logger.info(
                "mail to %s — %s\n%s", ", ".join(message.to), message.subject, message.body
            )
        return len(messages)


def after_response(job: Callable, *args) -> None:
    """Run `job(*args)` in an app context of its own — on a background thread where mail is sent
    in the background (production), at once otherwise — so that work which depends on whose
    address was typed neither delays the answer nor shows in its timing. The job commits."""
    app = current_app._get_current_object()
    if app.config["MAIL_SEND_IN_BACKGROUND"]:
        threading.Thread(target=_run, args=(app, job, args), daemon=True).start()
    else:
        _run(app, job, args)


def _run(app: Flask, job: Callable, args: tuple) -> None:
    from app.core.extensions import db

    with app.app_context():
        try:
            job(*args)
        except Exception:  # a failed job is logged; the person's answer was already given
            db.session.rollback()
            app.logger.exception("background job %s failed", getattr(job, "__name__", job))
