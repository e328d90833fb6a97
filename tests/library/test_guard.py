"""The SSRF guard, as production runs it: nothing exempt, every address inside a network refused
before any connection is made."""
from __future__ import annotations

import ipaddress
import socket

import pytest

from app import create_app
from app.library.fetching import FetchError, fetch
from app.library.guard import checked, forbidden

PRIVATE = "a private address: Primer does not fetch from inside its own network."


@pytest.fixture(autouse=True)
def no_connection(monkeypatch):
    """Any connection the guard let through would fail the test loudly (none reaches the network)."""
    def refuse(*args, **kwargs):
        raise AssertionError("the guard let a connection through")
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr("urllib3.util.connection.create_connection", refuse)


def resolving(monkeypatch, answers: dict[str, list[str]]):
    """getaddrinfo answering `answers` for those names (and refusing every other one)."""
    asked = []

    def getaddrinfo(host, port, *args, **kwargs):
        asked.append(host)
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (a, port, 0, 0) if ":" in a else (a, port)) for a in answers[host]]
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def test_the_testing_config_exempts_nothing(guarded_app):
    assert guarded_app.config["LIBRARY_FETCH_ALLOW"] == ()
    assert guarded_app.config["LIBRARY_FETCH_CONNECT_TO"] == {}
    assert guarded_app.config["LIBRARY_FETCH_PORTS"] == (80, 443)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "https://127.0.0.1/", "http://127.8.9.10/", "http://[::1]/",
    "http://10.0.0.1/", "http://10.255.255.254/", "http://172.16.0.1/", "http://172.31.255.1/",
    "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/", "http://100.127.255.254/",
    "http://0.0.0.0/", "http://[::]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:10.0.0.1]/",
    "http://[::ffff:169.254.169.254]/", "http://[fc00::1]/", "http://[fd12:3456:789a::1]/", "http://[fe80::1]/",
    "http://[fec0::1]/", "http://[ff02::1]/", "http://224.0.0.1/", "http://240.0.0.1/", "http://255.255.255.255/",
    "http://[64:ff9b::a00:1]/", "http://[2002:7f00:1::1]/", "http://[::127.0.0.1]/",
    "http://2130706433/", "http://0177.0.0.1/", "http://0x7f000001/", "http://0x7f.1/", "http://127.1/",
    "http://017700000001/", "http://167772161/", "http://0xa9fea9fe/",
], ids=str)
def test_private_addresses_are_refused_before_any_connection(guarded_app, url):
    with pytest.raises(FetchError) as refused:
        fetch(url)
    assert str(refused.value).endswith(PRIVATE)


def test_the_guard_works_without_an_app_too():
    with pytest.raises(FetchError, match="private address"):
        fetch("http://169.254.169.254/")


@pytest.mark.parametrize("answers", [["127.0.0.1"], ["10.1.2.3"], ["::1"], ["fd00::5"], ["::ffff:192.168.0.1"],
                                     ["93.184.215.14", "10.0.0.8"], ["2606:4700::1111", "fe80::1"]], ids=str)
def test_a_name_that_resolves_to_any_private_address_is_refused(guarded_app, monkeypatch, answers):
    resolving(monkeypatch, {"intranet.example.com": answers})
    with pytest.raises(FetchError) as refused:
        fetch("https://intranet.example.com/wiki")
    assert str(refused.value).startswith("intranet.example.com leads to a private address (")
    assert str(refused.value).endswith("Primer does not fetch from inside its own network.")


def test_localhost_is_refused(guarded_app, monkeypatch):
    resolving(monkeypatch, {"localhost": ["127.0.0.1", "::1"]})
    with pytest.raises(FetchError, match=r"localhost leads to a private address \(127\.0\.0\.1\)"):
        fetch("http://localhost/")


def test_a_name_is_resolved_once_and_its_public_addresses_kept(guarded_app, monkeypatch):
    asked = resolving(monkeypatch, {"www.example.org": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]})
    hop = checked("https://www.example.org/a/b?c=d#e")
    assert asked == ["www.example.org"]
    assert hop.addresses == ("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c")
    assert (hop.host, hop.port, hop.connect_port, hop.target) == ("www.example.org", 443, 443, "/a/b?c=d")


@pytest.mark.parametrize("url,message", [
    ("ftp://example.com/file", "Primer fetches only http and https addresses, not ftp."),
    ("file:///etc/passwd", "Primer fetches only http and https addresses, not file."),
    ("gopher://127.0.0.1:6379/_FLUSHALL", "Primer fetches only http and https addresses, not gopher."),
    ("javascript:alert(1)", "Primer fetches only http and https addresses, not javascript."),
    ("https://user:secret@example.com/", "The address contains a user name or password: Primer sends no credentials "
                                         "to other sites. Remove them from the address."),
    ("https://token@example.com/", "The address contains a user name or password"),
    ("https://example.com:8080/", "example.com asks for port 8080: Primer fetches only from the web's usual ports "
                                  "(80, 443)."),
    ("http://127.0.0.1:6379/", "127.0.0.1 asks for port 6379"),
    ("example.com/page", "This is not a web address Primer can fetch: give the whole address, starting with https://."),
    ("https://exa mple.com/", "This is not a web address Primer can fetch"),
    ("https://example.com/\r\nX-Injected: 1", "This is not a web address Primer can fetch"),
    ("https:///path-only", "This is not a web address Primer can fetch"),
    ("https://example.com:99999/", "This is not a web address Primer can fetch"),
    ("https://exa%6dple.com/", "This is not a web address Primer can fetch"),
    ("http://999999999999/", "999999999999 is not a valid address."),
    ("https://" + "a" * 3000 + ".com/", "This is not a web address Primer can fetch"),
])
def test_what_is_not_an_http_address_on_a_usual_port_is_refused(guarded_app, url, message):
    with pytest.raises(FetchError) as refused:
        fetch(url)
    assert str(refused.value).startswith(message)


def test_a_name_that_does_not_resolve_says_so(guarded_app, monkeypatch):
    resolving(monkeypatch, {})
    with pytest.raises(FetchError, match=r"^no-such-host\.example could not be found: check the address for typing "
                                         r"mistakes\.$"):
        fetch("https://no-such-host.example/")


def test_only_the_allowed_hosts_are_reached(guarded_app, monkeypatch):
    resolving(monkeypatch, {"www.youtube.com": ["142.250.74.14"]})
    assert checked("https://www.youtube.com/oembed", {"www.youtube.com"}).addresses == ("142.250.74.14",)
    with pytest.raises(FetchError, match=r"^evil\.example is not one of the addresses this link may lead to "
                                         r"\(www\.youtube\.com\); Primer stopped there\.$"):
        checked("https://evil.example/oembed", {"www.youtube.com"})


def test_an_international_name_is_looked_up_in_its_ascii_form(guarded_app, monkeypatch):
    asked = resolving(monkeypatch, {"xn--bcher-kva.example": ["93.184.215.14"]})
    assert checked("https://Bücher.example/").host == "xn--bcher-kva.example"
    assert asked == ["xn--bcher-kva.example"]


def test_an_exemption_is_narrow():
    """An exempt address:port exempts that port alone; a moved host is still judged where it lands."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://", LIBRARY_FETCH_ALLOW=("127.0.0.1:8001",),
                     LIBRARY_FETCH_PORTS=(80, 443, 8001, 8002),
                              LIBRARY_FETCH_CONNECT_TO={"moved.example:443": "10.0.0.7:443"})
    with app.app_context():
        assert checked("http://127.0.0.1:8001/").addresses == ("127.0.0.1",)
        for url in ("http://127.0.0.1:8002/", "http://127.0.0.2:8001/", "https://moved.example/"):
            with pytest.raises(FetchError, match="private address"):
                checked(url)


@pytest.mark.parametrize("address", ["8.8.8.8", "93.184.215.14", "1.1.1.1", "2606:4700:4700::1111",
                                     "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8", "64:ff9b::808:808",
                                     "2002:808:808::1"])
def test_public_addresses_pass(address):
    assert not forbidden(ipaddress.ip_address(address))
