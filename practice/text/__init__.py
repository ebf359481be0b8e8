"""Text in any script: sort and search keys, input checks, and names that read alike."""

from __future__ import annotations

from practice.text.keys import (
    clean_line,
    clean_prose,
    fold,
    fold_word,
    index_text,
    initials,
    sort_key,
    tokens,
    word_spans,
)
from practice.text.lookalike import (
    MIN_NAME_WORD,
    NameMatcher,
    Word,
    contains,
    is_default_ignorable,
    reading_form,
    skeleton,
    words,
)

__all__ = [
    "MIN_NAME_WORD",
    "NameMatcher",
    "Word",
    "clean_line",
    "clean_prose",
    "contains",
    "fold",
    "fold_word",
    "index_text",
    "initials",
    "is_default_ignorable",
    "reading_form",
    "skeleton",
    "sort_key",
    "tokens",
    "word_spans",
    "words",
]
