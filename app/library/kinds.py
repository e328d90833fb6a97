"""What a library item is — which decides how its page shows it and how Primer can know it was
done. One enum for the whole library: what an address turns out to be (metadata) and what an
item is stored as (models)."""
from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class ItemKind(str, enum.Enum):
    VIDEO = "video"
    PODCAST_EPISODE = "podcast_episode"
    ARTICLE = "article"
    DOCUMENT = "document"  # a PDF, uploaded or on the web
    LINK = "link"

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.value])

    @property
    def plays(self) -> bool:
        """Whether Primer plays it (and its player can report how much was played)."""
        return self in (ItemKind.VIDEO, ItemKind.PODCAST_EPISODE)


KIND_LABELS = {"video": _l("Video"), "podcast_episode": _l("Podcast episode"), "article": _l("Article"),
               "document": _l("Document"), "link": _l("Link")}
