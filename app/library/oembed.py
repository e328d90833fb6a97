"""Videos and episodes on the providers Primer embeds: their addresses, their oEmbed endpoints,
and the privacy-friendlier player each one offers.

A link on YouTube, Vimeo, Spotify, SoundCloud or Wistia is recognized by its address alone;
what it is called, who made it and how long it runs come from the provider's documented oEmbed
endpoint, fetched with the fetch limited to the provider's own host. The provider's HTML is never
kept: the player's address is built here from the media's id (YouTube's cookieless domain,
Vimeo's do-not-track flag), except SoundCloud's, whose player needs the track's API address that
only the oEmbed answer holds, so its iframe's src is read out and checked.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

from flask_babel import gettext as _

from app.library.errors import FetchError
from app.library.fetching import fetch
from app.library.kinds import ItemKind as Kind
from app.library.pages import first_iframe_src

MAX_ANSWER_BYTES = 256 * 1024

_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_VIMEO_ID = re.compile(r"[0-9]{1,12}")
_VIMEO_HASH = re.compile(r"[0-9a-f]{6,20}")
_SPOTIFY_ID = re.compile(r"[A-Za-z0-9]{22}")
_SOUNDCLOUD_NAME = re.compile(r"[A-Za-z0-9_-]{1,100}")
_WISTIA_ID = re.compile(r"[a-z0-9]{10}")
_SOUNDCLOUD_NOT_TRACKS = {"sets", "likes", "tracks", "reposts", "albums", "popular-tracks", "following",
                          "followers", "comments", "spotlight", "playlists"}
_SOUNDCLOUD_NOT_USERS = {"discover", "stream", "search", "charts", "you", "upload", "pages", "imprint", "terms-of-use",
                         "mobile", "settings", "messages", "notifications", "people", "jobs", "signin"}


@dataclass(frozen=True)
class Match:
    """A provider's media: which provider, the media's id and its canonical address."""

    provider: str  # YouTube, Vimeo, Spotify, SoundCloud, Wistia
    media_id: str
    url: str
    kind: Kind


@dataclass(frozen=True)
class Answer:
    """The fields Primer reads of a provider's oEmbed answer, as sent (app.library.fields makes them safe), and
    the player's address, built here."""

    title: object
    author: object
    description: object
    thumbnail_url: object
    duration: object
    embed_url: str | None


@dataclass(frozen=True)
class _Provider:
    name: str
    endpoint: str
    hosts: frozenset[str]  # the endpoint's, the only ones its fetch may reach
    params: dict[str, str]
    embed: Callable[[Match, dict], str | None]


def match(url: str) -> Match | None:
    """The provider's media `url` links to, or None when it is no address of theirs Primer knows."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
        return None
    host = parts.hostname.lower().removeprefix("www.").removeprefix("m.")
    segments = [segment for segment in parts.path.split("/") if segment]
    for recognize in (_youtube, _vimeo, _spotify, _soundcloud, _wistia):
        found = recognize(host, segments, parts.query)
        if found is not None:
            return found
    return None


def ask(media: Match) -> Answer:
    """The provider's oEmbed answer about `media`; FetchError when it has none to give."""
    provider = PROVIDERS[media.provider]
    query = urlencode({"url": media.url, **provider.params})
    fetched = fetch(f"{provider.endpoint}?{query}", max_bytes=MAX_ANSWER_BYTES, allowed_hosts=provider.hosts,
                    headers={"Accept": "application/json"})
    if fetched.status in (401, 403):
        raise FetchError(_("%(provider)s does not allow this to be shown on other sites: it is private, or its "
                           "owner turned embedding off.", provider=media.provider))
    if fetched.status in (404, 410):
        raise FetchError(_("%(provider)s has nothing at this address: it may have been removed, or the address is "
                           "mistyped.", provider=media.provider))
    if not fetched.ok:
        raise FetchError(_("%(provider)s answered with an error (%(status)s): try again later.",
                           provider=media.provider, status=fetched.status))
    try:
        answer = json.loads(fetched.body)
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        raise FetchError(_("%(provider)s sent an answer Primer could not read: try again later.",
                           provider=media.provider))
    return Answer(answer.get("title"), answer.get("author_name"), answer.get("description"),
                  answer.get("thumbnail_url"), answer.get("duration"), provider.embed(media, answer))


def _youtube(host: str, segments: list[str], query: str) -> Match | None:
    if host == "youtu.be" and len(segments) == 1:
        video_id = segments[0]
    elif host == "youtube.com" and segments == ["watch"]:
        video_id = parse_qs(query).get("v", [""])[0]
    elif host == "youtube.com" and len(segments) == 2 and segments[0] in ("shorts", "embed", "live"):
        video_id = segments[1]
    else:
        return None
    if not _YOUTUBE_ID.fullmatch(video_id):
        return None
    return Match("YouTube", video_id, f"https://www.youtube.com/watch?v={video_id}", Kind.VIDEO)


def _vimeo(host: str, segments: list[str], query: str) -> Match | None:
    if host == "player.vimeo.com" and segments[:1] == ["video"]:
        segments = segments[1:]
    elif host != "vimeo.com":
        return None
    elif segments[:1] == ["channels"] and len(segments) == 3:
        segments = segments[2:]
    if len(segments) not in (1, 2) or not _VIMEO_ID.fullmatch(segments[0]):
        return None
    if len(segments) == 2 and not _VIMEO_HASH.fullmatch(segments[1]):
        return None
    media_id = "/".join(segments)  # an unlisted video's id carries its hash
    return Match("Vimeo", media_id, f"https://vimeo.com/{media_id}", Kind.VIDEO)


def _spotify(host: str, segments: list[str], query: str) -> Match | None:
    if host != "open.spotify.com":
        return None
    if segments[:1] and segments[0].startswith("intl-"):
        segments = segments[1:]
    if len(segments) != 2 or segments[0] != "episode" or not _SPOTIFY_ID.fullmatch(segments[1]):
        return None
    return Match("Spotify", segments[1], f"https://open.spotify.com/episode/{segments[1]}", Kind.PODCAST_EPISODE)


def _soundcloud(host: str, segments: list[str], query: str) -> Match | None:
    if host != "soundcloud.com" or len(segments) != 2:
        return None
    user, track = segments
    if user in _SOUNDCLOUD_NOT_USERS or track in _SOUNDCLOUD_NOT_TRACKS:
        return None
    if not (_SOUNDCLOUD_NAME.fullmatch(user) and _SOUNDCLOUD_NAME.fullmatch(track)):
        return None
    return Match("SoundCloud", f"{user}/{track}", f"https://soundcloud.com/{user}/{track}", Kind.PODCAST_EPISODE)


def _wistia(host: str, segments: list[str], query: str) -> Match | None:
    if not (host.endswith((".wistia.com", ".wistia.net", ".wi.st")) or host in ("wistia.com", "wi.st")):
        return None
    embedded = segments[:1] == ["embed"]
    segments = segments[1:] if embedded else segments
    if len(segments) != 2 or segments[0] not in ("medias", "iframe") or not _WISTIA_ID.fullmatch(segments[1]):
        return None
    media_id = segments[1]
    page = f"https://{host}/medias/{media_id}" if not embedded and segments[0] == "medias" else None
    return Match("Wistia", media_id, page or f"https://fast.wistia.net/embed/iframe/{media_id}", Kind.VIDEO)


def _youtube_player(media: Match, answer: dict) -> str:
    return f"https://www.youtube-nocookie.com/embed/{media.media_id}"


def _vimeo_player(media: Match, answer: dict) -> str:
    video_id, _sep, unlisted_hash = media.media_id.partition("/")
    return f"https://player.vimeo.com/video/{video_id}?" + urlencode({"h": unlisted_hash, "dnt": 1} if unlisted_hash
                                                                     else {"dnt": 1})


def _spotify_player(media: Match, answer: dict) -> str:
    return f"https://open.spotify.com/embed/episode/{media.media_id}"


def _soundcloud_player(media: Match, answer: dict) -> str | None:
    """The iframe src from SoundCloud's HTML, when it is SoundCloud's player for an api.soundcloud.com track."""
    html = answer.get("html")
    src = first_iframe_src(html) if isinstance(html, str) and len(html) <= 10_000 else None
    if not src:
        return None
    parts = urlsplit(src)
    track = parse_qs(parts.query).get("url", [""])[0]
    track_parts = urlsplit(track)
    if (parts.scheme, parts.netloc, parts.path) != ("https", "w.soundcloud.com", "/player/"):
        return None
    if track_parts.scheme != "https" or track_parts.netloc != "api.soundcloud.com":
        return None
    return f"https://w.soundcloud.com/player/?{urlencode({'url': track})}"


def _wistia_player(media: Match, answer: dict) -> str:
    return f"https://fast.wistia.net/embed/iframe/{media.media_id}"


PROVIDERS: dict[str, _Provider] = {provider.name: provider for provider in (
    _Provider("YouTube", "https://www.youtube.com/oembed", frozenset({"www.youtube.com"}), {"format": "json"},
              _youtube_player),
    _Provider("Vimeo", "https://vimeo.com/api/oembed.json", frozenset({"vimeo.com"}), {}, _vimeo_player),
    _Provider("Spotify", "https://open.spotify.com/oembed", frozenset({"open.spotify.com"}), {}, _spotify_player),
    _Provider("SoundCloud", "https://soundcloud.com/oembed", frozenset({"soundcloud.com"}), {"format": "json"},
              _soundcloud_player),
    _Provider("Wistia", "https://fast.wistia.com/oembed", frozenset({"fast.wistia.com"}), {}, _wistia_player),
)}
