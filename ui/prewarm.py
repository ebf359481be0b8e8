"""Loading what unlocking needs while the therapist types her passphrase.

The unlock screen paints before SQLAlchemy loads, and the unlocked window before it too
(opening the store needs only the driver), so the libraries behind the store (SQLCipher
to open it; SQLAlchemy, the ORM tables and the services behind Today's agenda to show
it) would all load after Enter, on top of Argon2id: about 0.4 s of
imports on a laptop of the class the benches run on. Started on the worker once the
unlock screen has drawn its first frame, they are loaded by the time a passphrase has
been typed. An Enter that comes sooner (a password manager's) stops the loading after the
module in hand, so the store opens and the window paints without waiting for the rest;
Today's first load imports what is left, as it would have without any of this.

Only core modules are loaded here: they create no Qt objects, so the worker thread is a
safe place for them.
"""

from __future__ import annotations

import importlib
import logging
from typing import Protocol

log = logging.getLogger(__name__)

#: What opening the store and Today's first load import (tests/ui/test_startup.py keeps
#: this in step with what an unlock actually loads).
UNLOCK_NEEDS = (
    "practice.store.store",
    "practice.store.engine",
    "practice.models",
    "practice.services.clients",
    "practice.services.schedule",
    "practice.services.releases",
    "practice.services.providers",
    "practice.services.settings",
    "practice.services.plans",
    "practice.services.billing",
    "practice.services.measures",
    "practice.services.units",
)


class Cancellable(Protocol):
    """What the loading asks of its job: whether the therapist has pressed Enter."""

    def cancelled(self) -> bool:
        """Tell whether to stop."""
        ...


def load_unlock_modules(job: Cancellable) -> None:
    """Import what unlocking and Today will need (run on the worker), until cancelled.

    A module that cannot be imported is left for the unlock itself to fail on, where the
    therapist is told; here it is only logged, by name (module names hold nothing
    clinical).
    """
    for name in UNLOCK_NEEDS:
        if job.cancelled():
            return
        try:
            importlib.import_module(name)
        except ImportError:
            log.warning("could not load %s ahead of the unlock", name, exc_info=True)
            return
