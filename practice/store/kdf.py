"""Argon2id key stretching for the passphrase slot, calibrated once per store."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

from argon2.exceptions import HashingError
from argon2.low_level import Type, hash_secret_raw

from practice.errors import StoreError

TARGET_SECONDS = 0.5
_MEMORY_KIB = 64 * 1024
_PARALLELISM = 2
_MAX_TIME_COST = 64
# What a key file may ask for. Practice writes at most 64 passes over 64 MiB with 2 lanes;
# these bounds leave room for stronger settings while refusing ones no computer can run
# (a key file's numbers are checked before Argon2 sees them).
ACCEPTED_TIME_COST = range(1, 1025)
ACCEPTED_MEMORY_KIB = range(8, 1024 * 1024 + 1)  # up to 1 GiB
ACCEPTED_PARALLELISM = range(1, 65)

CANNOT_STRETCH = (
    "Practice could not turn the passphrase into a key with the settings in the store's key "
    "file; this computer may be short of memory. Nothing has been changed: close other "
    "programs and try again."
)


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters, stored in the key file so unlocking repeats them exactly."""

    time_cost: int
    memory_cost: int  # KiB
    parallelism: int

    def to_json(self) -> dict[str, int]:
        """Return the parameters as plain JSON values."""
        return asdict(self)

    @classmethod
    def from_json(cls, raw: object) -> KdfParams:
        """Read parameters written by ``to_json``, refusing any Argon2 cannot or should not run.

        Raises:
            ValueError: A parameter is missing, not a whole number, or out of range.
        """
        if not isinstance(raw, dict):
            raise ValueError("Argon2 parameters are not a mapping")
        time_cost = _whole(raw, "time_cost", ACCEPTED_TIME_COST)
        parallelism = _whole(raw, "parallelism", ACCEPTED_PARALLELISM)
        memory_cost = _whole(raw, "memory_cost", ACCEPTED_MEMORY_KIB)
        if memory_cost < 8 * parallelism:  # Argon2's own rule
            raise ValueError("Argon2 memory cost below 8 KiB per lane")
        return cls(time_cost, memory_cost, parallelism)


def _whole(raw: dict[str, object], name: str, accepted: range) -> int:
    value = raw.get(name)
    # bool is an int in Python, and JSON's true is not a number of passes.
    if type(value) is not int or value not in accepted:
        raise ValueError(f"Argon2 {name} missing or out of range")
    return value


# Only for tests and throwaway demo stores: a real store always calibrates.
FAST_INSECURE_PARAMS = KdfParams(time_cost=1, memory_cost=8, parallelism=1)


def stretch(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """Derive a 256-bit key-encryption key from the passphrase.

    Args:
        passphrase: What the therapist typed.
        salt: 16 random bytes kept in the slot.
        params: The slot's cost parameters.

    Returns:
        32 bytes.

    Raises:
        StoreError: Argon2 could not run with these parameters (memory, most likely).
    """
    try:
        return hash_secret_raw(
            passphrase.encode("utf-8"), salt, time_cost=params.time_cost,
            memory_cost=params.memory_cost, parallelism=params.parallelism, hash_len=32,
            type=Type.ID,
        )
    except HashingError as error:
        raise StoreError(CANNOT_STRETCH) from error


def calibrate(target_seconds: float = TARGET_SECONDS) -> KdfParams:
    """Choose a time cost that takes about ``target_seconds`` on this machine.

    Memory stays at 64 MiB (RFC 9106's second recommended option); only passes scale.

    Args:
        target_seconds: Wanted duration of one unlock.

    Returns:
        Parameters to store with the passphrase slot.
    """
    probe = KdfParams(time_cost=2, memory_cost=_MEMORY_KIB, parallelism=_PARALLELISM)
    started = time.perf_counter()
    stretch("calibration", bytes(16), probe)
    per_pass = (time.perf_counter() - started) / probe.time_cost
    time_cost = max(2, min(_MAX_TIME_COST, round(target_seconds / max(per_pass, 1e-6))))
    return KdfParams(time_cost=time_cost, memory_cost=_MEMORY_KIB, parallelism=_PARALLELISM)
