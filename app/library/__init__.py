"""The content library: curated items (videos, podcast episodes, articles, documents, links), playlists
and paths. So far its network half, which a curator's URL goes through before an item is made of it.

Public: `fetching` (fetch, expect_ok, Fetched, FetchError: a guarded HTTP fetch that reaches only
the public internet), `metadata` (describe, Description, Kind; feed_episodes, Feed, Episode: what a
URL is, from a provider's oEmbed, a page's head or a podcast feed). Neither touches the database nor
a request, so a background task can call them as well as a view. `guard` is the fetch's address
check; `oembed`, `pages`, `feeds` and `fields` serve `metadata`.
"""
