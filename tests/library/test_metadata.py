"""describe(): what a URL is, from the providers' oEmbed answers and the pages' own words, kept as
plain, capped fields (never a provider's HTML), against the fake web."""
from __future__ import annotations

import dataclasses

import pytest

from app.library import fields
from app.library.fetching import FetchError
from app.library.metadata import Description, Kind, describe
from tests.library.fakeweb import PRIVATE_YOUTUBE_ID, REDIRECTED_YOUTUBE_ID, SPOTIFY_ID, VIMEO_ID, WISTIA_ID, YOUTUBE_ID


def test_a_youtube_video(web_app, fakeweb):
    described = describe(f"https://youtu.be/{YOUTUBE_ID}")
    assert described == Description(
        url=f"https://www.youtube.com/watch?v={YOUTUBE_ID}", kind=Kind.VIDEO,
        title="YouTube Developers Live: Embedded Web Player Customization", source="YouTube",
        author="Google for Developers", duration_seconds=None,  # YouTube's oEmbed gives no duration
        thumbnail_url=f"https://i.ytimg.com/vi/{YOUTUBE_ID}/hqdefault.jpg", provider="YouTube",
        embed_url=f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}")
    asked = fakeweb.requests_to("www.youtube.com")[-1]["path"]
    assert asked == f"/oembed?url=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3D{YOUTUBE_ID}&format=json"


@pytest.mark.parametrize("url", [f"https://www.youtube.com/watch?v={YOUTUBE_ID}&t=42",
                                 f"https://m.youtube.com/shorts/{YOUTUBE_ID}",
                                 f"http://youtube.com/embed/{YOUTUBE_ID}"])
def test_every_youtube_shape_asks_about_the_same_video(web_app, url):
    assert describe(url).embed_url == f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}"


def test_a_vimeo_video_has_its_length_and_no_tracking(web_app):
    described = describe(f"https://vimeo.com/{VIMEO_ID}")
    assert (described.kind, described.provider, described.duration_seconds) == (Kind.VIDEO, "Vimeo", 62)
    assert described.embed_url == f"https://player.vimeo.com/video/{VIMEO_ID}?dnt=1"
    assert described.title == "The New Vimeo Player (You Know, For Videos)"
    assert described.summary.startswith("It may look (mostly) the same on the surface, but under the hood we "
                                        "totally rebuilt our player. The player is faster")
    assert described.thumbnail_url.startswith("https://i.vimeocdn.com/video/452001751-")


def test_a_spotify_episode(web_app):
    described = describe(f"https://open.spotify.com/episode/{SPOTIFY_ID}?si=a1b2c3")
    assert (described.kind, described.title, described.source) == (Kind.PODCAST_EPISODE, "How we onboard customers",
                                                                    "Spotify")
    assert described.embed_url == f"https://open.spotify.com/embed/episode/{SPOTIFY_ID}"
    assert described.thumbnail_url.startswith("https://image-cdn-ak.spotifycdn.com/")


def test_a_soundcloud_track_keeps_the_players_address_and_nothing_else_of_its_html(web_app):
    described = describe("https://soundcloud.com/forss/flickermood")
    assert described.kind == Kind.PODCAST_EPISODE
    assert described.embed_url == "https://w.soundcloud.com/player/?url=https%3A%2F%2Fapi.soundcloud.com%2Ftracks%2F293"
    assert described.summary == "From the Soulhack album, released in 2003. Label: Sonar Kollektiv"  # U+202E gone
    assert (described.author, described.title) == ("Forss", "Flickermood by Forss")
    assert not any("<" in str(value) for value in dataclasses.astuple(described))


def test_a_wistia_video(web_app):
    described = describe(f"https://home.wistia.com/medias/{WISTIA_ID}")
    assert (described.kind, described.provider, described.duration_seconds) == (Kind.VIDEO, "Wistia", 40)
    assert described.embed_url == f"https://fast.wistia.net/embed/iframe/{WISTIA_ID}"
    assert described.title == "Lenny Delivers a Video - oEmbed glitch"


def test_a_short_link_that_leads_to_a_provider_is_described_by_the_provider(web_app):
    described = describe("https://short.example.com/yt")
    assert described.provider == "YouTube"
    assert described.embed_url == f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}"


@pytest.mark.parametrize("url,message", [
    (f"https://www.youtube.com/watch?v={PRIVATE_YOUTUBE_ID}",
     "YouTube does not allow this to be shown on other sites: it is private, or its owner turned embedding off."),
    ("https://youtu.be/NoSuchVid00",
     "YouTube has nothing at this address: it may have been removed, or the address is mistyped."),
    ("https://vimeo.com/1", "Vimeo has nothing at this address: it may have been removed, or the address is mistyped."),
    (f"https://www.youtube.com/watch?v={REDIRECTED_YOUTUBE_ID}",
     "elsewhere.example.com is not one of the addresses this link may lead to (www.youtube.com); Primer stopped "
     "there."),
])
def test_a_provider_that_will_not_say_is_explained(web_app, url, message):
    with pytest.raises(FetchError) as refused:
        describe(url)
    assert str(refused.value) == message


def test_an_article_page(web_app):
    described = describe("https://blog.example.com/posts/onboarding")
    assert described == Description(
        url="https://blog.example.com/posts/onboarding", kind=Kind.ARTICLE,
        title="Onboarding that sticks: a week-one plan",
        summary="How to plan a customer's first week & keep them learning.", source="Acme Blog",
        reading_minutes=3,  # 690 words of the article at 230 a minute; menus, code and footer not counted
        thumbnail_url="https://blog.example.com/images/onboarding.png", language="cs")


def test_a_plain_page_is_a_link_named_by_its_title(web_app):
    described = describe(" https://blog.example.com/plain\n")
    assert (described.kind, described.title, described.summary, described.source) == (
        Kind.LINK, "Pricing & plans", "Three plans, one price per seat.", "blog.example.com")
    assert (described.reading_minutes, described.thumbnail_url, described.language) == (None, None, None)


def test_a_messy_page_is_kept_plain_and_capped(web_app):
    described = describe("https://blog.example.com/messy")
    assert described.title.startswith("Bad title with controls xxx")
    assert len(described.title) == fields.TITLE_CHARS and described.title.endswith("…")
    assert described.summary == "line one line two"
    assert described.thumbnail_url == "https://cdn.example.com/safe.png"  # not the http one, nor javascript:
    assert described.language is None


def test_a_page_in_another_charset_is_read_in_it(web_app):
    assert describe("https://blog.example.com/latin1").title == "Café crème"


def test_a_page_with_its_own_audio_is_an_episode(web_app):
    described = describe("https://blog.example.com/episode-12")
    assert (described.kind, described.audio_url, described.duration_seconds, described.language) == (
        Kind.PODCAST_EPISODE, "https://docs.example.com/audio/episode-12.mp3", 1830, "en")


def test_a_pdf_is_a_document(web_app):
    described = describe("https://docs.example.com/files/annual-report-2025.pdf")
    assert (described.kind, described.title, described.source) == (Kind.DOCUMENT, "annual-report-2025.pdf",
                                                                    "docs.example.com")


def test_an_audio_file_is_an_episode_that_plays_itself(web_app):
    described = describe("https://docs.example.com/audio/episode-12.mp3")
    assert described.kind == Kind.PODCAST_EPISODE
    assert described.audio_url == "https://docs.example.com/audio/episode-12.mp3"


def test_any_other_file_is_a_link(web_app):
    assert describe("https://docs.example.com/data.bin").kind == Kind.LINK


def test_a_page_that_is_not_there_is_explained(web_app):
    with pytest.raises(FetchError, match=r"^There is nothing at this address \(blog\.example\.com answered 404\)"):
        describe("https://blog.example.com/no-such-post")


def test_an_endless_page_is_read_only_as_far_as_its_head_needs(web_app):
    described = describe("https://blog.example.com/endless")
    assert (described.kind, described.reading_minutes) == (Kind.LINK, None)


def test_describe_refuses_what_the_guard_refuses(guarded_app):
    with pytest.raises(FetchError, match="private address"):
        describe("http://169.254.169.254/latest/meta-data/iam/")
