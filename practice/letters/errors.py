"""Errors raised while preparing or rendering letters; messages name fields, never values."""

from __future__ import annotations

from collections.abc import Iterable

from practice.documents.errors import DocumentError, UndrawableText


class LetterError(DocumentError):
    """A letter or report cannot be produced as given."""


class TemplateError(LetterError):
    """A letter template file is malformed or cannot be filled."""


class UnknownPlaceholder(TemplateError):
    """A template uses a placeholder that is not a known letter field."""


class MissingField(TemplateError):
    """A field the template needs was not supplied, or was left blank.

    Attributes:
        fields: The missing field names, sorted.
    """

    def __init__(self, fields: Iterable[str]) -> None:
        self.fields = tuple(sorted(set(fields)))
        super().__init__(
            "The letter cannot be written because these fields are missing or blank: "
            + ", ".join(self.fields)
            + "."
        )


__all__ = [
    "LetterError",
    "MissingField",
    "TemplateError",
    "UndrawableText",
    "UnknownPlaceholder",
]
