"""The one error the library's network half raises: what went wrong, as a sentence for a curator."""
from __future__ import annotations


class FetchError(Exception):
    """A URL was refused or could not be fetched or read; str() says why, in the reader's language."""
