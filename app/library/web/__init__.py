"""The library's web face: /library for everyone (routes.py), and the curator's desk, whose
blueprint `curate_bp` the app factory registers at /author/library among the author pages
(curate.py) — an author page, with the code beside the library it curates."""
from flask import Blueprint

bp = Blueprint("library", __name__)
curate_bp = Blueprint("library_curate", __name__)

from app.library.web import curate, routes  # noqa: E402,F401
