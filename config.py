"""Configuration classes, read from the environment.

`PRIMER_ENV` selects the class (development, testing, production). Every setting has a
default that runs Primer on one laptop; production adds the few that must be real.
"""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("PRIMER_INSTANCE_PATH", BASE_DIR / "instance"))


# A broker in a SQLite file (kombu's SQLAlchemy transport): no server, no fanout (so no remote
# control), about a second of polling lag; enough for one machine.
EMBEDDED_BROKER_URL = f"sqla+sqlite:///{INSTANCE_DIR / 'background.sqlite3'}"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value and value.strip() else default


def development_secret_key(instance_dir: Path = INSTANCE_DIR) -> str:
    """A key generated once into instance/ so development sessions survive restarts."""
    instance_dir.mkdir(parents=True, exist_ok=True)
    path = instance_dir / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _database_url(default_name: str) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants a driver name.
        if url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url[len("postgres://"):]
        elif url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        return url
    return f"sqlite:///{INSTANCE_DIR / default_name}"


class Config:
    ENV_NAME = "base"
    SECRET_KEY: str | None = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = ""
    # No pre-ping: it would cost every request a round trip. When the database drops a
    # connection, the one request that meets it fails and SQLAlchemy then replaces every pooled
    # connection (optimistic disconnect handling); recycling hourly outlives idle-connection
    # timeouts in proxies and firewalls.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_recycle": 3600}

    # Sessions: the signed cookie holds only a login-session key; the row behind it
    # enforces idle and absolute lifetimes and is deleted at logout.
    SESSION_COOKIE_NAME = "primer_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_IDLE_TIMEOUT = timedelta(minutes=env_int("SESSION_IDLE_MINUTES", 60))
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=env_int("SESSION_ABSOLUTE_HOURS", 12))
    PERMANENT_SESSION_LIFETIME = SESSION_ABSOLUTE_TIMEOUT
    # The lifetimes are enforced on the server, so the cookie is not re-signed on every response.
    SESSION_REFRESH_EACH_REQUEST = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"

    # The public address every link in an email or handed to Stripe is built from (never the
    # request's Host header); its host is also the only one requests may name (TRUSTED_HOSTS).
    PRIMER_BASE_URL = os.environ.get("PRIMER_BASE_URL", "").strip()
    # Dates and times are shown in the reader's own time zone, when they chose one on their
    # account page, else in this one (an IANA name, e.g. Europe/Prague).
    PRIMER_TIME_ZONE = os.environ.get("PRIMER_TIME_ZONE", "UTC").strip() or "UTC"
    # Request bodies larger than this are refused with 413 before they are read; views that take
    # uploads raise their own limit (COURSE_FILE_MAX_BYTES).
    MAX_CONTENT_LENGTH = env_int("MAX_CONTENT_LENGTH", 1024 * 1024)

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session it belongs to
    HSTS = False
    PREFERRED_URL_SCHEME = "http"
    # How many reverse proxies stand in front (their X-Forwarded-* headers are then trusted).
    PROXY_COUNT = env_int("PROXY_COUNT", 0)

    # Password hashing: Argon2id at OWASP's recommended floor or above.
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST_KIB = 65536
    ARGON2_PARALLELISM = 4
    PASSWORD_MIN_LENGTH = 8
    PASSWORD_MAX_LENGTH = 128
    PASSWORD_RESET_TTL = timedelta(minutes=env_int("PASSWORD_RESET_MINUTES", 60))
    EMAIL_VERIFY_TTL = timedelta(hours=env_int("EMAIL_VERIFY_HOURS", 48))
    INVITATION_TTL = timedelta(days=env_int("INVITATION_DAYS", 7))
    # Guesses at one account from many addresses: after this many failures in the window, each
    # login attempt on it waits BASE, 2×BASE, 4×BASE… up to MAX seconds (nobody is locked out).
    LOGIN_SLOWDOWN_AFTER = env_int("LOGIN_SLOWDOWN_AFTER", 10)
    LOGIN_SLOWDOWN_WINDOW_SECONDS = env_int("LOGIN_SLOWDOWN_WINDOW_SECONDS", 900)
    LOGIN_SLOWDOWN_BASE_SECONDS = 0.5
    LOGIN_SLOWDOWN_MAX_SECONDS = 4.0

    # A course-file upload may be larger than other requests: the file itself is refused past
    # 2 MB (authoring.courses), and the form around it needs some room too.
    COURSE_FILE_MAX_BYTES = env_int("COURSE_FILE_MAX_BYTES", 4 * 1024 * 1024)

    # The branding form takes a logo and a favicon (each refused past 1 MB by site.images) and
    # its fields; a body past this is refused (413) before it is read.
    BRAND_UPLOAD_MAX_BYTES = env_int("BRAND_UPLOAD_MAX_BYTES", 3 * 1024 * 1024)
    # Each process re-reads the brand at most this often (one small query); the one where an
    # admin saves shows the new brand at once, the others within this many seconds.
    BRAND_REFRESH_SECONDS = env_int("BRAND_REFRESH_SECONDS", 10)

    # Rate limits (Flask-Limiter); a shared store when several servers run.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # Explicit, because Flask-Limiter's one shared instance otherwise inherits the last app's value.
    RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_AUTH_PER_ADDRESS = os.environ.get("RATELIMIT_AUTH_PER_ADDRESS", "20 per minute; 200 per hour")
    RATELIMIT_AUTH_PER_ACCOUNT = os.environ.get("RATELIMIT_AUTH_PER_ACCOUNT", "10 per 5 minutes; 50 per day")
    RATELIMIT_CERTIFICATE_PDF = os.environ.get("RATELIMIT_CERTIFICATE_PDF", "20 per minute; 200 per day")

    # Mail: SMTP in production, the log in development, captured in tests.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "app.core.mailer.LogEmailBackend")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = env_int("MAIL_PORT", 25)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = env_bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = env_bool("MAIL_USE_SSL", False)
    MAIL_TIMEOUT = 10
    MAIL_FILE_PATH = os.environ.get("MAIL_FILE_PATH")  # MAIL_BACKEND=file writes each message there
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Primer <no-reply@primer.example>")
    # A mail whose sending fails is tried again later (1, 5, 15, 60 minutes apart, then hourly), up
    # to this many attempts in all, then shown as failed on /admin/background. Sent and failed
    # mail is listed there this many days (its message itself is dropped once sent).
    MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 6)
    MAIL_KEEP_DAYS = env_int("MAIL_KEEP_DAYS", 7)
    # Sales people who asked for a daily digest of new sales-qualified leads get it at this hour
    # (0-23) of their own day (their time zone, else PRIMER_TIME_ZONE), or soon after.
    SALES_DIGEST_HOUR = env_int("SALES_DIGEST_HOUR", 8)

    # Background work (Celery): Redis (`redis://…`) or RabbitMQ (`amqp://…`) when several machines
    # run; unset, a broker embedded in a SQLite file under instance/ that needs no server (one
    # laptop, one worker). Tests run tasks in the process (eagerly), still only after commit.
    CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "").strip() or EMBEDDED_BROKER_URL
    CELERY_TASK_ALWAYS_EAGER = False
    # Extra Celery settings (lower-case names, as in Celery's docs) laid over the ones Primer sets.
    CELERY: dict = {}

    # Outside services (adapters read these; unset means the feature says it is off).
    HUBSPOT_ACCESS_TOKEN = os.environ.get("HUBSPOT_ACCESS_TOKEN")
    HUBSPOT_API_BASE = os.environ.get("HUBSPOT_API_BASE", "https://api.hubapi.com")
    HUBSPOT_RATE_LIMIT = env_int("HUBSPOT_RATE_LIMIT", 100)
    CRM_REQUIRE_CONSENT = env_bool("CRM_REQUIRE_CONSENT", True)
    CRM_REQUIRE_VERIFIED_EMAIL = env_bool("CRM_REQUIRE_VERIFIED_EMAIL", True)
    # Once a lead is qualified, a score move of this many points is worth telling the CRM.
    CRM_SCORE_DELTA = env_int("CRM_SCORE_DELTA", 10)
    CRM_BATCH_SIZE = 100  # HubSpot's batch limit
    CRM_LEASE_SECONDS = env_int("CRM_LEASE_SECONDS", 120)
    CRM_MAX_ATTEMPTS = env_int("CRM_MAX_ATTEMPTS", 12)
    STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY")
    STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET")
    STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "https://api.stripe.com")
    # Where Checkout Sessions send the buyer; the Content-Security-Policy must allow it.
    STRIPE_CHECKOUT_ORIGIN = os.environ.get("STRIPE_CHECKOUT_ORIGIN", "https://checkout.stripe.com")

    # The library fetches what curators link to (app.library.fetching): from the public internet
    # only, on these ports, each connect and read waiting at most TIMEOUT seconds and the whole
    # fetch DEADLINE; a body past MAX_BYTES is refused unless the caller reads only its start.
    LIBRARY_FETCH_TIMEOUT = float(env_int("LIBRARY_FETCH_TIMEOUT", 5))
    LIBRARY_FETCH_DEADLINE = float(env_int("LIBRARY_FETCH_DEADLINE", 20))
    LIBRARY_FETCH_MAX_BYTES = env_int("LIBRARY_FETCH_MAX_BYTES", 5 * 1024 * 1024)
    LIBRARY_FETCH_PORTS: tuple[int, ...] = (80, 443)
    # Non-public places that may be fetched from all the same, comma-separated: "address:port"
    # or a network such as 10.20.0.0/16 (any port). Empty: none, as it should be in production.
    LIBRARY_FETCH_ALLOW: tuple[str, ...] = tuple(
        entry.strip() for entry in os.environ.get("LIBRARY_FETCH_ALLOW", "").split(",") if entry.strip())
    # Where a "host:port" really is, {"www.youtube.com:443": "127.0.0.1:8443"}: for tests and fakes.
    LIBRARY_FETCH_CONNECT_TO: dict[str, str] = {}
    # The certificate authorities a fetched https site must be vouched for by (a PEM file); unset, certifi's.
    LIBRARY_FETCH_CA_CERTS = os.environ.get("LIBRARY_FETCH_CA_CERTS") or None

    @classmethod
    def validate_app(cls, settings) -> None:
        """Raise RuntimeError with a one-line reason when the settings cannot run."""


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    PRIMER_BASE_URL = Config.PRIMER_BASE_URL or "http://127.0.0.1:5000"
    # SECRET_KEY unset: create_app generates one into instance/ (development_secret_key).
    SQLALCHEMY_DATABASE_URI = _database_url("primer.sqlite3")


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-only-secret-key-not-for-production"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    MAIL_BACKEND = "locmem"
    CELERY_BROKER_URL = "memory://"  # never reached: tasks run eagerly (tests of real workers name one)
    CELERY_TASK_ALWAYS_EAGER = True
    SERVER_NAME = "primer.test"
    PRIMER_BASE_URL = "http://primer.test"
    # Hashing at production's cost is most of the suite's time; tests of the hashing itself
    # build an app with production's settings (tests/accounts/test_passwords.py).
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST_KIB = 8
    ARGON2_PARALLELISM = 1
    # One read of the brand per app (tests that count queries see no refresh in the middle); a
    # test of several servers sets its own.
    BRAND_REFRESH_SECONDS = 3600


class ProductionConfig(Config):
    ENV_NAME = "production"
    SQLALCHEMY_DATABASE_URI = _database_url("primer.sqlite3")
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    HSTS = True
    PREFERRED_URL_SCHEME = "https"
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")

    @classmethod
    def validate_app(cls, settings) -> None:
        key = settings.get("SECRET_KEY") or ""
        if len(key) < 32 or key in {"change-me", "changeme", "secret", "dev"}:
            raise RuntimeError(
                "SECRET_KEY must be set to a random value of at least 32 characters in production "
                "(e.g. python -c 'import secrets; print(secrets.token_hex(32))')."
            )
        if not settings.get("PRIMER_BASE_URL"):
            raise RuntimeError(
                "PRIMER_BASE_URL must be set in production to the address people use, e.g. "
                "https://academy.example.com (links in emails and payments are built from it)."
            )


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_for(name: str | None = None) -> type[Config]:
    name = (name or os.environ.get("PRIMER_ENV") or "development").strip().lower()
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"PRIMER_ENV must be one of {', '.join(CONFIGS)}, not {name!r}.") from None
