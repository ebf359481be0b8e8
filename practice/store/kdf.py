"""Argon2id key stretching for the passphrase slot, calibrated once per store."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

from argon2.low_level import Type, hash_secret_raw

TARGET_SECONDS = 0.5
_MEMORY_KIB = 64 * 1024
_PARALLELISM = 2
_MAX_TIME_COST = 64


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
    def from_json(cls, raw: dict[str, int]) -> KdfParams:
        """Read parameters written by ``to_json``."""
        return cls(int(raw["time_cost"]), int(raw["memory_cost"]), int(raw["parallelism"]))


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
    """
    return hash_secret_raw(
        passphrase.encode("utf-8"), salt, time_cost=params.time_cost,
        memory_cost=params.memory_cost, parallelism=params.parallelism, hash_len=32,
        type=Type.ID,
    )


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
