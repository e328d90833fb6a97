"""gunicorn settings for Primer: `gunicorn -c gunicorn.conf.py` (serves wsgi:app).

Everything that differs between machines comes from the environment:

    GUNICORN_BIND      where to listen (default 127.0.0.1:8000; a unix socket: unix:/run/primer/web.sock)
    GUNICORN_WORKERS   processes (default: WEB_CONCURRENCY, else 2 × cores + 1)
    GUNICORN_THREADS   threads per process (default 4; above 1 the gthread worker keeps connections alive)
    GUNICORN_TIMEOUT   seconds before a stuck worker is restarted (default 30)
    GUNICORN_MAX_REQUESTS  recycle a worker after this many requests, ± 10 % jitter (default 0: never)
    GUNICORN_ACCESS_LOG    "-" for stdout, a path, or unset for none
    FORWARDED_ALLOW_IPS    proxies whose X-Forwarded-* gunicorn trusts (default 127.0.0.1); Primer's
                           own PROXY_COUNT decides what the app trusts

Workers are forked before the app is built (no preload), so no process shares another's
database connections.
"""
import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "wsgi:app"
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
workers = _int("GUNICORN_WORKERS", _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = _int("GUNICORN_THREADS", 4)
worker_class = "gthread" if threads > 1 else "sync"
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 5
max_requests = _int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "primer-web"
