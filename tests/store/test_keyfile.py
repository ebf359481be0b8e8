"""The key file wraps the data key in slots and never holds a secret in clear."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from practice.errors import StoreDamaged, WrongPassphrase
from practice.store.kdf import FAST_INSECURE_PARAMS
from practice.store.keyfile import KeyFile, new_data_key
from practice.store.recovery import format_recovery_key, new_recovery_key, parse_recovery_key


def _keyfile(passphrase: str = "a long passphrase") -> tuple[KeyFile, bytes, bytes]:
    data_key, recovery = new_data_key(), new_recovery_key()
    keyfile = (KeyFile("0" * 32).with_passphrase(data_key, passphrase, FAST_INSECURE_PARAMS)
               .with_recovery(data_key, recovery))
    return keyfile, data_key, recovery


def test_the_passphrase_and_the_recovery_key_each_unwrap_the_same_data_key() -> None:
    keyfile, data_key, recovery = _keyfile()
    assert keyfile.open_with_passphrase("a long passphrase") == data_key
    assert keyfile.open_with_recovery_key(recovery) == data_key


def test_a_wrong_passphrase_is_refused_in_plain_words() -> None:
    keyfile, _, _ = _keyfile()
    with pytest.raises(WrongPassphrase, match="does not open this store"):
        keyfile.open_with_passphrase("a long passphrasE")


def test_the_key_file_holds_neither_the_data_key_nor_the_passphrase() -> None:
    keyfile, data_key, recovery = _keyfile("unmistakable-passphrase-canary")
    raw = keyfile.to_bytes()
    for secret in (data_key, data_key.hex().encode(), recovery,
                   b"unmistakable-passphrase-canary", format_recovery_key(recovery).encode()):
        assert secret not in raw
    assert KeyFile.from_bytes(raw).open_with_recovery_key(recovery) == data_key


def test_a_slot_copied_into_another_stores_key_file_does_not_open_it() -> None:
    keyfile, _, _ = _keyfile()
    other = KeyFile("f" * 32, slots=keyfile.slots)
    with pytest.raises(WrongPassphrase):
        other.open_with_passphrase("a long passphrase")


def test_a_recovery_slot_cannot_stand_in_for_the_passphrase_slot() -> None:
    keyfile, _, recovery = _keyfile()
    swapped = KeyFile(keyfile.store_id, slots={"passphrase": keyfile.slots["recovery"],
                                               "recovery": keyfile.slots["passphrase"]})
    with pytest.raises(WrongPassphrase):
        swapped.open_with_recovery_key(recovery)


@pytest.mark.parametrize("garbage", [b"", b"{}", b"not json", b'{"format": "other"}', b"\xff\xfe"])
def test_a_damaged_key_file_is_reported_as_damage(garbage: bytes) -> None:
    with pytest.raises(StoreDamaged, match="key file is damaged"):
        KeyFile.from_bytes(garbage)


def test_the_recovery_key_prints_as_eight_groups_and_has_160_bits() -> None:
    code = format_recovery_key(new_recovery_key())
    groups = code.split("-")
    assert len(groups) == 8
    assert all(len(g) == 4 for g in groups)


@settings(max_examples=200)
@given(st.binary(min_size=20, max_size=20))
def test_a_recovery_key_typed_back_sloppily_still_parses(raw: bytes) -> None:
    code = format_recovery_key(raw)
    sloppy = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert parse_recovery_key(sloppy) == raw
    assert parse_recovery_key(code) == raw


@given(st.text(max_size=60))
def test_any_text_that_is_not_a_recovery_key_is_refused_cleanly(text: str) -> None:
    try:
        raw = parse_recovery_key(text)
    except WrongPassphrase as error:
        assert "recovery key" in error.message
    else:
        assert len(raw) == 20
