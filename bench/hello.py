"""The baselines for request rates, served like Primer (same gunicorn settings).

`app` is a bare Flask app saying hello. `floor` adds the least a signed-in page must do: one
round trip to Primer's database (DATABASE_URL), through a SQLAlchemy connection pool, as
checking a login session does. Primer's pages cannot be faster than `floor`; it shows how much
of the gap to "hello" the database round trip alone takes on this machine.
"""
import os

from flask import Flask
from sqlalchemy import create_engine, text

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "hello"


floor = Flask(__name__)
_engine = None


@floor.get("/")
def one_query() -> str:
    global _engine
    if _engine is None:  # made in the worker, after gunicorn forks
        _engine = create_engine(os.environ["DATABASE_URL"])
    with _engine.connect() as connection:
        return str(connection.execute(text("SELECT count(*) FROM courses")).scalar())
