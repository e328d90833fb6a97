"""Lesson content made safe for a page: Markdown to sanitized HTML, media URLs to embeds.

Lesson bodies come from course files anyone with an author role can import, so nothing in
them is trusted. Two locks, either of which would do on its own: markdown-it never passes raw
HTML through (`html=False` escapes it as text), and nh3 then keeps only an allow-list of tags,
attributes and URL schemes from whatever markdown-it produced.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qs, urlsplit

import nh3
from flask_babel import lazy_gettext as _l
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "s", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "img",
    "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "code": {"class"},  # "language-python" from fenced code, for a highlighter
}
LINK_REL = "noopener noreferrer nofollow"
_CODE_CLASS = re.compile(r"language-[A-Za-z0-9_+#.-]{1,40}")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Images load from the web only (no mailto:, no relative paths); code keeps its language."""
    if tag == "img" and attribute == "src":
        return value if value.lower().startswith(("http://", "https://")) else None
    if tag == "code" and attribute == "class":
        return value if _CODE_CLASS.fullmatch(value) else None
    return value


_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_filter_attribute,
    url_schemes={"http", "https", "mailto"},
    link_rel=LINK_REL,
)


def sanitize_html(html: str) -> str:
    """Keep only the tags, attributes and URL schemes lesson content may use."""
    return _cleaner.clean(html)


def render_markdown(text: str) -> str:
    """Render lesson Markdown (CommonMark plus tables) to sanitized HTML."""
    return sanitize_html(_markdown.render(text or ""))


# --- media ----------------------------------------------------------------------------------

MediaKind = Literal["youtube", "vimeo", "video", "audio"]


@dataclass(frozen=True)
class MediaEmbed:
    """What a lesson page needs to show a lesson's media: which player, and its source URL."""

    kind: MediaKind
    src: str


_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_VIMEO_ID = re.compile(r"[0-9]{1,12}")
_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com"}
_VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
# .ogg may hold video or audio; a <video> element plays both, an <audio> one only sound.
_FILE_KINDS: dict[str, MediaKind] = {
    ".mp4": "video", ".webm": "video", ".ogg": "video", ".ogv": "video",
    ".mp3": "audio", ".m4a": "audio", ".wav": "audio", ".oga": "audio",
}
# What media_embed plays, in the reader's language (a lazy text: str() it, or format it into a message).
MEDIA_HELP = _l("a YouTube or Vimeo page, or an http(s) link to a .mp4, .webm, .ogg, .mp3, .m4a or .wav file")


def media_embed(url: str | None) -> MediaEmbed | None:
    """Turn a lesson's media URL into an embed, or None when it is missing or not one we play.

    YouTube goes through youtube-nocookie.com, so a page view sets no tracking cookies until
    the learner presses play.
    """
    if not url or any(c.isspace() or ord(c) < 32 for c in url):
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a malformed port)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        return None
    host, segments = parts.hostname.lower(), [s for s in parts.path.split("/") if s]

    if host in _YOUTUBE_HOSTS:
        if segments == ["watch"]:
            video_id = parse_qs(parts.query).get("v", [""])[0]
        elif len(segments) == 2 and segments[0] in ("embed", "shorts", "live"):
            video_id = segments[1]
        else:
            return None
        return _youtube(video_id)
    if host == "youtu.be":
        return _youtube(segments[0]) if len(segments) == 1 else None
    if host in _VIMEO_HOSTS:
        if host == "player.vimeo.com" and segments[:1] == ["video"]:
            segments = segments[1:]
        if len(segments) == 1 and _VIMEO_ID.fullmatch(segments[0]):
            return MediaEmbed("vimeo", f"https://player.vimeo.com/video/{segments[0]}")
        return None
    extension = "." + parts.path.rsplit(".", 1)[-1].lower() if "." in parts.path.rsplit("/", 1)[-1] else ""
    kind = _FILE_KINDS.get(extension)
    return MediaEmbed(kind, url) if kind else None


def _youtube(video_id: str) -> MediaEmbed | None:
    if not _YOUTUBE_ID.fullmatch(video_id):
        return None
    return MediaEmbed("youtube", f"https://www.youtube-nocookie.com/embed/{video_id}")
