"""In-memory keyring backends that behave like the awkward keychains Practice meets."""

from __future__ import annotations

import threading

from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, PasswordDeleteError

# (service, username) -> secret. The test owns the dict, so it can look inside the
# "keychain", share it between two backends, or empty it behind the store's back.
Entries = dict[tuple[str, str], str]


class MemoryKeyring(KeyringBackend):
    """A working keychain that keeps its entries in a dict the test owns.

    The constructor needs that dict, so keyring's own detection (which builds every
    registered backend with no arguments) skips these classes and is left undisturbed.
    """

    priority = 1.0

    def __init__(self, entries: Entries) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # keyring leaves it untyped
        self.entries = entries

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError("no such entry")


class OtherMemoryKeyring(MemoryKeyring):
    """A second, different keychain: what the computer has after a backend change."""


class LockedKeyring(MemoryKeyring):
    """A keychain whose unlock prompt the therapist dismissed."""

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("Failed to unlock the collection!")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")


class HangingKeyring(MemoryKeyring):
    """A keychain that blocks every call until the test sets ``release``."""

    def __init__(self, entries: Entries, release: threading.Event) -> None:
        super().__init__(entries)
        self.release = release

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait()
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self.release.wait()
        super().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        self.release.wait()
        super().delete_password(service, username)


class ForgetfulKeyring(MemoryKeyring):
    """A keychain that accepts entries and loses them (wiped, or reset by the OS)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        return None


class BrokenKeyring(MemoryKeyring):
    """A keychain whose transport fails with an error that is not keyring's own."""

    def get_password(self, service: str, username: str) -> str | None:
        raise ConnectionError("D-Bus connection lost")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise ConnectionError("D-Bus connection lost")

    def delete_password(self, service: str, username: str) -> None:
        raise ConnectionError("D-Bus connection lost")


class UnvettedKeyring(MemoryKeyring):
    """A third-party backend that Practice does not know to be a real OS keychain."""

    priority = 2.0  # outranks the trusted test keychains


class PlaintextKeyring(MemoryKeyring):
    """Stand-in for keyrings.alt's plaintext file backend (keyrings.alt is not installed)."""

    __module__ = "keyrings.alt.file"
    priority = 0.5  # as keyrings.alt.file.PlaintextKeyring


#: The test keychains that play real OS keychains (trusted alongside REAL_KEYCHAINS).
TEST_KEYCHAINS: frozenset[str] = frozenset(
    f"{kind.__module__}.{kind.__qualname__}"
    for kind in (
        MemoryKeyring,
        OtherMemoryKeyring,
        LockedKeyring,
        HangingKeyring,
        ForgetfulKeyring,
        BrokenKeyring,
    )
)
