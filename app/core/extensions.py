"""Flask extensions, created unbound here and bound to the app in `create_app`, and the URL
converter every blueprint's `<int:...>` uses."""
import sqlite3

from flask import has_request_context, request

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase
from werkzeug.routing import IntegerConverter

BIGINT_MAX = 2**63 - 1
# Past any list Primer shows, and small enough that (page - 1) * per_page stays a 64-bit OFFSET.
LAST_PAGE = 10**9

# Named constraints, so migrations can alter them on every database (SQLite included).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Database(SQLAlchemy):
    def paginate(self, select, *, page=None, **kwargs):
        """As Flask-SQLAlchemy's, with ?page= read here and clamped to LAST_PAGE: a page number past
        64 bits would overflow the query's OFFSET (a 500). A page past the last is empty, as before."""
        if page is None and has_request_context():
            page = min(request.args.get("page", 1, type=int), LAST_PAGE)
        return super().paginate(select, page=page, **kwargs)


class IdConverter(IntegerConverter):
    """`<int:...>` in every URL: a number past a 64-bit integer column is no page (404), instead of
    reaching the database and overflowing there (a 500 on PostgreSQL)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", BIGINT_MAX)
        super().__init__(map, *args, **kwargs)


db = Database(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)
mail = Mail()


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """SQLite: enforce foreign keys (cascades), and let readers and a writer work at once."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


@event.listens_for(Engine, "savepoint")
def _sqlite_savepoint_inside_a_transaction(conn, name):
    """SQLite's Python driver opens a transaction only before an INSERT, UPDATE or DELETE; a
    SAVEPOINT sent before one would start a transaction of its own that RELEASE commits, so a
    request whose first write is in a savepoint would keep it even when the request then fails.
    Open the real transaction first."""
    dbapi_connection = conn.connection.dbapi_connection
    if isinstance(dbapi_connection, sqlite3.Connection) and not dbapi_connection.in_transaction:
        conn.exec_driver_sql("BEGIN")

