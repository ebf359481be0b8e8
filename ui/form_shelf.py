"""Open forms put out of sight while the practice is locked, and brought back after unlock.

A form the therapist is typing in must survive an idle lock without its text being lost,
and without anything of it showing over the unlock screen. The shelf hides each open form
as the store closes and opens it again, as it was, once the store is open again.
"""

from __future__ import annotations

from typing import Protocol


class Shelvable(Protocol):
    """What the shelf needs of a form."""

    def shelve(self) -> None:
        """Hide, keeping what was typed."""

    def unshelve(self) -> None:
        """Show again, as it was."""


class FormShelf:
    """The forms open right now, in the order they were opened."""

    def __init__(self) -> None:
        self._open: list[Shelvable] = []
        self._shelved: list[Shelvable] = []

    def opened(self, form: Shelvable) -> None:
        """Note a form as open."""
        if form not in self._open:
            self._open.append(form)

    def closed(self, form: Shelvable) -> None:
        """Forget a form that was saved, cancelled or discarded."""
        if form in self._open:
            self._open.remove(form)
        if form in self._shelved:
            self._shelved.remove(form)

    @property
    def shelved(self) -> tuple[Shelvable, ...]:
        """The forms waiting for the unlock."""
        return tuple(self._shelved)

    def shelve_all(self) -> None:
        """Hide every open form (the store is about to close)."""
        for form in self._open:
            if form not in self._shelved:
                form.shelve()
                self._shelved.append(form)

    def unshelve_all(self) -> None:
        """Show the shelved forms again (the store is open again)."""
        waiting, self._shelved = self._shelved, []
        for form in waiting:
            form.unshelve()
