"""Totals over time with reliable-change marks, and the CSI on each edge of a unit's graph."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice.measures import INSTRUMENTS, reliable_change
from practice.measures import instrument as find_instrument
from practice.models.clients import Client
from practice.models.measures import MeasureAdministration
from practice.services.common import load
from practice.services.measures.model import EdgeScore, Trend, TrendPoint
from practice.services.units import unit_view


def trend(sessions: sessionmaker[Session], client_id: int, instrument: str,
          *, partner_id: int | None = None) -> Trend:
    """A client's totals on one instrument, oldest first, each marked for reliable change.

    Each point's change is read against the instrument's Jacobson-Truax threshold both
    from the point before it and from the first (baseline) administration.

    Args:
        sessions: The store's sessionmaker.
        client_id: Whose totals.
        instrument: The instrument's key.
        partner_id: For a per-relationship measure, the partner the line is about (None:
            the answers about no partner on record); ignored for other instruments.

    Raises:
        NotFound: No such client.
        ValidationError: An unknown instrument key.
    """
    form = find_instrument(instrument)
    about = partner_id if form.per_relationship else None
    stmt = (
        select(MeasureAdministration)
        .where(MeasureAdministration.client_id == client_id,
               MeasureAdministration.instrument == form.key,
               MeasureAdministration.partner_id.is_(None) if about is None
               else MeasureAdministration.partner_id == about)
        .order_by(MeasureAdministration.administered_on, MeasureAdministration.id)
    )
    with sessions.begin() as s:
        load(s, Client, client_id, "client")
        rows = [(r.id, r.administered_on, r.total, r.band) for r in s.scalars(stmt)]
    points = []
    for index, (row_id, day, total, band) in enumerate(rows):
        previous = rows[index - 1][2] if index else None
        baseline = rows[0][2] if index else None
        points.append(TrendPoint(
            administration_id=row_id, administered_on=day, total=total, band=band,
            change_from_previous=None if previous is None else round(total - previous, 6),
            versus_previous=None if previous is None else reliable_change(form, previous, total),
            change_from_baseline=None if baseline is None else round(total - baseline, 6),
            versus_baseline=None if baseline is None else reliable_change(form, baseline, total),
        ))
    return Trend(
        client_id=client_id, instrument=form.key, name=form.name, partner_id=about,
        points=tuple(points), bands=form.bands, cutoff=form.cutoff,
        reliable_change=form.reliable_change, higher_is_better=form.higher_is_better,
        lowest=form.lowest_total, highest=form.highest_total,
    )


_PER_RELATIONSHIP = tuple(k for k, f in INSTRUMENTS.items() if f.per_relationship)


def _edge_rows(session: Session, member_ids: list[int]) -> list[MeasureAdministration]:
    stmt = (
        select(MeasureAdministration)
        .where(MeasureAdministration.instrument.in_(_PER_RELATIONSHIP),
               MeasureAdministration.client_id.in_(member_ids),
               MeasureAdministration.partner_id.in_(member_ids))
        .order_by(MeasureAdministration.administered_on, MeasureAdministration.id)
    )
    return list(session.scalars(stmt))


def relationship_scores(sessions: sessionmaker[Session], unit_id: int) -> tuple[EdgeScore, ...]:
    """The latest relationship-satisfaction score (CSI-16 or CSI-4) on each directed edge.

    In a polycule each member rates each partner, so A about B and B about A are two edges.
    Members past and present count: a score stays on the edge it was given on.

    Args:
        sessions: The store's sessionmaker.
        unit_id: The unit whose members' ratings of one another are wanted.

    Returns:
        One score per (rater, partner) pair that has any, ordered by rater then partner.

    Raises:
        NotFound: No such unit.
    """
    with sessions.begin() as s:
        member_ids = sorted({m.client_id for m in unit_view(s, unit_id).members})
        latest: dict[tuple[int, int], MeasureAdministration] = {}
        for row in _edge_rows(s, member_ids):
            assert row.partner_id is not None  # the query asks for partners among members
            latest[(row.client_id, row.partner_id)] = row
        edges = []
        for (rater, partner), row in sorted(latest.items()):
            form = INSTRUMENTS[row.instrument]
            span = form.highest_total - form.lowest_total
            edges.append(EdgeScore(
                rater_id=rater, partner_id=partner, administration_id=row.id,
                instrument=row.instrument, name=form.name, administered_on=row.administered_on,
                total=row.total, band=row.band,
                below_cutoff=None if form.cutoff is None else row.total < form.cutoff,
                fraction=(row.total - form.lowest_total) / span,
            ))
    return tuple(edges)
