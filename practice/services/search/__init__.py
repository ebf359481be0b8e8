"""Finding things: full-text search of the record, and clients or providers by typed name."""

from __future__ import annotations

from practice.services.search.full_text import (
    BAD_LIMIT,
    BRACKETS,
    COMMON_MATCHES,
    MAX_LIMIT,
    MAX_QUERY_CHARS,
    MAX_TERMS,
    OPERATORS,
    RECORD_KINDS,
    UNCLOSED_QUOTE,
    ParsedQuery,
    RecordKind,
    SearchHit,
    SearchKind,
    SearchQueryUnreadable,
    SearchResults,
    parse_query,
    search,
    snippet,
)
from practice.services.search.lookup import (
    AmbiguousName,
    Candidate,
    find_client,
    find_provider,
)

__all__ = [
    "BAD_LIMIT",
    "BRACKETS",
    "COMMON_MATCHES",
    "MAX_LIMIT",
    "MAX_QUERY_CHARS",
    "MAX_TERMS",
    "OPERATORS",
    "RECORD_KINDS",
    "UNCLOSED_QUOTE",
    "AmbiguousName",
    "Candidate",
    "ParsedQuery",
    "RecordKind",
    "SearchHit",
    "SearchKind",
    "SearchQueryUnreadable",
    "SearchResults",
    "find_client",
    "find_provider",
    "parse_query",
    "search",
    "snippet",
]
