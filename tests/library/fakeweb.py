"""A small fake of the outside web on loopback: the providers' oEmbed endpoints at their real
paths, a blog, a PDF, a podcast feed, and the misbehaving servers the fetch must survive.

One handler answers for every fake host, by the Host header, on two servers: one speaking TLS
with a certificate from a test authority made here (for the https hosts), one plain (for http).
The app reaches them through LIBRARY_FETCH_CONNECT_TO, so every URL in the tests is the real
one (https://www.youtube.com/oembed?...), and LIBRARY_FETCH_ALLOW exempts exactly these two
loopback ports from the guard.
"""
from __future__ import annotations

import datetime
import functools
import gzip
import json
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from tests.library import content

YOUTUBE_ID = "M7lc1UVf-VE"
PRIVATE_YOUTUBE_ID = "PrivateVid1"
REDIRECTED_YOUTUBE_ID = "Redirected1"
VIMEO_ID = "76979871"
SPOTIFY_ID = "4rOoJ6Egrf8K2IrywzwOMk"
WISTIA_ID = "e4a27b971d"

# Hosts the certificate names; UNCERTIFIED is reached like them but is not in the certificate.
CERTIFIED = ("www.youtube.com", "youtu.be", "vimeo.com", "open.spotify.com", "soundcloud.com", "fast.wistia.com",
             "blog.example.com", "docs.example.com", "feeds.example.com", "short.example.com", "elsewhere.example.com")
UNCERTIFIED = "uncertified.example.com"
HOSTS = (*CERTIFIED, UNCERTIFIED)

SLOW_SECONDS = 3.0  # how long /slow waits before answering: longer than the tests' timeout


class FakeWeb:
    """Both servers, started and stopped as a context manager; `settings` is what an app needs."""

    def __init__(self, directory: Path) -> None:
        self.ca_file, cert_file, key_file = _certificates(directory)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert_file, key_file)
        self.seen: list[dict] = []  # each request: host, path, headers (lower-case names), names (as sent)
        handler = type("Handler", (_Handler,), {"web": self})
        self.plain = _Server(("127.0.0.1", 0), handler)
        self.secure = _Server(("127.0.0.1", 0), handler)
        self.secure.socket = context.wrap_socket(self.secure.socket, server_side=True, do_handshake_on_connect=False)
        self._threads = [threading.Thread(target=server.serve_forever, daemon=True)
                         for server in (self.plain, self.secure)]

    @property
    def plain_port(self) -> int:
        return self.plain.server_address[1]

    @property
    def secure_port(self) -> int:
        return self.secure.server_address[1]

    @property
    def settings(self) -> dict:
        connect_to = {}
        for host in HOSTS:
            connect_to[f"{host}:80"] = f"127.0.0.1:{self.plain_port}"
            connect_to[f"{host}:443"] = f"127.0.0.1:{self.secure_port}"
        return {"LIBRARY_FETCH_CONNECT_TO": connect_to, "LIBRARY_FETCH_CA_CERTS": str(self.ca_file),
                "LIBRARY_FETCH_ALLOW": (f"127.0.0.1:{self.plain_port}", f"127.0.0.1:{self.secure_port}"),
                "LIBRARY_FETCH_TIMEOUT": 1.0, "LIBRARY_FETCH_DEADLINE": 4.0}

    def requests_to(self, host: str) -> list[dict]:
        return [seen for seen in self.seen if seen["host"].split(":")[0] == host]

    def __enter__(self) -> FakeWeb:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        for server in (self.plain, self.secure):
            server.shutdown()
            server.server_close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A client that hung up on a slow or endless answer, or refused the certificate, is expected."""


class _Handler(BaseHTTPRequestHandler):
    web: FakeWeb

    def log_message(self, format, *args) -> None:
        pass

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        host = (self.headers.get("Host") or "").split(":")[0]
        self.web.seen.append({"host": self.headers.get("Host"), "path": self.path,
                              "headers": {name.lower(): value for name, value in self.headers.items()},
                              "names": [name.lower() for name in self.headers.keys()]})
        route = ROUTES.get((host, parts.path))
        if route is None:
            return self.send("text/html; charset=utf-8", b"<h1>Not found</h1>", status=404)
        route(self, parse_qs(parts.query))

    def send(self, content_type: str, body: bytes, status: int = 200, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        headers = {"Content-Length": str(len(body)), **(headers or {})}
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_json(self, answer: dict) -> None:
        self.send("application/json; charset=utf-8", json.dumps(answer).encode())

    def redirect(self, location: str, status: int = 302) -> None:
        self.send("text/html", b"", status=status, headers={"Location": location})


# --- the providers, answering as their oEmbed documentation shows ----------------------------

def _youtube(handler: _Handler, query: dict) -> None:
    url = query.get("url", [""])[0]
    if query.get("format") != ["json"]:
        return handler.send("text/plain", b"Not Implemented", status=501)
    if url == f"https://www.youtube.com/watch?v={PRIVATE_YOUTUBE_ID}":
        return handler.send("text/html", b"Unauthorized", status=401)
    if url == f"https://www.youtube.com/watch?v={REDIRECTED_YOUTUBE_ID}":
        return handler.redirect("https://elsewhere.example.com/oembed")
    if url != f"https://www.youtube.com/watch?v={YOUTUBE_ID}":
        return handler.send("text/html", b"Not Found", status=404)
    handler.send_json({
        "title": "YouTube Developers Live: Embedded Web Player Customization",
        "author_name": "Google for Developers",
        "author_url": "https://www.youtube.com/@GoogleDevelopers",
        "type": "video", "height": 113, "width": 200, "version": "1.0",
        "provider_name": "YouTube", "provider_url": "https://www.youtube.com/",
        "thumbnail_height": 360, "thumbnail_width": 480,
        "thumbnail_url": f"https://i.ytimg.com/vi/{YOUTUBE_ID}/hqdefault.jpg",
        "html": f'<iframe width="200" height="113" src="https://www.youtube.com/embed/{YOUTUBE_ID}?feature=oembed" '
                'frameborder="0" allow="accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; '
                'picture-in-picture; web-share" referrerpolicy="strict-origin-when-cross-origin" allowfullscreen '
                'title="YouTube Developers Live: Embedded Web Player Customization"></iframe>',
    })


def _vimeo(handler: _Handler, query: dict) -> None:
    if query.get("url") != [f"https://vimeo.com/{VIMEO_ID}"]:
        return handler.send("application/json", b'{"error": "not found"}', status=404)
    handler.send_json({
        "type": "video", "version": "1.0", "provider_name": "Vimeo", "provider_url": "https://vimeo.com/",
        "title": "The New Vimeo Player (You Know, For Videos)", "author_name": "Vimeo",
        "author_url": "https://vimeo.com/staff", "is_plus": "0", "account_type": "live_premium",
        "html": f'<iframe src="https://player.vimeo.com/video/{VIMEO_ID}?app_id=122963" width="640" height="360" '
                'frameborder="0" allow="autoplay; fullscreen; picture-in-picture; clipboard-write" '
                'title="The New Vimeo Player (You Know, For Videos)"></iframe>',
        "width": 640, "height": 360, "duration": 62,
        "description": "It may look (mostly) the same on the surface, but under the hood we totally rebuilt "
                       "our player.\n\nThe player is faster, looks better on HiDPI screens.",
        "thumbnail_url": "https://i.vimeocdn.com/video/452001751-8216e0571c251a09d8a8387550942d89f7f86f6398f8ed886e6"
                         "39b0dd50d3c90-d_640",
        "thumbnail_width": 640, "thumbnail_height": 360,
        "thumbnail_url_with_play_button": "https://i.vimeocdn.com/filter/overlay?src0=x",
        "upload_date": "2013-10-15 14:08:29", "video_id": int(VIMEO_ID), "uri": f"/videos/{VIMEO_ID}",
    })


def _spotify(handler: _Handler, query: dict) -> None:
    if query.get("url") != [f"https://open.spotify.com/episode/{SPOTIFY_ID}"]:
        return handler.send("application/json", b'{"error": "Not found"}', status=404)
    handler.send_json({
        "html": '<iframe style="border-radius: 12px" width="100%" height="152" title="Spotify Embed: How we onboard '
                f'customers" frameborder="0" allowfullscreen allow="autoplay; clipboard-write; encrypted-media; '
                f'fullscreen; picture-in-picture" loading="lazy" src="https://open.spotify.com/embed/episode/'
                f'{SPOTIFY_ID}?utm_source=oembed"></iframe>',
        "iframe_url": f"https://open.spotify.com/embed/episode/{SPOTIFY_ID}?utm_source=oembed",
        "width": 456, "height": 152, "version": "1.0", "provider_name": "Spotify",
        "provider_url": "https://spotify.com", "type": "rich", "title": "How we onboard customers",
        "thumbnail_url": "https://image-cdn-ak.spotifycdn.com/image/ab67656300005f1f8a1c5d4c1e0b3b8a1c4b1f0e",
        "thumbnail_width": 300, "thumbnail_height": 300,
    })


def _soundcloud(handler: _Handler, query: dict) -> None:
    if query.get("url") != ["https://soundcloud.com/forss/flickermood"] or query.get("format") != ["json"]:
        return handler.send("application/json", b'{"errors":[{"error_message":"404 - Not Found"}]}', status=404)
    handler.send_json({
        "version": 1.0, "type": "rich", "provider_name": "SoundCloud", "provider_url": "https://soundcloud.com",
        "height": 400, "width": "100%", "title": "Flickermood by Forss",
        "description": "From the Soulhack album,\u202e released in 2003.\r\nLabel: Sonar Kollektiv",
        "thumbnail_url": "https://i1.sndcdn.com/artworks-000067273316-smsiqx-t500x500.jpg",
        "html": '<iframe width="100%" height="400" scrolling="no" frameborder="no" src="https://w.soundcloud.com/'
                'player/?visual=true&url=https%3A%2F%2Fapi.soundcloud.com%2Ftracks%2F293&show_artwork=true">'
                '</iframe>',
        "author_name": "Forss", "author_url": "https://soundcloud.com/forss",
    })


def _wistia(handler: _Handler, query: dict) -> None:
    if query.get("url") != [f"https://home.wistia.com/medias/{WISTIA_ID}"]:
        return handler.send("application/json", b'{"error": true}', status=404)
    handler.send_json({
        "version": "1.0", "type": "video",
        "html": f'<iframe src="https://fast.wistia.net/embed/iframe/{WISTIA_ID}" title="Lenny Delivers a Video - '
                'oEmbed glitch" allow="autoplay; fullscreen" allowtransparency="true" frameborder="0" scrolling="no" '
                'class="wistia_embed" name="wistia_embed" msallowfullscreen width="960" height="540"></iframe>',
        "width": 960, "height": 540, "provider_name": "Wistia, Inc.", "provider_url": "https://wistia.com",
        "title": "Lenny Delivers a Video - oEmbed glitch",
        "thumbnail_url": "https://embed-ssl.wistia.com/deliveries/99f3aefb8d55eef2d16583886f610ebedd1c6734.jpg"
                         "?image_crop_resized=960x540",
        "thumbnail_width": 960, "thumbnail_height": 540, "duration": 40.264,
    })


# --- pages, files and feeds -----------------------------------------------------------------

def _page(body: bytes, content_type: str = "text/html; charset=utf-8"):
    return lambda handler, query: handler.send(content_type, body)


def _redirect(location: str, status: int = 302):
    return lambda handler, query: handler.redirect(location, status)


def _loop(handler: _Handler, query: dict) -> None:
    hop = int(query.get("n", ["0"])[0])
    handler.redirect(f"/loop?n={hop + 1}")


def _slow(handler: _Handler, query: dict) -> None:
    time.sleep(SLOW_SECONDS)
    handler.send("text/html", b"<title>Too late</title>")


def _drip(handler: _Handler, query: dict) -> None:
    """Answers at once, then a byte every tenth of a second: never a long wait, never done."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    started = time.monotonic()
    try:
        while time.monotonic() - started < 10:
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.1)
    except OSError:
        pass


def _endless(handler: _Handler, query: dict) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.end_headers()
    chunk = b"<p>" + b"all work and no play " * 3000 + b"</p>\n"
    try:
        for _ in range(1000):
            handler.wfile.write(chunk)
    except OSError:
        pass


def _gzip_bomb(handler: _Handler, query: dict) -> None:
    """A few kilobytes on the wire, 20 MB once unpacked."""
    handler.send("text/html", _bomb(), headers={"Content-Encoding": "gzip"})


@functools.cache
def _bomb() -> bytes:
    return gzip.compress(b"<p>" + b" " * 20 * 1024 * 1024, compresslevel=9)


def _declared_huge(handler: _Handler, query: dict) -> None:
    handler.send("application/octet-stream", b"tiny", headers={"Content-Length": str(10 ** 12)})


ROUTES = {
    ("www.youtube.com", "/oembed"): _youtube,
    ("vimeo.com", "/api/oembed.json"): _vimeo,
    ("open.spotify.com", "/oembed"): _spotify,
    ("soundcloud.com", "/oembed"): _soundcloud,
    ("fast.wistia.com", "/oembed"): _wistia,
    ("elsewhere.example.com", "/oembed"): _page(b'{"title": "not the provider"}', "application/json"),
    ("blog.example.com", "/posts/onboarding"): _page(content.ARTICLE),
    ("blog.example.com", "/plain"): _page(content.PLAIN),
    ("blog.example.com", "/messy"): _page(content.MESSY),
    ("blog.example.com", "/latin1"): _page(content.LATIN1, "text/html; charset=iso-8859-1"),
    ("blog.example.com", "/episode-12"): _page(content.EPISODE_PAGE),
    ("blog.example.com", "/start"): _redirect("/middle", 301),
    ("blog.example.com", "/middle"): _redirect("https://blog.example.com/posts/onboarding", 308),
    ("blog.example.com", "/loop"): _loop,
    ("blog.example.com", "/to-metadata"): _redirect("http://169.254.169.254/latest/meta-data/"),
    ("blog.example.com", "/to-loopback"): _redirect("http://127.0.0.1/admin"),
    ("blog.example.com", "/to-localhost"): _redirect("http://localhost/"),
    ("blog.example.com", "/to-mapped"): _redirect("http://[::ffff:10.0.0.1]/"),
    ("blog.example.com", "/to-ftp"): _redirect("ftp://blog.example.com/file"),
    ("blog.example.com", "/slow"): _slow,
    ("blog.example.com", "/drip"): _drip,
    ("blog.example.com", "/endless"): _endless,
    ("blog.example.com", "/huge"): _declared_huge,
    ("blog.example.com", "/bomb"): _gzip_bomb,
    ("blog.example.com", "/gone"): lambda handler, query: handler.send("text/html", b"gone", status=410),
    ("blog.example.com", "/private"): lambda handler, query: handler.send("text/html", b"no", status=403),
    ("blog.example.com", "/broken"): lambda handler, query: handler.send("text/html", b"oops", status=503),
    ("docs.example.com", "/files/annual-report-2025.pdf"): _page(content.PDF, "application/pdf"),
    ("docs.example.com", "/audio/episode-12.mp3"): _page(b"ID3\x04\x00" + b"\x00" * 64, "audio/mpeg"),
    ("docs.example.com", "/data.bin"): _page(b"\x00\x01", "application/octet-stream"),
    ("feeds.example.com", "/show.xml"): _page(content.FEED, "application/rss+xml; charset=utf-8"),
    ("feeds.example.com", "/laughs.xml"): _page(content.BILLION_LAUGHS, "application/rss+xml"),
    ("feeds.example.com", "/xxe.xml"): _page(content.EXTERNAL_ENTITY, "application/rss+xml"),
    ("feeds.example.com", "/atom.xml"): _page(content.ATOM, "application/atom+xml"),
    ("feeds.example.com", "/not-xml"): _page(b"<html><body>just a page", "text/html"),
    ("feeds.example.com", "/not-rss.xml"): _page(b"<?xml version='1.0'?><urlset/>", "application/xml"),
    ("short.example.com", "/yt"): _redirect(f"https://youtu.be/{YOUTUBE_ID}", 301),
    ("youtu.be", f"/{YOUTUBE_ID}"): _redirect(f"https://www.youtube.com/watch?v={YOUTUBE_ID}&feature=youtu.be", 301),
    ("www.youtube.com", "/watch"): _page(b"<html><head><title>A video - YouTube</title></head></html>"),
    (UNCERTIFIED, "/"): _page(b"<title>Whose certificate?</title>"),
}


def _certificates(directory: Path) -> tuple[Path, Path, Path]:
    """A test authority, and a certificate from it for CERTIFIED: (authority, certificate, key) files."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Primer test authority")])
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
          .not_valid_after(now + datetime.timedelta(days=2))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                       crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(ca_ski, critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    names = [x509.DNSName(host) for host in CERTIFIED]
    cert = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, CERTIFIED[0])]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
            .sign(ca_key, hashes.SHA256()))
    files = directory / "ca.pem", directory / "cert.pem", directory / "key.pem"
    files[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    files[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    files[2].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return files
