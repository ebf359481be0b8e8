"""Where the command line gets secrets: the borg/restic convention.

``PRACTICE_PASSPHRASE`` (or ``--passphrase-file``), else an interactive prompt;
``PRACTICE_RECOVERY_KEY`` likewise where the recovery key is used; ``PRACTICE_NEW_PASSPHRASE``
for a new passphrase. Secrets never come from arguments, which other users can see.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from practice.errors import PracticeError
from practice.store.credentials import Credential, Passphrase, RecoveryKey

PASSPHRASE_ENV = "PRACTICE_PASSPHRASE"
RECOVERY_ENV = "PRACTICE_RECOVERY_KEY"
NEW_PASSPHRASE_ENV = "PRACTICE_NEW_PASSPHRASE"
MIN_PASSPHRASE_LENGTH = 8


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def unlock_credential(passphrase_file: Path | None) -> Credential:
    """The credential that opens an existing store.

    Raises:
        PracticeError: None was given and there is no terminal to ask on.
    """
    if passphrase_file is not None:
        return Passphrase(_read_secret_file(passphrase_file))
    if PASSPHRASE_ENV in os.environ:
        return Passphrase(os.environ[PASSPHRASE_ENV])
    if RECOVERY_ENV in os.environ:
        return RecoveryKey(os.environ[RECOVERY_ENV])
    if _interactive():
        return Passphrase(getpass.getpass("Passphrase: "))
    raise PracticeError(
        f"No passphrase given: set {PASSPHRASE_ENV}, use --passphrase-file, or run this in a "
        "terminal to be asked."
    )


def new_passphrase(env_name: str, passphrase_file: Path | None = None) -> str:
    """A new passphrase, asked twice when it is typed.

    Raises:
        PracticeError: None was given, the two do not match, or it is too short.
    """
    if passphrase_file is not None:
        chosen = _read_secret_file(passphrase_file)
    elif env_name in os.environ:
        chosen = os.environ[env_name]
    elif _interactive():
        chosen = getpass.getpass("New passphrase: ")
        if getpass.getpass("Type it again: ") != chosen:
            raise PracticeError("The two passphrases do not match; nothing was changed.")
    else:
        raise PracticeError(f"No new passphrase given: set {env_name} or run this in a terminal.")
    if len(chosen) < MIN_PASSPHRASE_LENGTH:
        raise PracticeError(
            f"A passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters; a few unrelated "
            "words make a strong one."
        )
    return chosen


def _read_secret_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").rstrip("\r\n")
    except OSError:
        raise PracticeError("The passphrase file cannot be read.") from None
