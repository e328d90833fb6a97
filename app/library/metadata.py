"""What a URL is, for a library item: its kind, title, summary, length, picture and source.

`describe` asks the provider when the URL is a YouTube, Vimeo, Spotify, SoundCloud or Wistia
one (oEmbed, app.library.oembed), else fetches the URL itself: a PDF or office file is a
document, an audio file a podcast episode, a web page is read for what it says about itself
(app.library.pages). Only the parsed fields are kept, each capped and made plain
(app.library.fields): never a provider's HTML, never a page's markup. `feed_episodes` reads a
podcast's RSS feed (app.library.feeds).

An article's reading time is its words at READING_WORDS_PER_MINUTE, counted only when the whole
page was read (a cut page would undercount).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from app.library import fields, oembed
from app.library.feeds import Episode, Feed, feed_episodes
from app.library.fetching import Fetched, expect_ok, fetch
from app.library.kinds import ItemKind as Kind
from app.library.pages import HTML_TYPES, PAGE_BYTES, read_page

__all__ = ["Description", "Episode", "Feed", "Kind", "describe", "feed_episodes"]

READING_WORDS_PER_MINUTE = 230
DOCUMENT_TYPES = frozenset({
    "application/pdf", "application/msword", "application/vnd.ms-powerpoint", "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.presentation",
    "application/vnd.oasis.opendocument.spreadsheet", "application/epub+zip",
})
_ACCEPT_PAGE = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"


@dataclass(frozen=True)
class Description:
    """What Primer knows of a URL, ready to keep: every text capped and plain, every URL absolute."""

    url: str  # where it is: the provider's canonical address, or the page's after redirects
    kind: Kind
    title: str
    summary: str = ""
    source: str = ""  # the provider's or the site's name
    author: str = ""
    duration_seconds: int | None = None  # a video's or an episode's
    reading_minutes: int | None = None  # an article's
    thumbnail_url: str | None = None  # https only
    language: str | None = None  # a language tag, e.g. "cs" or "en-US"
    provider: str | None = None  # YouTube, Vimeo, Spotify, SoundCloud or Wistia
    embed_url: str | None = None  # the provider's player, for an iframe
    audio_url: str | None = None  # an audio file to play


def describe(url: str) -> Description:
    """What `url` is; FetchError, a sentence for the curator, when Primer cannot fetch or may not."""
    url = url.strip()  # as pasted, often with a space or a line break around it
    media = oembed.match(url)
    if media is not None:
        return _from_provider(media)
    fetched = expect_ok(fetch(url, max_bytes=PAGE_BYTES, truncate=True, headers={"Accept": _ACCEPT_PAGE}))
    media = oembed.match(fetched.url)  # a short link that led to a provider
    if media is not None:
        return _from_provider(media)
    return _from_fetched(fetched)


def _from_provider(media: oembed.Match) -> Description:
    answer = oembed.ask(media)
    return Description(
        url=media.url,
        kind=media.kind,
        title=fields.text(answer.title, fields.TITLE_CHARS) or media.url,
        summary=fields.text(answer.description, fields.SUMMARY_CHARS),
        source=media.provider,
        author=fields.text(answer.author, fields.NAME_CHARS),
        duration_seconds=fields.seconds(answer.duration),
        thumbnail_url=fields.picture_url(answer.thumbnail_url),
        provider=media.provider,
        embed_url=answer.embed_url,
    )


def _from_fetched(fetched: Fetched) -> Description:
    if fetched.content_type in HTML_TYPES:
        return _from_page(fetched)
    if fetched.content_type in DOCUMENT_TYPES:
        return _plain(fetched, Kind.DOCUMENT)
    if fetched.content_type.startswith("audio/"):
        return _plain(fetched, Kind.PODCAST_EPISODE, audio_url=fields.web_url(fetched.url))
    if fetched.content_type.startswith("video/"):
        return _plain(fetched, Kind.VIDEO)
    return _plain(fetched, Kind.LINK)


def _from_page(fetched: Fetched) -> Description:
    page = read_page(fetched.body, fetched.charset)
    audio_url = fields.web_url(page.audio, fetched.url)
    kind = _page_kind(page.og_type, audio_url, page.has_article or bool(page.published))
    reading = None
    if kind is Kind.ARTICLE and not fetched.truncated and page.words:
        reading = max(1, round(page.words / READING_WORDS_PER_MINUTE))
    return Description(
        url=fetched.url,
        kind=kind,
        title=fields.text(page.title, fields.TITLE_CHARS) or _name_from_url(fetched.url),
        summary=fields.text(page.summary, fields.SUMMARY_CHARS),
        source=fields.text(page.site_name, fields.NAME_CHARS) or _site(fetched.url),
        duration_seconds=fields.seconds(page.duration) if kind in (Kind.VIDEO, Kind.PODCAST_EPISODE) else None,
        reading_minutes=reading,
        thumbnail_url=next(filter(None, (fields.picture_url(image, fetched.url) for image in page.images)), None),
        language=fields.language(page.language),
        audio_url=audio_url,
    )


def _page_kind(og_type: str, audio_url: str | None, looks_like_article: bool) -> Kind:
    if og_type.startswith("video"):
        return Kind.VIDEO
    if audio_url or og_type.startswith("music.song"):
        return Kind.PODCAST_EPISODE
    if og_type == "article" or looks_like_article:
        return Kind.ARTICLE
    return Kind.LINK


def _plain(fetched: Fetched, kind: Kind, audio_url: str | None = None) -> Description:
    """A file, or a page Primer cannot read: named after its address."""
    return Description(url=fetched.url, kind=kind, title=_name_from_url(fetched.url), source=_site(fetched.url),
                       audio_url=audio_url)


def _name_from_url(url: str) -> str:
    """"annual-report-2025.pdf" from …/files/annual-report-2025.pdf; the site's name when the path has none."""
    name = PurePosixPath(unquote(urlsplit(url).path)).name
    return fields.text(name, fields.TITLE_CHARS) or _site(url)


def _site(url: str) -> str:
    return fields.text((urlsplit(url).hostname or "").removeprefix("www."), fields.NAME_CHARS)
