"""Keeps the "remember on this device" key in the operating system's keychain.

Only the random device key that wraps key slot 3 lives here; the passphrase and the
data key never do. Every keychain call runs on a daemon thread and is abandoned after a
timeout, because a locked Secret Service can block forever waiting for a prompt. Every
failure comes back as a plain result that sends the therapist to the passphrase.
"""

from __future__ import annotations

import base64
import binascii
import enum
import functools
import logging
import math
import re
import threading
from collections.abc import Callable, Collection
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import TypeVar

import keyring
from keyring.backend import KeyringBackend
from keyring.backends.chainer import ChainerBackend
from keyring.errors import KeyringLocked, PasswordDeleteError

from practice.errors import KeychainUnavailable

log = logging.getLogger(__name__)

_T = TypeVar("_T")

SERVICE_NAME = "Practice"
DEVICE_KEY_BYTES = 32
DEFAULT_TIMEOUT = 5.0

#: The keychains that keep secrets under the operating system's own protection.
REAL_KEYCHAINS: frozenset[str] = frozenset(
    {
        "keyring.backends.macOS.Keyring",
        "keyring.backends.Windows.WinVaultKeyring",
        "keyring.backends.SecretService.Keyring",
        "keyring.backends.libsecret.Keyring",
        "keyring.backends.kwallet.DBusKeyring",
        "keyring.backends.kwallet.DBusKeyringKWallet4",
    }
)

# keyring's stand-ins for "there is no keychain at all".
_NO_KEYCHAIN_IDS = frozenset({"keyring.backends.fail.Keyring", "keyring.backends.null.Keyring"})
_FILE_KEYCHAIN_PREFIX = "keyrings.alt."

_NO_KEYCHAIN = (
    "This computer has no system keychain that Practice can use, "
    "so it will ask for your passphrase each time."
)
_FILE_KEYCHAIN = (
    "The only keychain on this computer keeps secrets in an ordinary file, which is not "
    "safe enough for client records, so Practice will ask for your passphrase each time."
)
_UNKNOWN_KEYCHAIN = (
    "The keychain on this computer is not one Practice knows to be safe, so it will ask "
    "for your passphrase each time. Practice can use the macOS Keychain, Windows "
    "Credential Manager, GNOME Keyring and KWallet."
)
_NO_ANSWER = (
    "The system keychain did not answer in time, "
    "so Practice will ask for your passphrase this time."
)
_UNREACHABLE = (
    "Practice could not reach the system keychain, so it will ask for your passphrase each time."
)
_SAVE_LOCKED = (
    "The system keychain is locked or did not answer, so Practice could not remember "
    "this computer. Unlock the keychain and try again."
)
_SAVE_FAILED = (
    "Practice could not save its key in the system keychain, so it cannot remember this computer."
)


class DeviceKeyOutcome(enum.Enum):
    """What became of a request for the device key."""

    FOUND = "found"
    MISSING = "missing"
    UNAVAILABLE = "unavailable"
    LOCKED_OR_TIMED_OUT = "locked_or_timed_out"
    BACKEND_CHANGED = "backend_changed"
    ERROR = "error"


_LOOKUP_MESSAGES: dict[DeviceKeyOutcome, str] = {
    DeviceKeyOutcome.FOUND: "",
    DeviceKeyOutcome.MISSING: (
        "Practice is no longer remembered on this computer, so please enter your passphrase."
    ),
    DeviceKeyOutcome.LOCKED_OR_TIMED_OUT: (
        "The system keychain is locked or did not answer, so please enter your passphrase."
    ),
    DeviceKeyOutcome.BACKEND_CHANGED: (
        "The keychain on this computer has changed since Practice was set to remember it, "
        "so please enter your passphrase or recovery key."
    ),
    DeviceKeyOutcome.ERROR: (
        "Practice could not read its key from the system keychain, so please enter your passphrase."
    ),
}


@dataclass(frozen=True)
class KeychainStatus:
    """Whether "remember on this device" can be offered, and why not.

    Attributes:
        available: True when a real OS keychain is there to hold the device key.
        backend_id: Dotted name of the keyring backend in use ("" if none answered).
        explanation: Plain words for the therapist; empty when available.
    """

    available: bool
    backend_id: str
    explanation: str


@dataclass(frozen=True)
class DeviceKeyLookup:
    """The result of fetching the device key: the key itself only when FOUND.

    Attributes:
        key: The 32-byte device key, or None for every outcome but FOUND.
        outcome: What happened.
        message: Plain words for the therapist; empty when FOUND.
    """

    key: bytes | None = field(repr=False)  # a logged result must not leak the key
    outcome: DeviceKeyOutcome
    message: str

    def __post_init__(self) -> None:
        if (self.key is not None) != (self.outcome is DeviceKeyOutcome.FOUND):
            raise ValueError("a device key comes with FOUND and only with FOUND")


def backend_id(backend: KeyringBackend) -> str:
    """Name a keyring backend the way the key file records it.

    Args:
        backend: Any keyring backend.

    Returns:
        ``module.QualifiedClassName`` of the backend.
    """
    kind = type(backend)
    return f"{kind.__module__}.{kind.__qualname__}"


def keychain_status(
    backend: KeyringBackend | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    trusted: Collection[str] = REAL_KEYCHAINS,
) -> KeychainStatus:
    """Tell whether "remember on this device" can be offered on this computer.

    Args:
        backend: The backend to judge; keyring's detected backend when None.
        timeout: Seconds to wait for keychain detection.
        trusted: Backend ids accepted as real keychains.

    Returns:
        The keychain's status, with a plain explanation when unavailable.
    """
    return DeviceKeychain(backend, timeout, trusted=trusted).status()


class DeviceKeychain:
    """Stores, fetches and forgets one store's device key, never blocking for long."""

    def __init__(
        self,
        backend: KeyringBackend | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        *,
        trusted: Collection[str] = REAL_KEYCHAINS,
    ) -> None:
        """Prepare to use a keychain; nothing is called until first use.

        Args:
            backend: The backend to use; keyring's detected backend when None.
            timeout: Seconds any one keychain call may take before it is abandoned.
            trusted: Backend ids accepted as real keychains (tests add their own).

        Raises:
            ValueError: If the timeout is not a positive number of seconds.
        """
        if not (timeout > 0 and math.isfinite(timeout)):
            raise ValueError("the keychain timeout must be a positive number of seconds")
        self._given = backend
        self._timeout = timeout
        self._trusted = frozenset(trusted)
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None
        self._chosen: tuple[KeyringBackend | None, KeychainStatus] | None = None

    def status(self) -> KeychainStatus:
        """Tell whether this keychain can remember the computer.

        Returns:
            The status; unavailable (with an explanation) when refused or silent.
        """
        try:
            return self._choose()[1]
        except _NoAnswer:
            return KeychainStatus(False, "", _NO_ANSWER)
        except Exception as error:
            _log_failure("detection", "-", error)
            return KeychainStatus(False, "", _UNREACHABLE)

    def save_device_key(self, store_id: str, device_key: bytes) -> str:
        """Put the device key in the keychain, replacing any earlier one.

        Args:
            store_id: The store's id (32 lowercase hex digits), used as the username.
            device_key: The 32 random bytes that wrap key slot 3.

        Returns:
            The backend id, which the caller keeps beside the key file.

        Raises:
            KeychainUnavailable: If there is no real keychain, or it is locked, silent or
                failing; the message is fit to show.
            ValueError: If the store id or key is malformed (a programming error).
        """
        _check_store_id(store_id)
        if len(device_key) != DEVICE_KEY_BYTES:
            raise ValueError(f"a device key is {DEVICE_KEY_BYTES} bytes")
        encoded = base64.b64encode(device_key).decode("ascii")
        backend, status = self._usable_for_saving()
        try:
            self._call(functools.partial(backend.set_password, SERVICE_NAME, store_id, encoded))
        except (_NoAnswer, KeyringLocked) as error:
            raise KeychainUnavailable(_SAVE_LOCKED) from error
        except Exception as error:
            _log_failure("save", store_id, error)
            raise KeychainUnavailable(_SAVE_FAILED) from error
        return status.backend_id

    def load_device_key(self, store_id: str, expected_backend_id: str) -> DeviceKeyLookup:
        """Fetch the device key, or say plainly why the passphrase is needed instead.

        Args:
            store_id: The store's id (32 lowercase hex digits).
            expected_backend_id: The backend id recorded when the key was saved.

        Returns:
            The lookup: the key when FOUND, otherwise an outcome and a message.

        Raises:
            ValueError: If the store id is malformed (a programming error).
        """
        _check_store_id(store_id)
        try:
            return self._fetch(store_id, expected_backend_id)
        except (_NoAnswer, KeyringLocked):
            return _failed(DeviceKeyOutcome.LOCKED_OR_TIMED_OUT)
        except Exception as error:
            _log_failure("read", store_id, error)
            return _failed(DeviceKeyOutcome.ERROR)

    def forget_device_key(self, store_id: str) -> bool:
        """Remove the device key from the keychain, as far as the keychain allows.

        Args:
            store_id: The store's id (32 lowercase hex digits).

        Returns:
            True when no key for the store is left in a usable keychain; False when the
            keychain was locked, silent or failing and the key may still be there.

        Raises:
            ValueError: If the store id is malformed (a programming error).
        """
        _check_store_id(store_id)
        try:
            backend = self._choose()[0]
            if backend is not None:
                self._call(functools.partial(backend.delete_password, SERVICE_NAME, store_id))
        except PasswordDeleteError:
            return True  # nothing was there to delete
        except Exception as error:
            _log_failure("delete", store_id, error)
            return False
        return True

    def _fetch(self, store_id: str, expected_backend_id: str) -> DeviceKeyLookup:
        backend, status = self._choose()
        if backend is None:
            return DeviceKeyLookup(None, DeviceKeyOutcome.UNAVAILABLE, status.explanation)
        if status.backend_id != expected_backend_id:
            return _failed(DeviceKeyOutcome.BACKEND_CHANGED)
        text = self._call(functools.partial(backend.get_password, SERVICE_NAME, store_id))
        if text is None:
            return _failed(DeviceKeyOutcome.MISSING)
        return _decode(text, store_id)

    def _usable_for_saving(self) -> tuple[KeyringBackend, KeychainStatus]:
        try:
            backend, status = self._choose()
        except _NoAnswer as error:
            raise KeychainUnavailable(_NO_ANSWER) from error
        except Exception as error:
            _log_failure("detection", "-", error)
            raise KeychainUnavailable(_UNREACHABLE) from error
        if backend is None:
            raise KeychainUnavailable(status.explanation)
        return backend, status

    def _choose(self) -> tuple[KeyringBackend | None, KeychainStatus]:
        # Detection talks to D-Bus too (keyring probes each backend), so it is timed.
        if self._chosen is None:
            self._chosen = self._call(self._detect)
        return self._chosen

    def _detect(self) -> tuple[KeyringBackend | None, KeychainStatus]:
        backend = self._given if self._given is not None else keyring.get_keyring()
        return _judge(backend, self._trusted)

    def _call(self, work: Callable[[], _T]) -> _T:
        """Run one keychain call on a daemon thread, raising _NoAnswer on timeout."""
        with self._lock:
            stuck = self._worker
            if stuck is not None:
                # An abandoned call may still hold the keychain (a pending unlock prompt);
                # give it one more timeout rather than piling another call on top.
                stuck.join(self._timeout)
                if stuck.is_alive():
                    raise _NoAnswer
            future: Future[_T] = Future()
            self._worker = threading.Thread(
                target=_settle, args=(future, work), name="practice-keychain", daemon=True
            )
            self._worker.start()
            try:
                return future.result(timeout=self._timeout)
            except FutureTimeout:
                raise _NoAnswer from None


class _NoAnswer(Exception):  # an internal signal, never leaves this module
    """The keychain did not answer within the timeout."""


def _settle(future: Future[_T], work: Callable[[], _T]) -> None:
    if not future.set_running_or_notify_cancel():
        return
    try:
        future.set_result(work())
    except Exception as error:  # handed to the waiting caller, which classifies it
        future.set_exception(error)


def _judge(
    backend: KeyringBackend, trusted: frozenset[str]
) -> tuple[KeyringBackend | None, KeychainStatus]:
    """Pick the real keychain behind a backend, or explain why there is none."""
    # A chainer would write to whichever member takes it first, plaintext files
    # included; pinning its best real member keeps writes and the recorded id honest.
    members = list(backend.backends) if isinstance(backend, ChainerBackend) else [backend]
    for member in members:
        if backend_id(member) in trusted:
            return member, KeychainStatus(True, backend_id(member), "")
    return None, KeychainStatus(False, backend_id(backend), _refusal([*map(backend_id, members)]))


def _refusal(member_ids: list[str]) -> str:
    if any(name.startswith(_FILE_KEYCHAIN_PREFIX) for name in member_ids):
        return _FILE_KEYCHAIN
    if all(name in _NO_KEYCHAIN_IDS for name in member_ids):
        return _NO_KEYCHAIN
    return _UNKNOWN_KEYCHAIN


def _decode(text: str, store_id: str) -> DeviceKeyLookup:
    try:
        key = base64.b64decode(text.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error):
        key = b""
    if len(key) != DEVICE_KEY_BYTES:
        log.warning("keychain entry for store %s is not a device key", store_id)
        return _failed(DeviceKeyOutcome.ERROR)
    return DeviceKeyLookup(key, DeviceKeyOutcome.FOUND, "")


def _failed(outcome: DeviceKeyOutcome) -> DeviceKeyLookup:
    return DeviceKeyLookup(None, outcome, _LOOKUP_MESSAGES[outcome])


def _check_store_id(store_id: str) -> None:
    if not re.fullmatch(r"[0-9a-f]{32}", store_id):
        raise ValueError("a store id is 32 lowercase hex digits")


def _log_failure(action: str, store_id: str, error: Exception) -> None:
    # The type only: backend messages are not ours to vouch for.
    log.warning("keychain %s failed for store %s: %s", action, store_id, type(error).__name__)
