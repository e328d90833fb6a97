"""Which addresses are a provider's media, and which are not (no fetch: the address alone decides)."""
from __future__ import annotations

import pytest

from app.library.kinds import ItemKind as Kind
from app.library.oembed import PROVIDERS, match

YT = "M7lc1UVf-VE"
SPOTIFY = "4rOoJ6Egrf8K2IrywzwOMk"


@pytest.mark.parametrize("url,provider,media_id,canonical", [
    (f"https://youtu.be/{YT}", "YouTube", YT, f"https://www.youtube.com/watch?v={YT}"),
    (f"https://youtu.be/{YT}?t=42", "YouTube", YT, f"https://www.youtube.com/watch?v={YT}"),
    (f"https://www.youtube.com/watch?v={YT}&list=PL1", "YouTube", YT, f"https://www.youtube.com/watch?v={YT}"),
    (f"https://youtube.com/shorts/{YT}", "YouTube", YT, f"https://www.youtube.com/watch?v={YT}"),
    (f"https://m.youtube.com/watch?v={YT}", "YouTube", YT, f"https://www.youtube.com/watch?v={YT}"),
    ("https://vimeo.com/76979871", "Vimeo", "76979871", "https://vimeo.com/76979871"),
    ("https://player.vimeo.com/video/76979871", "Vimeo", "76979871", "https://vimeo.com/76979871"),
    ("https://vimeo.com/channels/staffpicks/76979871", "Vimeo", "76979871", "https://vimeo.com/76979871"),
    ("https://vimeo.com/76979871/8a9b0c1d2e", "Vimeo", "76979871/8a9b0c1d2e", "https://vimeo.com/76979871/8a9b0c1d2e"),
    (f"https://open.spotify.com/episode/{SPOTIFY}?si=x", "Spotify", SPOTIFY,
     f"https://open.spotify.com/episode/{SPOTIFY}"),
    (f"https://open.spotify.com/intl-cs/episode/{SPOTIFY}", "Spotify", SPOTIFY,
     f"https://open.spotify.com/episode/{SPOTIFY}"),
    ("https://soundcloud.com/forss/flickermood", "SoundCloud", "forss/flickermood",
     "https://soundcloud.com/forss/flickermood"),
    ("https://m.soundcloud.com/forss/flickermood", "SoundCloud", "forss/flickermood",
     "https://soundcloud.com/forss/flickermood"),
    ("https://home.wistia.com/medias/e4a27b971d", "Wistia", "e4a27b971d", "https://home.wistia.com/medias/e4a27b971d"),
    ("https://fast.wistia.net/embed/iframe/e4a27b971d", "Wistia", "e4a27b971d",
     "https://fast.wistia.net/embed/iframe/e4a27b971d"),
])
def test_a_providers_media_is_recognized(url, provider, media_id, canonical):
    found = match(url)
    assert (found.provider, found.media_id, found.url) == (provider, media_id, canonical)
    assert found.kind == (Kind.PODCAST_EPISODE if provider in ("Spotify", "SoundCloud") else Kind.VIDEO)


@pytest.mark.parametrize("url", [
    "https://www.youtube.com/watch?v=short", "https://www.youtube.com/@GoogleDevelopers",
    "https://www.youtube.com/playlist?list=PL1", f"https://youtu.be.evil.example/{YT}", f"https://evil.example/?v={YT}",
    f"https://user@youtu.be/{YT}", "https://vimeo.com/staff", "https://vimeo.com/76979871/not-a-hash!",
    f"https://open.spotify.com/show/{SPOTIFY}", f"https://open.spotify.com/track/{SPOTIFY}",
    "https://soundcloud.com/forss", "https://soundcloud.com/forss/sets/soulhack",
    "https://soundcloud.com/discover/sets",
    "https://home.wistia.com/projects/abc", "https://wistia.com.evil.example/medias/e4a27b971d",
    f"ftp://youtu.be/{YT}", "not a url",
])
def test_other_addresses_are_not(url):
    assert match(url) is None


def test_each_provider_is_asked_at_its_documented_endpoint_only():
    assert {name: (p.endpoint, set(p.hosts)) for name, p in PROVIDERS.items()} == {
        "YouTube": ("https://www.youtube.com/oembed", {"www.youtube.com"}),
        "Vimeo": ("https://vimeo.com/api/oembed.json", {"vimeo.com"}),
        "Spotify": ("https://open.spotify.com/oembed", {"open.spotify.com"}),
        "SoundCloud": ("https://soundcloud.com/oembed", {"soundcloud.com"}),
        "Wistia": ("https://fast.wistia.com/oembed", {"fast.wistia.com"}),
    }
