"""The content library that L&D curates: videos, podcast episodes, articles, documents and links
from anywhere, approved before prospects see them (later: learners' playlists and learning paths).

Public: `service` (add, suggest, edit, move through the workflow, open and complete), `queries`
(what the library shows), `models`; `fetching` (fetch, expect_ok, Fetched, FetchError: a guarded
HTTP fetch that reaches only the public internet) and `metadata` (describe, Description, Kind;
feed_episodes, Feed, Episode: what an address is, from a provider's oEmbed, a page's head or a
podcast feed), which touch neither the database nor a request, so the background task
(`tasks.fetch_details`) calls them. `guard` is the fetch's address check; `oembed`, `pages`,
`feeds` and `fields` serve `metadata`. Web: web/ (/library, /library/<id>, /library/suggest; the
curator's desk at /author/library).
"""
