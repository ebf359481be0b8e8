"""The demo practice: fictional clients in their own store, opened without typing anything.

The demo store lives in a ``demo`` folder beside the real store's folder. Its passphrase
is fixed and published here, and its key derivation is the fast, insecure kind, because it
holds only invented people; nothing real may ever be entered into it. No Qt here: this
runs on the worker, which feeds the builder's progress to a progress dialog and passes on
the therapist's Cancel.
"""

from __future__ import annotations

import gc
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from practice.errors import PracticeError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.store.store import Store

Builder = Callable[["sessionmaker[Session]"], object]
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

#: The demo store's passphrase. Public on purpose: the demo holds only fictional data.
DEMO_PASSPHRASE = "demo practice, fictional clients only"
DEMO_FOLDER = "demo"
#: What opening says when the therapist stopped the demo practice being made.
NOT_MADE = ("The demo practice was not made: it was stopped before it was finished. "
            "Start Practice with --demo again to make it.")


def demo_store_dir() -> Path:
    """Return the demo store's folder: ``demo`` beside the default store folder."""
    from practice.paths import default_store_dir

    return default_store_dir().parent / DEMO_FOLDER


def open_demo(
    path: Path, build: Builder | None = None, *, progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Store:
    """Open the demo store, creating and filling it on first use.

    Args:
        path: The demo store's folder.
        build: Fills a new demo store through its sessions; ``practice.demo.build_demo``
            when None.
        progress: Told (done, total) as the standard builder makes the practice.
        cancelled: Polled by the standard builder between its steps, and once more when
            a builder returns: True stops it and removes what was made.

    Returns:
        The open demo store.

    Raises:
        PracticeError: The demo store cannot be opened (in use, damaged), or making it
            was cancelled.
    """
    from practice.store.credentials import Passphrase
    from practice.store.kdf import FAST_INSECURE_PARAMS
    from practice.store.layout import StoreLayout
    from practice.store.store import Store

    if StoreLayout(path).exists():
        return Store.open(path, Passphrase(DEMO_PASSPHRASE))
    builder = build if build is not None else _standard_builder(progress, cancelled)
    # The builder's modules (the ORM, the services) live as long as the app: out of the
    # collector's full passes, which otherwise held the window's thread for 40-60 ms.
    gc.freeze()
    store, _recovery = Store.create(path, DEMO_PASSPHRASE, kdf=FAST_INSECURE_PARAMS)
    try:
        builder(store.sessions)
        if cancelled is not None and cancelled():
            raise PracticeError(NOT_MADE)
    except BaseException:
        # A half-built demo would never be rebuilt; it is fictional, so start again next time.
        store.close()
        shutil.rmtree(path, ignore_errors=True)
        raise
    return store


def _standard_builder(progress: Progress | None, cancelled: Cancelled | None) -> Builder:
    from practice.demo import build_demo

    def build(sessions: sessionmaker[Session]) -> object:
        return build_demo(sessions, progress=progress, cancelled=cancelled)

    return build
