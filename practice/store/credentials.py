"""The ways a therapist can unlock a store."""

from __future__ import annotations

from dataclasses import dataclass

from practice.store.recovery import parse_recovery_key


@dataclass(frozen=True, repr=False)
class Passphrase:
    """The therapist's passphrase."""

    text: str


@dataclass(frozen=True, repr=False)
class RecoveryKey:
    """The printed recovery key (as typed; parsed leniently)."""

    text: str

    def raw(self) -> bytes:
        """The 160-bit key behind the code."""
        return parse_recovery_key(self.text)


@dataclass(frozen=True, repr=False)
class DeviceKey:
    """A key fetched from this computer's keychain."""

    key: bytes


Credential = Passphrase | RecoveryKey | DeviceKey
