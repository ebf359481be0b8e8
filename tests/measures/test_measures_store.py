"""Measures in the store: recorded as scored, listed, trended, flagged for risk, per edge."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import NotFound, ValidationError
from practice.services.measures import (
    delete_measure,
    get_measure,
    list_measures,
    open_risk_flags,
    record_measure,
    relationship_scores,
    review_risk_flag,
    risk_flags,
    trend,
)
from practice.store.store import Store
from tests.measures.conftest import Polycule

DAY = date(2025, 3, 10)
PHQ9_MODERATE = [2, 2, 1, 1, 1, 1, 1, 1, 0]  # 10, moderate, item 9 "not at all"
PHQ9_WITH_RISK = [2, 2, 1, 1, 1, 1, 1, 1, 1]  # 11, item 9 "several days"


def _actions(sessions: sessionmaker[Session]) -> list[tuple[str, str]]:
    with sessions.begin() as s:
        return [(a, d) for a, d in s.execute(text(
            "SELECT action, detail FROM audit_log WHERE action LIKE 'measure.%' ORDER BY seq"))]


def test_a_phq9_is_stored_with_its_total_band_and_no_flag(
    sessions: sessionmaker[Session], polycule: Polycule
) -> None:
    stored = record_measure(sessions, polycule.ada, "phq9", PHQ9_MODERATE, on=DAY)
    assert (stored.total, stored.band, stored.total_text, stored.name) == (
        10, "moderate", "10", "PHQ-9")
    assert stored.risk_flag_id is None and not stored.risk_open
    assert list_measures(sessions, polycule.ada) == (stored,)
    assert get_measure(sessions, stored.id) == stored
    assert list_measures(sessions, polycule.bo) == ()


def test_a_phq9_with_item_9_above_zero_raises_a_flag_until_reviewed(
    sessions: sessionmaker[Session], polycule: Polycule
) -> None:
    stored = record_measure(sessions, polycule.ada, "phq9", PHQ9_WITH_RISK, on=DAY)
    assert stored.risk_open and "risk" in stored.flags
    (flag,) = open_risk_flags(sessions)
    assert (flag.client_id, flag.items, flag.name, flag.is_open) == (
        polycule.ada, (9,), "PHQ-9", True)
    assert open_risk_flags(sessions, polycule.bo) == ()
    with pytest.raises(ValidationError, match="Review note is required"):
        review_risk_flag(sessions, flag.id, "   ")
    reviewed = review_risk_flag(sessions, flag.id, "Safety plan reviewed; no intent.")
    assert not reviewed.is_open and reviewed.review_note == "Safety plan reviewed; no intent."
    assert open_risk_flags(sessions) == ()
    assert risk_flags(sessions, polycule.ada) == (reviewed,)
    assert not get_measure(sessions, stored.id).risk_open
    with pytest.raises(ValidationError, match="already been reviewed"):
        review_risk_flag(sessions, flag.id, "again")
    with pytest.raises(ValidationError, match="stays on the record"):
        delete_measure(sessions, stored.id)


def test_the_store_keeps_a_reviewed_flag_and_a_recorded_score_as_they_are(
    sessions: sessionmaker[Session], polycule: Polycule
) -> None:
    stored = record_measure(sessions, polycule.ada, "phq9", PHQ9_WITH_RISK, on=DAY)
    assert stored.risk_flag_id is not None
    review_risk_flag(sessions, stored.risk_flag_id, "Seen the same day.",
                     at=datetime.now(UTC))
    for statement, message in [
        ("UPDATE measure_administrations SET total = 3", "never changed"),
        ("UPDATE measure_risk_flags SET review_note = 'x'", "reviewed risk flag"),
        ("DELETE FROM measure_risk_flags", "reviewed risk flag"),
        ("DELETE FROM measure_administrations", "FOREIGN KEY"),
    ]:
        with pytest.raises(IntegrityError, match=message), sessions.begin() as s:
            s.execute(text(statement))
    assert list_measures(sessions, polycule.ada)[0].total == 11


def test_a_mistyped_measure_is_deleted_with_its_open_flag(
    sessions: sessionmaker[Session], polycule: Polycule
) -> None:
    stored = record_measure(sessions, polycule.ada, "phq9", PHQ9_WITH_RISK, on=DAY)
    delete_measure(sessions, stored.id)
    assert list_measures(sessions, polycule.ada) == () and open_risk_flags(sessions) == ()
    with pytest.raises(NotFound):
        get_measure(sessions, stored.id)
    actions = _actions(sessions)
    assert [a for a, _ in actions] == ["measure.record", "measure.delete"]
    assert all("11" not in detail for _, detail in actions)  # ids and keys, never scores


def test_wrong_answers_are_refused_naming_the_item_and_nothing_is_stored(
    sessions: sessionmaker[Session], polycule: Polycule
) -> None:
    with pytest.raises(ValidationError, match="Item 4 of the PHQ-9 must be between 0 and 3"):
        record_measure(sessions, polycule.ada, "phq9", [0, 0, 0, 4, 0, 0, 0, 0, 0], on=DAY)
    with pytest.raises(ValidationError, match="The GAD-7 has 7 items; 8 answers were given"):
        record_measure(sessions, polycule.ada, "gad7", [0] * 8, on=DAY)
    with pytest.raises(NotFound):
        record_measure(sessions, 999, "gad7", [0] * 7, on=DAY)
    assert list_measures(sessions, polycule.ada) == ()


def test_a_csi_is_about_a_partner_who_shares_care_with_the_client(
    sessions: sessionmaker[Session], polycule: Polycule
) -> None:
    with pytest.raises(ValidationError, match="share a care unit"):
        record_measure(sessions, polycule.ada, "csi4", [5, 4, 4, 4], on=DAY,
                       partner_id=polycule.dee)
    with pytest.raises(ValidationError, match="not about a partner"):
        record_measure(sessions, polycule.ada, "phq9", PHQ9_MODERATE, on=DAY,
                       partner_id=polycule.bo)
    with pytest.raises(ValidationError, match="themselves"):
        record_measure(sessions, polycule.ada, "csi4", [5, 4, 4, 4], on=DAY,
                       partner_id=polycule.ada)
    stored = record_measure(sessions, polycule.ada, "csi4", [5, 4, 4, 4], on=DAY,
                            partner_id=polycule.bo)
    assert (stored.partner_id, stored.total, stored.band) == (
        polycule.bo, 17, "above the distress cutoff")


def test_the_store_itself_refuses_a_partner_outside_the_clients_care(
    sessions: sessionmaker[Session], polycule: Polycule
) -> None:
    insert = text(
        "INSERT INTO measure_administrations (client_id, partner_id, instrument, "
        "administered_on, answers, total, band, recorded_at) VALUES (:c, :p, 'csi4', "
        "'2025-03-10', '[1,1,1,1]', 4, 'x', '2025-03-10 10:00:00')")
    with pytest.raises(IntegrityError, match="share a unit or a relationship"), \
            sessions.begin() as s:
        s.execute(insert, {"c": polycule.ada, "p": polycule.dee})
    with sessions.begin() as s:  # metamours share the unit, so Ada may rate Cy
        s.execute(insert, {"c": polycule.ada, "p": polycule.cy})


def test_a_trend_marks_reliable_change_from_the_previous_point_and_the_baseline(
    sessions: sessionmaker[Session], polycule: Polycule
) -> None:
    for day, total in [(date(2025, 1, 6), 18), (date(2025, 2, 3), 14), (date(2025, 3, 3), 9)]:
        answers = [3] * (total // 3) + [total % 3] + [0] * (9 - total // 3 - 1)
        record_measure(sessions, polycule.ada, "phq9", answers[:9], on=day)
    line = trend(sessions, polycule.ada, "phq9")
    assert [p.total for p in line.points] == [18, 14, 9]
    assert [p.versus_previous for p in line.points] == [
        None, "no reliable change", "no reliable change"]
    assert [p.versus_baseline for p in line.points] == [None, "no reliable change", "improved"]
    assert (line.cutoff, line.reliable_change, line.lowest, line.highest) == (10, 6, 0, 27)
    assert line.bands[0].label == "minimal"


def test_relationship_scores_are_the_latest_csi_on_each_directed_edge(
    sessions: sessionmaker[Session], polycule: Polycule
) -> None:
    record_measure(sessions, polycule.ada, "csi4", [1, 1, 1, 1], on=date(2025, 1, 6),
                   partner_id=polycule.bo)
    record_measure(sessions, polycule.ada, "csi4", [5, 4, 4, 4], on=date(2025, 3, 3),
                   partner_id=polycule.bo)
    record_measure(sessions, polycule.bo, "csi16", [3] + [2] * 15, on=date(2025, 2, 3),
                   partner_id=polycule.ada)
    record_measure(sessions, polycule.bo, "csi4", [6, 5, 5, 5], on=date(2025, 2, 3),
                   partner_id=polycule.cy)
    edges = {(e.rater_id, e.partner_id): e for e in relationship_scores(sessions,
                                                                       polycule.unit_id)}
    assert set(edges) == {(polycule.ada, polycule.bo), (polycule.bo, polycule.ada),
                          (polycule.bo, polycule.cy)}
    assert (edges[(polycule.ada, polycule.bo)].total,
            edges[(polycule.ada, polycule.bo)].below_cutoff) == (17, False)
    assert (edges[(polycule.bo, polycule.ada)].name, edges[(polycule.bo, polycule.ada)].total,
            edges[(polycule.bo, polycule.ada)].below_cutoff) == ("CSI-16", 33, True)
    assert edges[(polycule.bo, polycule.cy)].fraction == 1.0
    about_bo = trend(sessions, polycule.ada, "csi4", partner_id=polycule.bo)
    assert [p.total for p in about_bo.points] == [4, 17]
    assert about_bo.points[1].versus_baseline == "improved"
    assert trend(sessions, polycule.ada, "csi4").points == ()


def test_the_audit_chain_verifies_after_measures_are_recorded_reviewed_and_deleted(
    opened: Store, polycule: Polycule
) -> None:
    sessions = opened.sessions
    kept = record_measure(sessions, polycule.ada, "phq9", PHQ9_WITH_RISK, on=DAY)
    assert kept.risk_flag_id is not None
    review_risk_flag(sessions, kept.risk_flag_id, "Reviewed.")
    delete_measure(sessions, record_measure(sessions, polycule.ada, "fsfi", [3] * 19, on=DAY).id)
    opened.verify()
    assert [a for a, _ in _actions(sessions)] == [
        "measure.record", "measure.risk_review", "measure.record", "measure.delete"]
