"""Errors raised while building a PDF; messages name fields, never their values."""

from __future__ import annotations

from collections.abc import Iterable

from practice.errors import PracticeError


class DocumentError(PracticeError):
    """A document (letter, report, form, bill) cannot be produced as given."""


class UndrawableText(DocumentError):
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
