"""Which URLs Primer fetches from: the public internet, and nothing inside its own network.

A curator's link is fetched by the server, so a link to http://169.254.169.254/ (a cloud's
metadata service), http://localhost:6379/ or a name that resolves to 10.0.0.5 would make Primer a
door into places only it can reach (server-side request forgery). Every hop of a fetch — the link
and each redirect — passes `checked`: http(s) only, on the standard ports (LIBRARY_FETCH_PORTS), no credentials, and a
host whose every resolved address is public. The fetch then connects to an address checked here
and never resolves the name again, so a name that answers a public address to the check and a
private one to the connection (DNS rebinding) gets nowhere.

Numbers written as a host count as the address they spell: the system's resolver reads
http://2130706433/ and http://0177.0.0.1/ as 127.0.0.1, so the guard reads them the same way
before judging. An IPv6 address carrying an IPv4 one (::ffff:10.0.0.1, 6to4, NAT64) is judged by
the IPv4 address too.

Tests reach fakes on loopback through two settings that production leaves empty:
LIBRARY_FETCH_CONNECT_TO says where a "host:port" really is (as curl's --connect-to does), so an
oEmbed endpoint keeps its real URL; LIBRARY_FETCH_ALLOW lists the non-public "address:port"s, or
networks (any port), that may be fetched from all the same.
"""
from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask_babel import gettext as _

from app.library.errors import FetchError
from app.library.settings import setting

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

MAX_URL_LENGTH = 2048
DEFAULT_PORTS = {"http": 80, "https": 443}
_CARRIER_NAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_UNIQUE_LOCAL = ipaddress.ip_network("fc00::/7")
_NUMERIC_IPV4 = re.compile(r"(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+)){0,3}")
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")
_HOST_NAME = re.compile(r"[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?")


@dataclass(frozen=True)
class Hop:
    """One request a fetch may make: where to, and the checked addresses to connect to."""

    url: str
    scheme: str
    host: str  # as the Host header and the certificate name it: ASCII, IPv6 without brackets
    port: int
    target: str  # path and query, for the request line
    addresses: tuple[str, ...]
    connect_port: int

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"


def checked(url: str, allowed_hosts: Collection[str] | None = None) -> Hop:
    """The hop to `url`, or FetchError saying why Primer will not fetch it."""
    scheme, host, port, target = _parts(url)
    if allowed_hosts is not None and host not in allowed_hosts:
        raise FetchError(_("%(host)s is not one of the addresses this link may lead to (%(allowed)s); Primer "
                           "stopped there.", host=host, allowed=", ".join(sorted(allowed_hosts))))
    ports = setting("LIBRARY_FETCH_PORTS")
    if port not in ports:
        raise FetchError(_("%(host)s asks for port %(port)s: Primer fetches only from the web's usual ports "
                           "(%(ports)s).", host=host, port=port, ports=", ".join(map(str, ports))))
    literal = _literal(host)
    addresses, connect_port = _resolve(host, port, literal)
    for address in addresses:
        if forbidden(address) and not _exempt(address, connect_port):
            if literal is not None:
                raise FetchError(_("%(host)s is a private address: Primer does not fetch from inside its own "
                                   "network.", host=host))
            raise FetchError(_("%(host)s leads to a private address (%(address)s): Primer does not fetch from "
                               "inside its own network.", host=host, address=address))
    return Hop(url, scheme, host, port, target, tuple(str(_plain(a)) for a in addresses), connect_port)


def forbidden(address: Address) -> bool:
    """Whether `address` is anything but a public unicast one (a v4 one inside a v6 one included)."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None or address in _NAT64:
            return forbidden(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))  # where it really goes
        if address.sixtofour is not None and forbidden(address.sixtofour):
            return True
        if address in _UNIQUE_LOCAL or address.is_site_local:
            return True
    return (address.is_loopback or address.is_private or address.is_link_local or address.is_multicast
            or address.is_reserved or address.is_unspecified or address in _CARRIER_NAT or not address.is_global)


def _parts(url: str) -> tuple[str, str, int, str]:
    invalid = FetchError(_("This is not a web address Primer can fetch: give the whole address, starting with "
                           "https://."))
    if not isinstance(url, str) or len(url) > MAX_URL_LENGTH or _SPACE_OR_CONTROL.search(url):
        raise invalid
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise invalid from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        if scheme:
            raise FetchError(_("Primer fetches only http and https addresses, not %(scheme)s.", scheme=scheme))
        raise invalid
    if parts.username is not None or parts.password is not None:
        raise FetchError(_("The address contains a user name or password: Primer sends no credentials to other "
                           "sites. Remove them from the address."))
    host = _ascii_host(parts.hostname or "")
    if not host:
        raise invalid
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, host, port if port is not None else DEFAULT_PORTS[scheme], target


def _ascii_host(host: str) -> str:
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return ""
    return ascii_host if _HOST_NAME.fullmatch(ascii_host) else ""


def _literal(host: str) -> Address | None:
    """The address a host written as numbers means, the way the system's resolver reads it."""
    try:
        return _plain(ipaddress.ip_address(host))
    except ValueError:
        pass
    if _NUMERIC_IPV4.fullmatch(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            raise FetchError(_("%(host)s is not a valid address.", host=host)) from None
    return None


def _resolve(host: str, port: int, literal: Address | None) -> tuple[list[Address], int]:
    """The addresses to connect to, looked up once, and the port: what LIBRARY_FETCH_CONNECT_TO says
    for host:port, else the host's own addresses."""
    bracketed = f"[{host}]" if ":" in host else host
    moved = setting("LIBRARY_FETCH_CONNECT_TO").get(f"{bracketed}:{port}")
    if moved:
        address, _sep, moved_port = moved.rpartition(":")
        return [ipaddress.ip_address(address.strip("[]"))], int(moved_port)
    if literal is not None:
        return [literal], port
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(_("%(host)s could not be found: check the address for typing mistakes.", host=host)) from None
    addresses = []
    for *_rest, sockaddr in found:
        address = _plain(ipaddress.ip_address(sockaddr[0]))
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchError(_("%(host)s could not be found: check the address for typing mistakes.", host=host))
    return addresses, port


def _plain(address: Address) -> Address:
    """An IPv4-mapped IPv6 address as the IPv4 address it is; any other as it is."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _exempt(address: Address, port: int) -> bool:
    """Whether LIBRARY_FETCH_ALLOW lists this address and port, or a network holding the address."""
    for entry in setting("LIBRARY_FETCH_ALLOW"):
        if "/" in entry:
            if address in ipaddress.ip_network(entry, strict=False):
                return True
            continue
        allowed, _sep, allowed_port = entry.rpartition(":")
        if address == _plain(ipaddress.ip_address(allowed.strip("[]"))) and port == int(allowed_port):
            return True
    return False
