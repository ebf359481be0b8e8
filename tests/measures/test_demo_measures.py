"""The demo practice shows measures: trends, an open risk flag and CSI on the polycule's edges."""

from __future__ import annotations

import time
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from practice.demo import build_demo
from practice.services import units
from practice.services.measures import list_measures, open_risk_flags, relationship_scores, trend

TODAY = date(2025, 6, 2)


def test_the_demo_has_trends_a_risk_flag_to_review_and_csi_on_every_partner_edge(
    sessions: sessionmaker[Session],
) -> None:
    started = time.perf_counter()
    build_demo(sessions, today=TODAY)
    assert time.perf_counter() - started < 30  # the whole demo, measures included, stays quick
    (flag,) = open_risk_flags(sessions)
    assert flag.name == "PHQ-9" and flag.items == (9,)
    assert [p.versus_baseline for p in trend(sessions, flag.client_id, "phq9").points][-1] == (
        "improved")
    poly = next(u for u in units.list_units(sessions) if u.kind == "polycule")
    edges = relationship_scores(sessions, poly.id)
    assert len(edges) == 6 and all(e.name == "CSI-4" for e in edges)
    assert sum(e.below_cutoff is True for e in edges) == 1
    couple = next(u for u in units.list_units(sessions) if u.kind == "couple")
    assert {e.name for e in relationship_scores(sessions, couple.id)} == {"CSI-16"}
    assert {m.instrument for m in list_measures(sessions, flag.client_id)} == {"phq9"}
