"""What the setup pages share while the wizard runs, and what the wizard hands back."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from practice.services.settings import PracticeProfile
    from practice.store.store import Store


@dataclass(frozen=True)
class KeychainAnswer:
    """Whether "remember on this device" can be offered, and if not, why (one line)."""

    available: bool
    explanation: str


class SetupState:
    """The wizard's working state (pages read and write it; nothing else does).

    Args:
        store_path: The suggested store folder.
    """

    def __init__(self, store_path: Path) -> None:
        self.store_path = store_path
        self.passphrase = ""
        self.store: Store | None = None
        self.recovery_code = ""
        self.recovery_confirmed = False
        self.keychain: KeychainAnswer | None = None
        # Set when the store is to be built from a practice export (its file, passphrase).
        self.import_from: tuple[Path, str] | None = None
        self.imported_records: int | None = None

    def forget_passphrase(self) -> None:
        """Drop the passphrases once the store exists (they are not needed again)."""
        self.passphrase = ""
        if self.import_from is not None:
            self.import_from = (self.import_from[0], "")


@dataclass(frozen=True)
class SetupResult:
    """A finished setup: the open store and what still has to be saved into it.

    Attributes:
        store: The new, open store.
        store_path: Its folder.
        profile: The practice's details, or None when that page was skipped.
        logo: The letterhead logo (PNG or JPEG bytes), if chosen.
        signature: The signature image, if chosen.
        remember_device: Whether to let this computer's keychain open the store.
        imported: Built from a practice export, whose details, letterhead and signature
            are kept as they came.
    """

    store: Store
    store_path: Path
    profile: PracticeProfile | None
    logo: bytes | None
    signature: bytes | None
    remember_device: bool
    imported: bool = False
