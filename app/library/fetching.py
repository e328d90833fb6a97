"""A guarded HTTP fetch of what a curator links to: a page, an oEmbed answer, a feed.

Every hop passes the guard (app.library.guard) and is then made to the very address the guard
checked: urllib3 connects to that address and names the host only in the Host header and in
TLS, where it is the name sent (SNI) and the name the certificate must hold. Redirects are followed
here, each one checked again, at most MAX_REDIRECTS. Each wait is bounded (connecting, and each read
of the answer) and so is the whole fetch, redirects included; the body is read in chunks and
refused past max_bytes, or cut there when the caller only needs its start (a page's head).
"""
from __future__ import annotations

import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
from flask_babel import gettext as _
from urllib3 import HTTPHeaderDict
from urllib3.exceptions import (ConnectTimeoutError, DecodeError, HTTPError, NewConnectionError, ProtocolError,
                                ReadTimeoutError, SSLError)

from app.library.errors import FetchError
from app.library.guard import Hop, checked
from app.library.settings import setting

__all__ = ["FetchError", "Fetched", "fetch", "expect_ok"]

MAX_REDIRECTS = 5
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class Fetched:
    """An answer, after any redirects: where it came from and what it said."""

    url: str  # the address that answered, after redirects
    status: int
    headers: Mapping[str, str]  # names in lower case
    body: bytes
    content_type: str  # the media type in lower case, without parameters; "" when none was sent
    redirects: tuple[str, ...] = ()  # each address that redirected, in order: the first is the one asked for
    truncated: bool = False  # the body was cut at max_bytes, as the caller allowed
    charset: str | None = None  # from the Content-Type header

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


def fetch(url: str, *, max_bytes: int | None = None, timeout: float | None = None, deadline: float | None = None,
          truncate: bool = False, method: str = "GET", headers: Mapping[str, str] | None = None,
          allowed_hosts: Collection[str] | None = None) -> Fetched:
    """GET (or HEAD) `url` from the public internet, following redirects; FetchError says why not.

    `timeout` bounds connecting and each wait for the answer, `deadline` the whole fetch (seconds;
    LIBRARY_FETCH_TIMEOUT and LIBRARY_FETCH_DEADLINE by default). A body past `max_bytes` is
    refused, or cut there when `truncate`. `allowed_hosts` limits every hop, redirects included, to
    those host names (a provider's own). Any status is returned; `Fetched.ok` says whether it is 2xx.
    """
    if method not in ("GET", "HEAD"):
        raise ValueError(f"fetch only GETs or HEADs, not {method!r}")
    max_bytes = max_bytes if max_bytes is not None else setting("LIBRARY_FETCH_MAX_BYTES")
    timeout = timeout if timeout is not None else setting("LIBRARY_FETCH_TIMEOUT")
    deadline = deadline if deadline is not None else setting("LIBRARY_FETCH_DEADLINE")
    ends = time.monotonic() + deadline
    redirects: list[str] = []
    while True:
        hop = checked(url, allowed_hosts)
        response = _send(hop, method, _request_headers(headers, hop), timeout, ends, deadline)
        try:
            location = response.headers.get("location")
            if response.status in REDIRECT_STATUSES and location:
                if len(redirects) == MAX_REDIRECTS:
                    raise FetchError(_("%(url)s redirected more than %(count)s times; Primer stopped following it.",
                                       url=redirects[0], count=MAX_REDIRECTS))
                redirects.append(hop.url)
                url = urljoin(hop.url, location.strip())
                continue
            body, truncated = _body(response, hop, max_bytes, truncate, timeout, ends, deadline)
            return _fetched(hop, response, body, tuple(redirects), truncated)
        finally:
            response.close()  # and its connection: each hop has its own, never reused


def expect_ok(fetched: Fetched) -> Fetched:
    """`fetched` when it is a 2xx answer; else FetchError saying, for a curator, what the site answered."""
    host = urlsplit(fetched.url).hostname or fetched.url
    if fetched.ok:
        return fetched
    if fetched.status in (404, 410):
        raise FetchError(_("There is nothing at this address (%(host)s answered %(status)s): check it for typing "
                           "mistakes.", host=host, status=fetched.status))
    if fetched.status in (401, 403):
        raise FetchError(_("%(host)s does not let Primer read this page (it answered %(status)s): it may need a "
                           "login.", host=host, status=fetched.status))
    raise FetchError(_("%(host)s answered with an error (%(status)s): try again later.", host=host,
                       status=fetched.status))


def user_agent() -> str:
    base_url = (setting("PRIMER_BASE_URL") or "").strip()
    return f"Primer link checker (+{base_url})" if base_url else "Primer link checker"


def _request_headers(extra: Mapping[str, str] | None, hop: Hop) -> HTTPHeaderDict:
    headers = HTTPHeaderDict({"User-Agent": user_agent(), "Accept": "*/*", "Accept-Encoding": "gzip, deflate"})
    for name, value in (extra or {}).items():
        headers[name] = value  # in place of a default of the same name, whatever its case
    headers["Host"] = hop.host_header  # the guard chose the host: the caller's would name another one
    return headers


def _send(hop: Hop, method: str, headers: HTTPHeaderDict, timeout: float, ends: float,
          deadline: float) -> urllib3.BaseHTTPResponse:
    """The answer's head from the first of the hop's addresses that takes the connection."""
    failure: FetchError | None = None
    for address in hop.addresses:
        wait = _remaining(ends, hop, deadline)
        pool = _pool(hop, address, urllib3.Timeout(connect=min(timeout, wait), read=min(timeout, wait)))
        try:
            return pool.urlopen(method, hop.target, headers=headers, redirect=False,
                                retries=False, preload_content=False, assert_same_host=False)
        except (ConnectTimeoutError, NewConnectionError) as error:
            failure = _connect_error(hop, error, timeout)
        except HTTPError as error:
            raise _answer_error(hop, error, timeout) from None
        finally:
            pool.close()
    assert failure is not None
    raise failure


def _pool(hop: Hop, address: str, timeout: urllib3.Timeout) -> urllib3.HTTPConnectionPool:
    if hop.scheme == "http":
        return urllib3.HTTPConnectionPool(address, hop.connect_port, timeout=timeout, maxsize=1, retries=False)
    return urllib3.HTTPSConnectionPool(
        address, hop.connect_port, timeout=timeout, maxsize=1, retries=False,
        cert_reqs="CERT_REQUIRED", ca_certs=setting("LIBRARY_FETCH_CA_CERTS") or certifi.where(),
        server_hostname=hop.host, assert_hostname=hop.host)


def _body(response: urllib3.BaseHTTPResponse, hop: Hop, max_bytes: int, truncate: bool, timeout: float,
          ends: float, deadline: float) -> tuple[bytes, bool]:
    declared = response.headers.get("content-length", "")
    if not truncate and declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(hop, max_bytes)
    chunks, size = [], 0
    try:
        while size <= max_bytes:
            _remaining(ends, hop, deadline)
            chunk = response.read1(min(CHUNK_BYTES, max_bytes + 1 - size))
            if not chunk:
                return b"".join(chunks), False
            chunks.append(chunk)
            size += len(chunk)
    except HTTPError as error:
        raise _answer_error(hop, error, timeout) from None
    if not truncate:
        raise _too_large(hop, max_bytes)
    return b"".join(chunks)[:max_bytes], True


def _fetched(hop: Hop, response: urllib3.BaseHTTPResponse, body: bytes, redirects: tuple[str, ...],
             truncated: bool) -> Fetched:
    headers = {name.lower(): value for name, value in response.headers.items()}
    media_type, *parameters = headers.get("content-type", "").split(";")
    charset = next((value.strip().strip('"') for name, _sep, value in (p.partition("=") for p in parameters)
                    if name.strip().lower() == "charset" and value.strip()), None)
    return Fetched(hop.url, response.status, headers, body, media_type.strip().lower(), redirects, truncated, charset)


def _remaining(ends: float, hop: Hop, deadline: float) -> float:
    left = ends - time.monotonic()
    if left <= 0:
        raise FetchError(_("%(host)s took too long to send its answer (Primer allows %(seconds)s s in all).",
                           host=hop.host, seconds=_seconds(deadline)))
    return left


def _connect_error(hop: Hop, error: Exception, timeout: float) -> FetchError:
    if isinstance(error, NewConnectionError):  # urllib3 makes it a kind of ConnectTimeoutError
        return FetchError(_("Primer could not connect to %(host)s: the site may be down, or refusing visitors.",
                            host=hop.host))
    return FetchError(_("%(host)s did not answer within the time Primer allows (%(seconds)s s).", host=hop.host,
                        seconds=_seconds(timeout)))


def _answer_error(hop: Hop, error: HTTPError, timeout: float) -> FetchError:
    if isinstance(error, (ReadTimeoutError, ConnectTimeoutError)) and not isinstance(error, NewConnectionError):
        return FetchError(_("%(host)s did not answer within the time Primer allows (%(seconds)s s).", host=hop.host,
                            seconds=_seconds(timeout)))
    if isinstance(error, SSLError):
        return FetchError(_("Primer could not make a secure connection to %(host)s: its certificate is not valid "
                            "for that name, or not from an authority Primer trusts.", host=hop.host))
    if isinstance(error, DecodeError):
        return FetchError(_("%(host)s sent a compressed answer that could not be unpacked.", host=hop.host))
    if isinstance(error, (ProtocolError, NewConnectionError)):
        return FetchError(_("%(host)s broke off the connection before its answer was complete.", host=hop.host))
    return FetchError(_("%(host)s sent an answer that is not proper HTTP.", host=hop.host))


def _too_large(hop: Hop, max_bytes: int) -> FetchError:
    return FetchError(_("%(host)s sent more than %(size)s; Primer reads no more than that.", host=hop.host,
                        size=_size(max_bytes)))


def _seconds(value: float) -> str:
    return f"{value:g}"


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):g} MB"
    return f"{n / 1024:g} KB" if n >= 1024 else f"{n} B"
