"""The OS keychain adapter behind "remember on this device"."""

# keyring's backend constructors carry no annotations.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import base64
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest
from hypothesis import given
from hypothesis import strategies as st
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.backends.chainer import ChainerBackend

from practice.errors import KeychainUnavailable, PracticeError
from practice.store.keychain import (
    REAL_KEYCHAINS,
    SERVICE_NAME,
    DeviceKeychain,
    DeviceKeyLookup,
    DeviceKeyOutcome,
    backend_id,
    keychain_status,
)
from tests.store.memory_keyring import (
    TEST_KEYCHAINS,
    BrokenKeyring,
    Entries,
    ForgetfulKeyring,
    HangingKeyring,
    LockedKeyring,
    MemoryKeyring,
    OtherMemoryKeyring,
    PlaintextKeyring,
    UnvettedKeyring,
)

STORE_ID = "7f3c2a1e9b8d4c6fa0e1d2c3b4a59687"
DEVICE_KEY = bytes(range(32))
TRUSTED = REAL_KEYCHAINS | TEST_KEYCHAINS
SHORT_TIMEOUT = 0.2  # only for keychains that never answer
NO_KEYCHAIN = (
    "This computer has no system keychain that Practice can use, "
    "so it will ask for your passphrase each time."
)


def device_keychain(backend: KeyringBackend, timeout: float = 5.0) -> DeviceKeychain:
    return DeviceKeychain(backend, timeout, trusted=TRUSTED)


@pytest.fixture
def entries() -> Entries:
    return {}


@pytest.fixture
def release() -> Iterator[threading.Event]:
    """An event that hanging keychains wait on; set at the end so their threads finish."""
    event = threading.Event()
    yield event
    event.set()


def chain_of(monkeypatch: pytest.MonkeyPatch, *members: KeyringBackend) -> ChainerBackend:
    """A real keyring chainer whose members are exactly ``members``."""
    monkeypatch.setattr(keyring.backend, "get_all_keyring", lambda: list(members))
    return ChainerBackend()


# Round trip -------------------------------------------------------------------------


def test_a_saved_device_key_comes_back_from_the_same_keychain(entries: Entries) -> None:
    chain = device_keychain(MemoryKeyring(entries))

    saved_with = chain.save_device_key(STORE_ID, DEVICE_KEY)
    lookup = chain.load_device_key(STORE_ID, saved_with)

    assert saved_with == backend_id(MemoryKeyring(entries))
    assert lookup == DeviceKeyLookup(DEVICE_KEY, DeviceKeyOutcome.FOUND, "")


def test_the_keychain_holds_only_the_base64_device_key_under_practice_and_the_store_id(
    entries: Entries,
) -> None:
    device_keychain(MemoryKeyring(entries)).save_device_key(STORE_ID, DEVICE_KEY)

    assert entries == {(SERVICE_NAME, STORE_ID): base64.b64encode(DEVICE_KEY).decode("ascii")}


def test_remembering_again_replaces_the_earlier_device_key(entries: Entries) -> None:
    chain = device_keychain(MemoryKeyring(entries))
    chain.save_device_key(STORE_ID, b"\x01" * 32)

    saved_with = chain.save_device_key(STORE_ID, DEVICE_KEY)

    assert chain.load_device_key(STORE_ID, saved_with).key == DEVICE_KEY
    assert len(entries) == 1


@given(device_key=st.binary(min_size=32, max_size=32))
def test_any_device_key_survives_the_round_trip(device_key: bytes) -> None:
    chain = device_keychain(MemoryKeyring({}))

    saved_with = chain.save_device_key(STORE_ID, device_key)

    assert chain.load_device_key(STORE_ID, saved_with).key == device_key


@given(device_key=st.binary(max_size=64).filter(lambda key: len(key) != 32))
def test_a_key_that_is_not_32_bytes_is_refused_before_the_keychain_sees_it(
    device_key: bytes,
) -> None:
    entries: Entries = {}

    with pytest.raises(ValueError, match="32 bytes"):
        device_keychain(MemoryKeyring(entries)).save_device_key(STORE_ID, device_key)
    assert entries == {}


@pytest.mark.parametrize(
    "store_id", ["", "Smith household", STORE_ID.upper(), STORE_ID[:-1], STORE_ID + "0"]
)
def test_only_a_store_id_names_the_keychain_entry(store_id: str) -> None:
    chain = device_keychain(MemoryKeyring({}))

    with pytest.raises(ValueError, match="store id"):
        chain.load_device_key(store_id, backend_id(MemoryKeyring({})))


def test_a_found_lookup_does_not_show_its_key_when_printed(entries: Entries) -> None:
    chain = device_keychain(MemoryKeyring(entries))
    lookup = chain.load_device_key(STORE_ID, chain.save_device_key(STORE_ID, DEVICE_KEY))

    assert DEVICE_KEY.hex() not in repr(lookup)
    assert repr(DEVICE_KEY) not in repr(lookup)
    assert entries[(SERVICE_NAME, STORE_ID)] not in repr(lookup)


# Keychains that are not real OS keychains ------------------------------------------


@pytest.mark.parametrize(
    ("backend", "explanation"),
    [
        (fail.Keyring(), NO_KEYCHAIN),
        (null.Keyring(), NO_KEYCHAIN),
        (PlaintextKeyring({}), "keeps secrets in an ordinary file"),
        (UnvettedKeyring({}), "not one Practice knows to be safe"),
    ],
    ids=["fail", "null", "plaintext-file", "unvetted"],
)
def test_a_keychain_that_is_not_the_systems_own_is_refused_with_an_explanation(
    backend: KeyringBackend, explanation: str
) -> None:
    status = keychain_status(backend, trusted=TRUSTED)

    assert not status.available
    assert status.backend_id == backend_id(backend)
    assert explanation in status.explanation


def test_a_refused_keychain_is_never_written_to_or_read(entries: Entries) -> None:
    plaintext = PlaintextKeyring(entries)
    entries[(SERVICE_NAME, STORE_ID)] = base64.b64encode(DEVICE_KEY).decode("ascii")
    chain = device_keychain(plaintext)

    with pytest.raises(KeychainUnavailable, match="ordinary file") as refused:
        chain.save_device_key(STORE_ID, b"\x02" * 32)
    lookup = chain.load_device_key(STORE_ID, backend_id(plaintext))

    assert refused.value.message == chain.status().explanation
    assert lookup.outcome is DeviceKeyOutcome.UNAVAILABLE
    assert lookup.key is None
    assert lookup.message == chain.status().explanation
    assert entries == {(SERVICE_NAME, STORE_ID): base64.b64encode(DEVICE_KEY).decode("ascii")}


def test_the_test_keychains_are_refused_by_the_shipped_list() -> None:
    status = DeviceKeychain(MemoryKeyring({})).status()

    assert not status.available
    assert "not one Practice knows to be safe" in status.explanation


def test_a_chain_of_only_refused_keychains_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    chainer = chain_of(monkeypatch, PlaintextKeyring({}), fail.Keyring(), null.Keyring())

    status = keychain_status(chainer, trusted=TRUSTED)

    assert not status.available
    assert status.backend_id == "keyring.backends.chainer.ChainerBackend"
    assert "ordinary file" in status.explanation


def test_an_empty_chain_means_no_keychain(monkeypatch: pytest.MonkeyPatch) -> None:
    # keyring leaves fail (priority 0) and null (-1) out of a chain.
    chainer = chain_of(monkeypatch, fail.Keyring(), null.Keyring())

    assert keychain_status(chainer, trusted=TRUSTED).explanation == NO_KEYCHAIN


def test_a_chain_uses_its_real_keychain_even_when_another_member_ranks_higher(
    monkeypatch: pytest.MonkeyPatch, entries: Entries
) -> None:
    unvetted_entries: Entries = {}
    chainer = chain_of(monkeypatch, UnvettedKeyring(unvetted_entries), MemoryKeyring(entries))
    chain = device_keychain(chainer)

    saved_with = chain.save_device_key(STORE_ID, DEVICE_KEY)

    assert saved_with == backend_id(MemoryKeyring(entries))
    assert chain.status().available
    assert unvetted_entries == {}
    assert chain.load_device_key(STORE_ID, saved_with).key == DEVICE_KEY


def test_without_a_backend_the_detected_keychain_is_used(
    monkeypatch: pytest.MonkeyPatch, entries: Entries
) -> None:
    monkeypatch.setattr(keyring, "get_keyring", lambda: MemoryKeyring(entries))

    saved_with = DeviceKeychain(trusted=TRUSTED).save_device_key(STORE_ID, DEVICE_KEY)

    assert saved_with == backend_id(MemoryKeyring(entries))
    assert (SERVICE_NAME, STORE_ID) in entries


# Locked, silent and failing keychains ----------------------------------------------


def test_a_locked_keychain_sends_the_therapist_to_the_passphrase(entries: Entries) -> None:
    entries[(SERVICE_NAME, STORE_ID)] = base64.b64encode(DEVICE_KEY).decode("ascii")
    chain = device_keychain(LockedKeyring(entries))

    lookup = chain.load_device_key(STORE_ID, backend_id(LockedKeyring(entries)))

    assert lookup.outcome is DeviceKeyOutcome.LOCKED_OR_TIMED_OUT
    assert lookup.key is None
    assert "locked" in lookup.message
    assert "passphrase" in lookup.message


def test_a_locked_keychain_cannot_remember_the_computer(entries: Entries) -> None:
    chain = device_keychain(LockedKeyring(entries))

    with pytest.raises(KeychainUnavailable, match="locked or did not answer"):
        chain.save_device_key(STORE_ID, DEVICE_KEY)
    assert chain.forget_device_key(STORE_ID) is False


def test_a_keychain_that_never_answers_is_abandoned_after_the_timeout(
    entries: Entries, release: threading.Event
) -> None:
    entries[(SERVICE_NAME, STORE_ID)] = base64.b64encode(DEVICE_KEY).decode("ascii")
    hanging = HangingKeyring(entries, release)
    chain = DeviceKeychain(hanging, SHORT_TIMEOUT, trusted=TRUSTED)

    lookup = chain.load_device_key(STORE_ID, backend_id(hanging))

    assert lookup.outcome is DeviceKeyOutcome.LOCKED_OR_TIMED_OUT
    assert lookup.key is None


def test_saving_to_a_silent_keychain_gives_up_with_a_plain_message(
    entries: Entries, release: threading.Event
) -> None:
    chain = DeviceKeychain(HangingKeyring(entries, release), SHORT_TIMEOUT, trusted=TRUSTED)

    with pytest.raises(KeychainUnavailable, match="did not answer"):
        chain.save_device_key(STORE_ID, DEVICE_KEY)
    assert chain.forget_device_key(STORE_ID) is False


def test_a_keychain_that_answers_again_is_used_again(
    entries: Entries, release: threading.Event
) -> None:
    hanging = HangingKeyring(entries, release)
    entries[(SERVICE_NAME, STORE_ID)] = base64.b64encode(DEVICE_KEY).decode("ascii")
    chain = DeviceKeychain(hanging, SHORT_TIMEOUT, trusted=TRUSTED)
    assert chain.load_device_key(STORE_ID, backend_id(hanging)).key is None

    release.set()  # the therapist unlocks the keychain

    assert chain.load_device_key(STORE_ID, backend_id(hanging)).key == DEVICE_KEY


def test_keychain_detection_that_hangs_leaves_the_option_unavailable_for_now(
    monkeypatch: pytest.MonkeyPatch, release: threading.Event
) -> None:
    def detect_slowly() -> KeyringBackend:
        release.wait()
        return MemoryKeyring({})

    monkeypatch.setattr(keyring, "get_keyring", detect_slowly)
    chain = DeviceKeychain(timeout=SHORT_TIMEOUT, trusted=TRUSTED)

    silent = chain.status()
    release.set()
    answered = chain.status()

    assert not silent.available
    assert "did not answer" in silent.explanation
    assert answered.available


def test_a_failing_keychain_never_lets_its_own_error_escape(entries: Entries) -> None:
    broken = BrokenKeyring(entries)
    chain = device_keychain(broken)

    lookup = chain.load_device_key(STORE_ID, backend_id(broken))
    with pytest.raises(KeychainUnavailable, match="could not save") as refused:
        chain.save_device_key(STORE_ID, DEVICE_KEY)

    assert isinstance(refused.value, PracticeError)
    assert lookup.outcome is DeviceKeyOutcome.ERROR
    assert "passphrase" in lookup.message
    assert chain.forget_device_key(STORE_ID) is False


def test_a_failing_keychain_is_logged_without_its_message(
    entries: Entries, caplog: pytest.LogCaptureFixture
) -> None:
    broken = BrokenKeyring(entries)

    device_keychain(broken).load_device_key(STORE_ID, backend_id(broken))

    assert "ConnectionError" in caplog.text
    assert "D-Bus connection lost" not in caplog.text


# Entries that vanish or change -----------------------------------------------------


def test_a_device_key_removed_from_the_keychain_is_reported_missing(entries: Entries) -> None:
    chain = device_keychain(MemoryKeyring(entries))
    saved_with = chain.save_device_key(STORE_ID, DEVICE_KEY)

    entries.clear()  # the therapist tidied up Keychain Access
    lookup = chain.load_device_key(STORE_ID, saved_with)

    assert lookup.outcome is DeviceKeyOutcome.MISSING
    assert lookup.key is None
    assert "passphrase" in lookup.message


def test_a_keychain_that_loses_entries_reports_them_missing(entries: Entries) -> None:
    chain = device_keychain(ForgetfulKeyring(entries))

    saved_with = chain.save_device_key(STORE_ID, DEVICE_KEY)

    assert chain.load_device_key(STORE_ID, saved_with).outcome is DeviceKeyOutcome.MISSING


def test_a_different_keychain_asks_for_the_passphrase_or_recovery_key(entries: Entries) -> None:
    saved_with = device_keychain(MemoryKeyring(entries)).save_device_key(STORE_ID, DEVICE_KEY)

    # Same entries, other backend: even a readable key is not trusted across the change.
    lookup = device_keychain(OtherMemoryKeyring(entries)).load_device_key(STORE_ID, saved_with)

    assert lookup.outcome is DeviceKeyOutcome.BACKEND_CHANGED
    assert lookup.key is None
    assert "recovery key" in lookup.message


@pytest.mark.parametrize(
    "stored",
    ["not base64 at all!", base64.b64encode(b"short").decode("ascii"), "ünïcode"],
    ids=["garbage", "wrong-length", "non-ascii"],
)
def test_a_damaged_entry_is_an_error_not_a_key(entries: Entries, stored: str) -> None:
    entries[(SERVICE_NAME, STORE_ID)] = stored

    lookup = device_keychain(MemoryKeyring(entries)).load_device_key(
        STORE_ID, backend_id(MemoryKeyring(entries))
    )

    assert lookup.outcome is DeviceKeyOutcome.ERROR
    assert lookup.key is None


def test_forgetting_removes_the_device_key(entries: Entries) -> None:
    chain = device_keychain(MemoryKeyring(entries))
    saved_with = chain.save_device_key(STORE_ID, DEVICE_KEY)

    assert chain.forget_device_key(STORE_ID) is True
    assert entries == {}
    assert chain.load_device_key(STORE_ID, saved_with).outcome is DeviceKeyOutcome.MISSING


def test_forgetting_a_key_that_is_not_there_is_fine(entries: Entries) -> None:
    assert device_keychain(MemoryKeyring(entries)).forget_device_key(STORE_ID) is True


def test_a_lookup_carries_a_key_only_when_found() -> None:
    with pytest.raises(ValueError, match="FOUND"):
        DeviceKeyLookup(DEVICE_KEY, DeviceKeyOutcome.MISSING, "")
    with pytest.raises(ValueError, match="FOUND"):
        DeviceKeyLookup(None, DeviceKeyOutcome.FOUND, "")


@pytest.mark.parametrize("timeout", [0.0, -1.0, float("nan"), float("inf")])
def test_a_keychain_needs_a_real_timeout(timeout: float) -> None:
    with pytest.raises(ValueError, match="timeout"):
        DeviceKeychain(MemoryKeyring({}), timeout)


# A real Secret Service -------------------------------------------------------------

_SECRET_SERVICE_SCRIPT = """
import json, secrets
import secretstorage
from practice.store.keychain import DeviceKeychain

chain = DeviceKeychain()
status = chain.status()
store_id, key = secrets.token_hex(16), secrets.token_bytes(32)
saved_with = chain.save_device_key(store_id, key)
found = chain.load_device_key(store_id, saved_with)
forgot = chain.forget_device_key(store_id)
after_forgetting = chain.load_device_key(store_id, saved_with)
chain.save_device_key(store_id, key)
secretstorage.get_default_collection(secretstorage.dbus_init()).lock()
locked = chain.load_device_key(store_id, saved_with)
print(json.dumps({
    "available": status.available,
    "backend_id": status.backend_id,
    "saved_with": saved_with,
    "found_same_key": found.key == key,
    "forgot": forgot,
    "after_forgetting": after_forgetting.outcome.name,
    "locked": locked.outcome.name,
}))
"""

# Start a throwaway login keyring unlocked with a throwaway password, then run Python.
_UNDER_KEYRING = (
    'eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets)" '
    '&& export GNOME_KEYRING_CONTROL && exec "$0" -c "$1"'
)


def _private_session_env(home: Path) -> dict[str, str]:
    """An environment that cannot reach the developer's own keyring or display."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DBUS_SESSION_BUS_ADDRESS",
            "DISPLAY",
            "WAYLAND_DISPLAY",
            "GNOME_KEYRING_CONTROL",
            "PYTHON_KEYRING_BACKEND",
        }
    }
    for name in ("config", "data", "cache", "run"):
        (home / name).mkdir(mode=0o700)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_RUNTIME_DIR=str(home / "run"),
        PYTHONPATH=str(Path(__file__).resolve().parents[2]),
    )
    return env


def _run_in_private_session(env: dict[str, str]) -> str:
    command = ["dbus-run-session", "--", "sh", "-c", _UNDER_KEYRING]
    command += [sys.executable, _SECRET_SERVICE_SCRIPT]
    with subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as process:
        try:
            out, err = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            raise
    assert process.returncode == 0, err
    return out


@pytest.mark.secret_service
@pytest.mark.skipif(
    not (shutil.which("gnome-keyring-daemon") and shutil.which("dbus-run-session")),
    reason="needs gnome-keyring-daemon and dbus-run-session",
)
@pytest.mark.skipif(importlib.util.find_spec("secretstorage") is None, reason="needs SecretStorage")
def test_a_device_key_round_trips_through_a_real_secret_service() -> None:
    # A short directory: the keyring's control socket path must fit in a Unix socket name.
    with tempfile.TemporaryDirectory(prefix="pkc-") as home:
        result = json.loads(_run_in_private_session(_private_session_env(Path(home))))

    assert result == {
        "available": True,
        "backend_id": "keyring.backends.SecretService.Keyring",
        "saved_with": "keyring.backends.SecretService.Keyring",
        "found_same_key": True,
        "forgot": True,
        "after_forgetting": "MISSING",
        "locked": "LOCKED_OR_TIMED_OUT",
    }
