"""Errors raised while preparing or rendering letters; messages name fields, never values."""

from __future__ import annotations

from collections.abc import Iterable

from practice.errors import PracticeError


class LetterError(PracticeError):
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


class UndrawableText(LetterError):
    """Some text holds characters the letter font cannot draw.

    The message names the fields only; the text itself is never repeated, since it is
    usually a client's details.

    Attributes:
        fields: The offending field names, in the order they were checked.
    """

    def __init__(self, fields: Iterable[str]) -> None:
        self.fields = tuple(dict.fromkeys(fields))
        super().__init__(
            "Some characters cannot be printed in the letter font (for example Chinese, "
            "Japanese or Korean characters, emoji, right-to-left scripts or control "
            "characters). "
            "Please remove or replace them in: " + ", ".join(self.fields) + "."
        )
