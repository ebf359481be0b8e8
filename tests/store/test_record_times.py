"""A note whose row is older than the audit trail that recorded its last change was rolled back."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from pathlib import Path

import pytest

from practice.errors import StoreDamaged
from practice.services import notes
from practice.store.credentials import Passphrase
from practice.store.record_times import NOTE_ROLLED_BACK, rolled_back
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories as f


def _rewind(store: Store, table: str, row_id: int, to: str) -> None:
    # What putting back an older copy of the row's page does, without the page arithmetic.
    with store.engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE {table} SET updated_at = ? WHERE id = ?", (to, row_id))


def test_a_draft_note_put_back_to_an_earlier_save_fails_verify(store_path: Path) -> None:
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        unit = f.unit(store.sessions, "individual", f.client(store.sessions, "Ann Example"))
        draft = f.draft(store.sessions, unit, text="First words.")
        notes.save_draft(store.sessions, draft.id, {"body": "Later words."})
        assert rolled_back(store.engine.raw_connection().driver_connection) == []
        store.verify()
        _rewind(store, "progress_notes", draft.id, "2001-01-01 00:00:00.000000")
        with pytest.raises(StoreDamaged) as refused:
            store.verify()
    assert refused.value.message == NOTE_ROLLED_BACK


def test_a_psychotherapy_note_put_back_fails_verify_too(store_path: Path) -> None:
    from practice.services.psychotherapy.process_notes import create_psychotherapy_note

    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        unit = f.unit(store.sessions, "individual", f.client(store.sessions, "Ann Example"))
        private = create_psychotherapy_note(store.sessions, unit, f.SESSION_DAY, "Mine.")
        _rewind(store, "psychotherapy_notes", private.id, "2001-01-01 00:00:00.000000")
        assert rolled_back(store.engine.raw_connection().driver_connection) == [
            ("psychotherapy_notes", private.id)]


def test_notes_written_in_the_ordinary_way_pass(store_path: Path) -> None:
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        unit = f.unit(store.sessions, "individual", f.client(store.sessions, "Ann Example"))
        note = f.signed(store.sessions, unit, text="Signed the ordinary way.")
        notes.start_addendum(store.sessions, note.id)
        store.verify()


def test_a_clock_set_back_between_two_edits_is_not_mistaken_for_a_rollback(
        store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A laptop whose clock ran an hour fast, then was corrected, before the next edit."""
    import practice.services.common.shared as common_module
    import practice.store.audit as audit_module

    class HourFast(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> HourFast:  # type: ignore[override]
            return super().now(tz) + timedelta(hours=1)

    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        unit = f.unit(store.sessions, "individual", f.client(store.sessions, "Ann Example"))
        draft = f.draft(store.sessions, unit, text="First words.")
        with monkeypatch.context() as fast:
            fast.setattr(audit_module, "datetime", HourFast)
            fast.setattr(common_module, "datetime", HourFast)
            notes.save_draft(store.sessions, draft.id, {"body": "Typed while an hour fast."})
    # The clock is put right; she unlocks again (which the trail records) and carries on.
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        notes.save_draft(store.sessions, draft.id, {"body": "Typed after the clock was set."})
        assert rolled_back(store.engine.raw_connection().driver_connection) == []
        store.verify()
