"""Error pages in the site's layout, for every HTTP error; never a stack trace."""
from flask import Flask, render_template, request
from flask.globals import request_ctx
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.core.extensions import db

MESSAGES = {
    400: (_l("Bad request"), _l("The page could not understand what was sent. Go back and try again.")),
    403: (_l("Not allowed"), _l("Your account does not have access to this page.")),
    404: (_l("Page not found"), _l("There is nothing at this address. It may have moved, or the link may be mistyped.")),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    413: (_l("Too large"), _l("What was sent is larger than this page accepts.")),
    422: (_l("Cannot process"), _l("What was sent could not be processed.")),
    429: (_l("Too many tries"), _l("You have tried this too often. Wait a little, then try again.")),
    500: (_l("Something went wrong"), _l("An error on our side stopped this page. It has been logged; please try again.")),
    503: (_l("Unavailable"), _l("This site is briefly unavailable. Please try again in a moment.")),
}


def render_error(code: int, detail: str | None = None):
    title, message = MESSAGES.get(code, (_("Error %(code)s", code=code), _("The request could not be completed.")))
    title, message = str(title), str(message)
    if request_ctx.url_adapter is None:
        # The request named a host Primer does not serve (TRUSTED_HOSTS): no links can be built
        # for it, so the answer is plain text.
        return f"Error {code}: {title}. {detail or message}\n", code, {"Content-Type": "text/plain; charset=utf-8"}
    wants_json = request.accept_mimetypes.best == "application/json" or request.path.startswith("/api/")
    if wants_json:
        return {"error": title, "status": code, "detail": detail or message}, code
    return render_template("errors/error.html", code=code, title=title, message=detail or message), code


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(400, _("This form has expired or was not sent from this site. Reload the page and try again."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        return render_error(error.code)

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        db.session.rollback()
        return render_error(500)
