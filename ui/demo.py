"""The demo practice: fictional clients in their own store, opened without typing anything.

The demo store lives in a ``demo`` folder beside the real store's folder. Its passphrase
is fixed and published here, and its key derivation is the fast, insecure kind, because it
holds only invented people; nothing real may ever be entered into it. No Qt here: this
runs on the worker.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.store.store import Store

Builder = Callable[["sessionmaker[Session]"], object]

#: The demo store's passphrase. Public on purpose: the demo holds only fictional data.
DEMO_PASSPHRASE = "demo practice, fictional clients only"
DEMO_FOLDER = "demo"


def demo_store_dir() -> Path:
    """Return the demo store's folder: ``demo`` beside the default store folder."""
    from practice.paths import default_store_dir

    return default_store_dir().parent / DEMO_FOLDER


def open_demo(path: Path, build: Builder | None = None) -> Store:
    """Open the demo store, creating and filling it on first use.

    Args:
        path: The demo store's folder.
        build: Fills a new demo store through its sessions; ``practice.demo.build_demo``
            when None.

    Returns:
        The open demo store.

    Raises:
        PracticeError: The demo store cannot be opened (in use, damaged).
    """
    from practice.store.credentials import Passphrase
    from practice.store.kdf import FAST_INSECURE_PARAMS
    from practice.store.layout import StoreLayout
    from practice.store.store import Store

    if StoreLayout(path).exists():
        return Store.open(path, Passphrase(DEMO_PASSPHRASE))
    builder = build if build is not None else _standard_builder()
    store, _recovery = Store.create(path, DEMO_PASSPHRASE, kdf=FAST_INSECURE_PARAMS)
    try:
        builder(store.sessions)
    except BaseException:
        # A half-built demo would never be rebuilt; it is fictional, so start again next time.
        store.close()
        shutil.rmtree(path, ignore_errors=True)
        raise
    return store


def _standard_builder() -> Builder:
    from practice.demo import build_demo

    return build_demo
