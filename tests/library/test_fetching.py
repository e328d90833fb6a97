"""The guarded fetch against the fake web: answers, redirects, TLS, and every way a server can
misbehave (slow, endless, pointing inside the network) ending in a sentence a curator can read."""
from __future__ import annotations

import socket
import time

import pytest

from app.library.fetching import FetchError, Fetched, expect_ok, fetch, user_agent
from tests.library import content
from tests.library.fakeweb import SLOW_SECONDS, UNCERTIFIED

PRIVATE = "Primer does not fetch from inside its own network."


def test_a_page_is_fetched_with_its_head_and_body(web_app, fakeweb):
    fetched = fetch("https://blog.example.com/posts/onboarding")
    assert (fetched.url, fetched.status, fetched.ok) == ("https://blog.example.com/posts/onboarding", 200, True)
    assert fetched.body == content.ARTICLE
    assert (fetched.content_type, fetched.charset) == ("text/html", "utf-8")
    assert fetched.headers["content-length"] == str(len(content.ARTICLE))
    assert (fetched.redirects, fetched.truncated) == ((), False)


def test_the_request_names_the_host_and_primer(web_app, fakeweb):
    fetch("https://blog.example.com/plain", headers={"Accept": "text/html", "Host": "evil.example"})
    seen = fakeweb.requests_to("blog.example.com")[-1]
    assert seen["host"] == "blog.example.com"
    assert seen["headers"]["user-agent"] == "Primer link checker (+http://primer.test)"
    assert seen["headers"]["accept"] == "text/html"


def test_the_user_agent_without_an_app():
    assert user_agent() == "Primer link checker"


def test_plain_http_reaches_the_plain_server(web_app, fakeweb):
    fetched = fetch("http://feeds.example.com/show.xml")
    assert fetched.content_type == "application/rss+xml"
    assert fakeweb.requests_to("feeds.example.com")[-1]["host"] == "feeds.example.com"


def test_head_asks_for_no_body(web_app):
    fetched = fetch("https://docs.example.com/files/annual-report-2025.pdf", method="HEAD")
    assert (fetched.status, fetched.content_type, fetched.body) == (200, "application/pdf", b"")


def test_only_get_and_head(web_app):
    with pytest.raises(ValueError):
        fetch("https://blog.example.com/plain", method="POST")


def test_a_missing_page_is_returned_and_expect_ok_explains_it(web_app):
    fetched = fetch("https://blog.example.com/nothing-here")
    assert (fetched.status, fetched.ok) == (404, False)
    with pytest.raises(FetchError, match=r"^There is nothing at this address \(blog\.example\.com answered 404\): "
                                         r"check it for typing mistakes\.$"):
        expect_ok(fetched)


@pytest.mark.parametrize("path,message", [
    ("/gone", "There is nothing at this address (blog.example.com answered 410): check it for typing mistakes."),
    ("/private", "blog.example.com does not let Primer read this page (it answered 403): it may need a login."),
    ("/broken", "blog.example.com answered with an error (503): try again later."),
])
def test_expect_ok_says_what_the_site_answered(web_app, path, message):
    with pytest.raises(FetchError) as refused:
        expect_ok(fetch(f"https://blog.example.com{path}"))
    assert str(refused.value) == message


def test_redirects_are_followed_and_remembered(web_app):
    fetched = fetch("https://blog.example.com/start")
    assert fetched.url == "https://blog.example.com/posts/onboarding"
    assert fetched.redirects == ("https://blog.example.com/start", "https://blog.example.com/middle")
    assert fetched.body == content.ARTICLE


def test_more_than_five_redirects_are_refused(web_app, fakeweb):
    with pytest.raises(FetchError, match=r"^https://blog\.example\.com/loop redirected more than 5 times; Primer "
                                         r"stopped following it\.$"):
        fetch("https://blog.example.com/loop")
    assert len(fakeweb.requests_to("blog.example.com")) == 6


@pytest.mark.parametrize("path,message", [
    ("/to-metadata", "169.254.169.254 is a private address: " + PRIVATE),
    ("/to-loopback", "127.0.0.1 is a private address: " + PRIVATE),
    ("/to-mapped", "::ffff:10.0.0.1 is a private address: " + PRIVATE),
    ("/to-ftp", "Primer fetches only http and https addresses, not ftp."),
])
def test_a_redirect_from_an_allowed_server_inside_the_network_is_refused(web_app, path, message):
    with pytest.raises(FetchError) as refused:
        fetch(f"https://blog.example.com{path}")
    assert str(refused.value) == message


def test_a_redirect_to_a_name_inside_the_network_is_refused(web_app, monkeypatch):
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host == "localhost":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return real(host, port, *args, **kwargs)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    with pytest.raises(FetchError, match=r"^localhost leads to a private address \(127\.0\.0\.1\)"):
        fetch("https://blog.example.com/to-localhost")


def test_a_redirect_off_the_allowed_hosts_is_refused(web_app):
    with pytest.raises(FetchError, match=r"^elsewhere\.example\.com is not one of the addresses this link may lead "
                                         r"to \(www\.youtube\.com\); Primer stopped there\.$"):
        fetch("https://www.youtube.com/oembed?url=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3DRedirected1&format=json",
              allowed_hosts={"www.youtube.com"})


def test_the_connection_goes_to_the_address_the_guard_checked(web_app, fakeweb, monkeypatch):
    """DNS rebinding: the name is looked up once; a second lookup would have answered 10.0.0.1."""
    real, asked = socket.getaddrinfo, []

    def getaddrinfo(host, port, *args, **kwargs):
        if host == "rebinding.example":
            asked.append(host)
            address = "127.0.0.1" if len(asked) == 1 else "10.0.0.1"
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return real(host, port, *args, **kwargs)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setitem(web_app.config, "LIBRARY_FETCH_PORTS", (80, 443, fakeweb.plain_port))
    fetched = fetch(f"http://rebinding.example:{fakeweb.plain_port}/")
    assert asked == ["rebinding.example"]
    assert fetched.status == 404  # the fake web knows no such host: what matters is where it went
    assert fakeweb.seen[-1]["host"] == f"rebinding.example:{fakeweb.plain_port}"


def test_https_checks_the_certificate_against_the_host_name(web_app):
    with pytest.raises(FetchError, match=rf"^Primer could not make a secure connection to {UNCERTIFIED}: its "
                                         r"certificate is not valid for that name, or not from an authority Primer "
                                         r"trusts\.$"):
        fetch(f"https://{UNCERTIFIED}/")


def test_https_trusts_only_the_configured_authorities(web_app, monkeypatch):
    monkeypatch.setitem(web_app.config, "LIBRARY_FETCH_CA_CERTS", None)  # certifi's, which know no test authority
    with pytest.raises(FetchError, match="could not make a secure connection to blog.example.com"):
        fetch("https://blog.example.com/plain")


def test_a_slow_server_times_out(web_app):
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"^blog\.example\.com did not answer within the time Primer allows "
                                         r"\(0\.5 s\)\.$"):
        fetch("https://blog.example.com/slow", timeout=0.5)
    assert time.monotonic() - started < SLOW_SECONDS


def test_a_server_that_never_finishes_meets_the_deadline(web_app):
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"^blog\.example\.com took too long to send its answer \(Primer allows 1 s "
                                         r"in all\)\.$"):
        fetch("https://blog.example.com/drip", timeout=0.5, deadline=1)
    assert time.monotonic() - started < 2


def test_a_connection_refused_says_so(web_app, fakeweb, monkeypatch):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    monkeypatch.setitem(web_app.config, "LIBRARY_FETCH_CONNECT_TO", {**fakeweb.settings["LIBRARY_FETCH_CONNECT_TO"],
                                                                     "down.example.com:443": f"127.0.0.1:{port}"})
    monkeypatch.setitem(web_app.config, "LIBRARY_FETCH_ALLOW",
                        (*fakeweb.settings["LIBRARY_FETCH_ALLOW"], f"127.0.0.1:{port}"))
    with pytest.raises(FetchError, match=r"^Primer could not connect to down\.example\.com: the site may be "
                                         r"down, or refusing visitors\.$"):
        fetch("https://down.example.com/")


def test_an_endless_body_is_refused_at_the_cap(web_app):
    with pytest.raises(FetchError, match=r"^blog\.example\.com sent more than 64 KB; Primer reads no more than "
                                         r"that\.$"):
        fetch("https://blog.example.com/endless", max_bytes=64 * 1024)


def test_an_endless_body_is_cut_when_the_caller_wants_only_its_start(web_app):
    fetched = fetch("https://blog.example.com/endless", max_bytes=64 * 1024, truncate=True)
    assert (len(fetched.body), fetched.truncated) == (64 * 1024, True)
    assert fetched.body.startswith(b"<p>all work and no play")


def test_a_compressed_answer_is_capped_unpacked(web_app, fakeweb):
    with pytest.raises(FetchError, match=r"^blog\.example\.com sent more than 64 KB"):
        fetch("https://blog.example.com/bomb", max_bytes=64 * 1024)
    fetched = fetch("https://blog.example.com/bomb", max_bytes=64 * 1024, truncate=True)
    assert (len(fetched.body), fetched.truncated) == (64 * 1024, True)
    assert fakeweb.requests_to("blog.example.com")[-1]["headers"]["accept-encoding"] == "gzip, deflate"


def test_a_callers_header_takes_the_place_of_the_default_whatever_its_case(web_app, fakeweb):
    fetch("https://blog.example.com/plain", headers={"accept": "application/json", "user-agent": "Other"})
    seen = fakeweb.requests_to("blog.example.com")[-1]
    assert (seen["headers"]["accept"], seen["headers"]["user-agent"]) == ("application/json", "Other")
    assert (seen["names"].count("accept"), seen["names"].count("user-agent"), seen["names"].count("host")) == (1, 1, 1)


def test_a_body_declared_too_large_is_refused_before_it_is_read(web_app):
    with pytest.raises(FetchError, match=r"^blog\.example\.com sent more than 5 MB"):
        fetch("https://blog.example.com/huge")


def test_the_answer_is_a_plain_value():
    fetched = Fetched("https://a.example/", 204, {}, b"", "")
    assert fetched.ok and not fetched.truncated and fetched.charset is None
