"""The content library that L&D curates: videos, podcast episodes, articles, documents and links
from anywhere, approved before prospects see them (later: learners' playlists and learning paths).

Public: `service` (add, suggest, edit, move through the workflow, complete), `queries` (what the
library shows), `models`. Web: web/ (/library, /library/<id>). The curator's pages are in the
author area.
"""
