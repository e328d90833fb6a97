"""gunicorn under test, wrk as the load, and worker memory, for bench/run; the background worker
beside gunicorn, for bench/load.

The load is wrk (Debian's package), bounded in time and aimed only at 127.0.0.1. A Lua script
rotates each request through the seeded learners' cookies and the given paths, so page views
and completions touch many rows, as real traffic does.
"""
from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def rss_kib(self) -> dict[int, int]:
        """Resident memory of each worker process, in KiB."""
        sizes = {}
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            sizes[pid] = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
        return sizes


@contextmanager
def gunicorn(app: str, env: dict[str, str], *, workers: int, threads: int):
    """gunicorn with the project's gunicorn.conf.py serving `app` on a free loopback port."""
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="primer-bench-gunicorn-", suffix=".log", delete=False)
    settings = {**os.environ, **env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers),
                "GUNICORN_THREADS": str(threads), "GUNICORN_LOG_LEVEL": "warning"}
    settings.pop("GUNICORN_ACCESS_LOG", None)
    process = subprocess.Popen(
        [str(PYTHON), "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "--pythonpath", f"{ROOT},{ROOT / 'bench'}",
         app], cwd=ROOT, env=settings, stdout=log, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", process)
    try:
        _wait_ready(server, log.name, workers)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        errors = Path(log.name).read_text()
        os.unlink(log.name)
        if "Traceback" in errors or os.environ.get("BENCH_SHOW_LOG"):
            print(errors[-3000:], file=sys.stderr)


@contextmanager
def background_worker(env: dict[str, str], *, concurrency: int = 4):
    """`flask worker` (no beat) with these settings, for the mail the served app sends."""
    log = tempfile.NamedTemporaryFile(prefix="primer-bench-worker-", suffix=".log", delete=False)
    process = subprocess.Popen(
        [str(PYTHON), "-m", "flask", "--app", "wsgi", "worker", "--no-beat", "--concurrency", str(concurrency)],
        cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        process.send_signal(signal.SIGTERM)  # warm shutdown: the tasks in hand finish
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        errors = Path(log.name).read_text()
        os.unlink(log.name)
        if "Traceback" in errors or os.environ.get("BENCH_SHOW_LOG"):
            print(errors[-3000:], file=sys.stderr)


def _wait_ready(server: Server, log: str, workers: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{Path(log).read_text()[-3000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", int(server.url.rsplit(":", 1)[1]), timeout=5)
            conn.request("GET", "/", headers={"X-Forwarded-Proto": "https"})
            answered = conn.getresponse().status
            conn.close()
            if answered == 200 and len(server.worker_pids()) == workers:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer in 60 s:\n{Path(log).read_text()[-3000:]}")


# --- wrk ------------------------------------------------------------------------------------------

LUA = """
local cookies = {%(cookies)s}
local tokens = {%(tokens)s}
local paths = {%(paths)s}
local origin = "%(origin)s"
local expected = %(expected)d
local counter = 0
unexpected = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

response = function(status, headers, body)
  if status ~= expected then unexpected = unexpected + 1 end
end

function done(summary, latency, requests)
  local n = 0
  for _, thread in ipairs(threads) do n = n + thread:get("unexpected") end
  io.write("Unexpected status: " .. n .. "\\n")
end

request = function()
  local people = math.max(#cookies, 1)
  local who = counter %% people
  local path = paths[math.floor(counter / people) %% #paths + 1]
  counter = counter + 1
  local headers = {["X-Forwarded-Proto"] = "https", ["Referer"] = origin .. "/"}
  if #cookies > 0 then headers["Cookie"] = "%(cookie_name)s=" .. cookies[who + 1] end
  if string.sub(path, 1, 5) == "POST " then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", string.sub(path, 6), headers, "csrf_token=" .. tokens[who + 1])
  end
  return wrk.format("GET", path, headers)
end
"""


def _lua_list(values) -> str:
    return ", ".join('"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"' for value in values)


@dataclass
class Load:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int  # answers other than the expected status, plus socket errors


def wrk_path() -> str:
    found = shutil.which("wrk")
    if not found:
        sys.exit("bench/run needs wrk: apt-get install wrk")
    return found


def wrk(url: str, paths: list[str], *, seconds: float, connections: int = 16, people=(), cookie_name="primer_session",
        origin: str | None = None, expect: int = 200) -> Load:
    """Load `url` for `seconds` with wrk (one thread, keep-alive); `people` are (cookie, csrf token) pairs.

    Paths starting with "POST " are posted with the person's CSRF token. Any answer but `expect`
    (a redirect to the login page, say) counts as an error."""
    people = list(people)
    script = LUA % {"cookies": _lua_list(c for c, _ in people), "tokens": _lua_list(t for _, t in people),
                    "paths": _lua_list(paths), "origin": (origin or url).replace("http://", "https://"),
                    "cookie_name": cookie_name, "expected": expect}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    try:
        out = subprocess.run([wrk_path(), "-t1", f"-c{connections}", f"-d{int(seconds)}s", "--latency", "--timeout", "10s",
                              "-s", lua.name, url], capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    finally:
        os.unlink(lua.name)
    return _parse(out)


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def _parse(out: str) -> Load:
    requests, seconds = re.search(r"(\d+) requests in ([\d.]+)(m?s)", out).groups()[:2]
    unit = re.search(r"\d+ requests in [\d.]+(m?s)", out).group(1)
    seconds = float(seconds) / (1000 if unit == "ms" else 1)
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    errors = int(re.search(r"Unexpected status: (\d+)", out).group(1))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return Load(int(requests), seconds, rps, _ms(latency["50"]), _ms(latency["99"]), errors)
