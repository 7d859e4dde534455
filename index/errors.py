"""Domain errors of indexing, with messages a person can act on (in Vietnamese: users read them)."""


class UnreadableDocument(Exception):
    """A file that cannot be turned into text; the ingest skips it and reports the reason."""


class IndexModelMismatch(Exception):
    """The index was built with another embedding model than the one configured."""
