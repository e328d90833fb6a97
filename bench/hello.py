"""The baseline for request rates: a bare Flask app saying hello, served like Primer."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "hello"
