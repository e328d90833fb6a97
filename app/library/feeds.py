"""A podcast's RSS feed: the show and its episodes, each with its audio file (the enclosure).

The feed is XML from a stranger's server, read with defusedxml: a feed that declares entities is
refused, because entities are how a few kilobytes expand into gigabytes (billion laughs) or pull
in a file from the server's disk (external entities), and a podcast feed needs none. Episodes
follow the feed's order (usually newest first), at most MAX_EPISODES of them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeXML
from defusedxml import DefusedXmlException
from flask_babel import gettext as _

from app.library import fields
from app.library.errors import FetchError
from app.library.fetching import expect_ok, fetch
from app.library.pages import text_of

FEED_BYTES = 8 * 1024 * 1024  # a show of many years with long notes
MAX_EPISODES = 1000
GUID_CHARS = 500
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
ATOM_FEED = "{http://www.w3.org/2005/Atom}feed"


@dataclass(frozen=True)
class Episode:
    guid: str  # the feed's id for it, else its audio's or page's address
    title: str
    summary: str
    audio_url: str | None
    audio_type: str | None  # the enclosure's media type, e.g. audio/mpeg
    duration_seconds: int | None
    published: datetime | None  # in UTC
    link: str | None
    image_url: str | None


@dataclass(frozen=True)
class Feed:
    title: str
    summary: str
    link: str | None
    image_url: str | None
    language: str | None
    episodes: tuple[Episode, ...]


def feed_episodes(feed_url: str) -> Feed:
    """The show and episodes of the podcast RSS feed at `feed_url`; FetchError when it cannot be read."""
    fetched = expect_ok(fetch(feed_url.strip(), max_bytes=FEED_BYTES,
                              headers={"Accept": "application/rss+xml, application/xml;q=0.9, */*;q=0.5"}))
    channel = _channel(fetched.body)
    image = _image(channel)
    episodes = tuple(_episode(item, image) for item in channel.findall("item")[:MAX_EPISODES])
    return Feed(
        title=fields.text(channel.findtext("title"), fields.TITLE_CHARS),
        summary=_summary(channel),
        link=fields.web_url(channel.findtext("link")),
        image_url=image,
        language=fields.language(channel.findtext("language")),
        episodes=episodes,
    )


def _channel(body: bytes) -> Element:
    try:
        root = SafeXML.fromstring(body, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise FetchError(_("This feed declares XML entities, which Primer refuses to read for safety (a podcast "
                           "feed needs none).")) from None
    except ParseError:
        raise FetchError(_("This address does not hold a feed Primer can read: it is not well-formed XML.")) from None
    if root.tag == ATOM_FEED:
        raise FetchError(_("This is an Atom feed; Primer reads podcast feeds in RSS, as podcast apps do."))
    channel = root.find("channel") if root.tag == "rss" else None
    if channel is None:
        raise FetchError(_("This address does not hold an RSS feed: a podcast feed starts with <rss> and a "
                           "<channel>."))
    return channel


def _episode(item: Element, show_image: str | None) -> Episode:
    enclosure = item.find("enclosure")
    audio_url = audio_type = None
    if enclosure is not None:
        audio_type = fields.text(enclosure.get("type"), 100).lower() or None
        if audio_type is None or audio_type.startswith("audio/"):
            audio_url = fields.web_url(enclosure.get("url"))
    link = fields.web_url(item.findtext("link"))
    guid = fields.text(item.findtext("guid"), GUID_CHARS) or audio_url or link or ""
    return Episode(
        guid=guid[:GUID_CHARS],
        title=fields.text(item.findtext("title") or item.findtext(f"{ITUNES}title"), fields.TITLE_CHARS),
        summary=_summary(item),
        audio_url=audio_url,
        audio_type=audio_type,
        duration_seconds=fields.seconds(item.findtext(f"{ITUNES}duration")),
        published=_published(item.findtext("pubDate")),
        link=link,
        image_url=_image(item) or show_image,
    )


def _summary(element: Element) -> str:
    notes = (element.findtext(f"{ITUNES}summary") or element.findtext("description")
             or element.findtext(f"{ITUNES}subtitle") or "")
    return fields.text(text_of(notes), fields.SUMMARY_CHARS)


def _image(element: Element) -> str | None:
    itunes = element.find(f"{ITUNES}image")
    if itunes is not None and fields.picture_url(itunes.get("href")):
        return fields.picture_url(itunes.get("href"))
    return fields.picture_url(element.findtext("image/url"))


def _published(value: str | None) -> datetime | None:
    if not value or not value.strip():
        return None
    try:
        moment = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
