"""The two kinds of failure: the therapist's problem (a PracticeError) or a bug (anything else).

A PracticeError's message is written for the therapist and is safe to show and to log:
it never carries a client's name, a note's text or any other clinical content.
"""

from __future__ import annotations


class PracticeError(Exception):
    """A failure the therapist can understand and act on.

    Args:
        message: Plain words for the therapist; no clinical content.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


# --- the store -------------------------------------------------------------


class StoreError(PracticeError):
    """Something about the encrypted store itself."""


class WrongPassphrase(StoreError):
    """The passphrase (or recovery key) does not open this store."""


class StoreNotFound(StoreError):
    """No store exists at the given place."""


class StoreExists(StoreError):
    """A store already exists where a new one was to be created."""


class KeyFileMissing(StoreError):
    """The database is there but its key file is not."""


class StoreDamaged(StoreError):
    """The store's files are damaged or were rolled back; a backup must be restored."""


class StoreTooNew(StoreError):
    """The store was written by a newer version of Practice."""


class StoreInUse(StoreError):
    """Another running copy of Practice has this store open."""


class StoreMisconfigured(StoreError):
    """A protection the store depends on could not be switched on."""


class BackupError(StoreError):
    """A backup or restore could not be completed; nothing was replaced."""


class KeychainUnavailable(StoreError):
    """The system keychain cannot be used on this computer right now."""


# --- the clinical record ---------------------------------------------------


class ValidationError(PracticeError):
    """Input that cannot be stored as given (names the field, never its value)."""


class NotFound(PracticeError):
    """A record that was asked for does not exist."""


class Ambiguous(PracticeError):
    """A name matches more than one record."""


class SignedNoteImmutable(PracticeError):
    """A signed note or addendum cannot be changed or deleted."""


class ReleaseRefused(PracticeError):
    """No release of information allows this disclosure."""


class ScheduleConflict(PracticeError):
    """An appointment would double-book the therapist or a client."""
