"""feed_episodes(): a podcast's RSS feed read safely, against the fake web."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.library.fetching import FetchError
from app.library.metadata import Episode, feed_episodes


def test_a_podcast_feed_and_its_episodes(web_app):
    feed = feed_episodes("http://feeds.example.com/show.xml ")
    assert (feed.title, feed.summary, feed.link, feed.language) == (
        "Acme Customer Success", "Conversations about onboarding.", "https://blog.example.com/podcast", "en-US")
    assert feed.image_url == "https://feeds.example.com/show.jpg"
    assert [episode.title for episode in feed.episodes] == ["Pricing pages that teach", "The first week", "Welcome"]
    assert feed.episodes[0] == Episode(
        guid="acme-cs-12", title="Pricing pages that teach",
        summary="We talk pricing pages. Then questions.",  # the notes' HTML read as text, its script dropped
        audio_url="https://docs.example.com/audio/episode-12.mp3", audio_type="audio/mpeg",
        duration_seconds=3723, published=datetime(2026, 3, 3, 8, 30, tzinfo=UTC),
        link="https://blog.example.com/episode-12", image_url="https://feeds.example.com/ep12.jpg")


def test_each_duration_format_and_the_fallbacks(web_app):
    second, third = feed_episodes("http://feeds.example.com/show.xml").episodes[1:]
    assert (second.duration_seconds, third.duration_seconds) == (42 * 60 + 17, 1800)
    assert second.summary == "Plain notes & more."
    assert (second.published, third.published) == (datetime(2026, 2, 24, 8, 0, tzinfo=UTC), None)
    assert third.guid == "https://docs.example.com/audio/episode-10.mp3"  # no guid: its audio names it
    assert second.image_url == third.image_url == "https://feeds.example.com/show.jpg"  # the show's picture


@pytest.mark.parametrize("path", ["/laughs.xml", "/xxe.xml"], ids=["billion laughs", "external entity"])
def test_a_feed_with_entities_is_refused(web_app, path):
    with pytest.raises(FetchError, match=r"^This feed declares XML entities, which Primer refuses to read for "
                                         r"safety \(a podcast feed needs none\)\.$"):
        feed_episodes(f"http://feeds.example.com{path}")


@pytest.mark.parametrize("path,message", [
    ("/atom.xml", "This is an Atom feed; Primer reads podcast feeds in RSS, as podcast apps do."),
    ("/not-xml", "This address does not hold a feed Primer can read: it is not well-formed XML."),
    ("/not-rss.xml", "This address does not hold an RSS feed: a podcast feed starts with <rss> and a <channel>."),
    ("/missing.xml",
     "There is nothing at this address (feeds.example.com answered 404): check it for typing mistakes."),
])
def test_what_is_not_an_rss_feed_is_explained(web_app, path, message):
    with pytest.raises(FetchError) as refused:
        feed_episodes(f"http://feeds.example.com{path}")
    assert str(refused.value) == message


def test_a_feed_inside_the_network_is_refused(guarded_app):
    with pytest.raises(FetchError, match="private address"):
        feed_episodes("http://10.0.0.5/feed.xml")
