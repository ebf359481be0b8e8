"""Measures travel with the whole-practice export and come back with the store's rules."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from practice.errors import ValidationError
from practice.services.measures import (
    list_measures,
    open_risk_flags,
    record_measure,
    relationship_scores,
    review_risk_flag,
)
from practice.services.practice_export import export_practice, import_practice, read_export
from practice.store.kdf import FAST_INSECURE_PARAMS
from practice.store.store import Store
from tests.measures.conftest import Polycule

NEW_PASSPHRASE = "copper meadow 77 quill"


def _fill(opened: Store, polycule: Polycule) -> None:
    sessions = opened.sessions
    flagged = record_measure(sessions, polycule.ada, "phq9", [1] * 9, on=date(2025, 1, 6))
    assert flagged.risk_flag_id is not None
    review_risk_flag(sessions, flagged.risk_flag_id, "Safety plan in place.")
    record_measure(sessions, polycule.ada, "phq9", [2] * 8 + [1], on=date(2025, 2, 3))
    record_measure(sessions, polycule.bo, "csi16", [4] + [3] * 15, on=date(2025, 2, 3),
                   partner_id=polycule.cy)
    record_measure(sessions, polycule.cy, "fsfi", [3] * 19, on=date(2025, 2, 3))


def test_measures_and_risk_reviews_survive_an_export_and_import(
    opened: Store, polycule: Polycule, tmp_path: Path
) -> None:
    _fill(opened, polycule)
    export_practice(opened, tmp_path / "p.json", passphrase=None)
    _rev, tables = read_export(tmp_path / "p.json", None)
    assert len(tables["measure_administrations"]["rows"]) == 4  # type: ignore[index]
    copy, _recovery, _summary = import_practice(
        tmp_path / "p.json", tmp_path / "copy", passphrase=None,
        store_passphrase=NEW_PASSPHRASE, kdf=FAST_INSECURE_PARAMS)
    with copy:
        assert list_measures(copy.sessions, polycule.ada) == list_measures(
            opened.sessions, polycule.ada)
        assert [f.items for f in open_risk_flags(copy.sessions)] == [(9,)]
        assert relationship_scores(copy.sessions, polycule.unit_id) == relationship_scores(
            opened.sessions, polycule.unit_id)
        with pytest.raises(IntegrityError, match="reviewed risk flag"), \
                copy.sessions.begin() as s:
            s.execute(text("UPDATE measure_risk_flags SET review_note = 'changed'"))
        triggers = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        with copy.engine.begin() as conn, opened.engine.begin() as original:
            assert conn.execute(text(triggers)).all() == original.execute(text(triggers)).all()
        copy.verify()


def test_an_export_edited_to_put_a_stranger_on_a_csi_is_refused(
    opened: Store, polycule: Polycule, tmp_path: Path
) -> None:
    _fill(opened, polycule)
    export_practice(opened, tmp_path / "p.json", passphrase=None)
    document = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    table = document["tables"]["measure_administrations"]
    partner = table["columns"].index("partner_id")
    for row in table["rows"]:
        if row[partner] is not None:
            row[partner] = polycule.dee
    (tmp_path / "edited.json").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ValidationError, match="do not fit together"):
        import_practice(tmp_path / "edited.json", tmp_path / "new", passphrase=None,
                        store_passphrase=NEW_PASSPHRASE, kdf=FAST_INSECURE_PARAMS)
    assert not (tmp_path / "new").exists()
