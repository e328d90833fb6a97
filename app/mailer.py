"""Outgoing mail: a text and an HTML part rendered from templates/email/<name>.txt|.html.

The backend is a setting: SMTP in production, the console (log) in development,
an in-memory outbox in tests.
"""
from flask import current_app, render_template
from flask_mailman import EmailMultiAlternatives


def send_email(to: str, subject: str, template: str, **context) -> None:
    text = render_template(f"email/{template}.txt", **context)
    html = render_template(f"email/{template}.html", **context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except OSError:
        # A mail outage must not turn a reset request into an error page (or reveal the account).
        current_app.logger.exception("could not send %r mail", template)
