"""Recording a completed questionnaire, listing a client's, and deleting a mistyped one."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from sqlalchemy import delete, exists, or_, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from practice.errors import NotFound, ValidationError
from practice.measures import instrument as find_instrument
from practice.measures import score
from practice.models.clients import Client
from practice.models.measures import MeasureAdministration, MeasureRiskFlag
from practice.models.units import Relationship, UnitMember
from practice.services.audit import record
from practice.services.common import load, utcnow
from practice.services.measures.model import MeasureResult


def result_of(row: MeasureAdministration, flag: MeasureRiskFlag | None) -> MeasureResult:
    """The frozen view of a stored administration (and the flag it raised, if any)."""
    form = find_instrument(row.instrument)
    answers = tuple(int(a) for a in json.loads(row.answers))
    scored = score(form, answers)
    return MeasureResult(
        id=row.id, client_id=row.client_id, instrument=row.instrument, name=form.name,
        administered_on=row.administered_on, answers=answers, total=row.total, band=row.band,
        partner_id=row.partner_id, domains=scored.domains, flags=scored.flags,
        below_cutoff=scored.below_cutoff, risk_flag_id=None if flag is None else flag.id,
        risk_open=flag is not None and flag.reviewed_at is None,
        total_text=form.format_total(row.total),
    )


def share_care(session: Session, client_id: int, partner_id: int) -> bool:
    """Whether two clients were ever in one unit, or have a relationship on record."""
    mine, theirs = aliased(UnitMember), aliased(UnitMember)
    in_a_unit = exists().where(mine.client_id == client_id, theirs.unit_id == mine.unit_id,
                               theirs.client_id == partner_id)
    low, high = sorted((client_id, partner_id))
    related = exists().where(Relationship.person_a_id == low, Relationship.person_b_id == high)
    return bool(session.scalar(select(or_(in_a_unit, related))))


def _check_partner(session: Session, per_relationship: bool, name: str, client_id: int,
                   partner_id: int | None) -> None:
    if partner_id is None:
        return
    if not per_relationship:
        raise ValidationError(f"The {name} is not about a partner; leave the partner out.")
    if partner_id == client_id:
        raise ValidationError("A client cannot rate a relationship with themselves.")
    load(session, Client, partner_id, "partner")
    if not share_care(session, client_id, partner_id):
        raise ValidationError(
            "The partner must share a care unit or a recorded relationship with the client."
        )


def record_measure(
    sessions: sessionmaker[Session], client_id: int, instrument: str, answers: Sequence[int],
    *, on: date, partner_id: int | None = None,
) -> MeasureResult:
    """Score a completed questionnaire and store it; a risk item above zero raises a flag.

    Args:
        sessions: The store's sessionmaker.
        client_id: Who answered.
        instrument: The instrument's key ("phq9", "gad7", "iief5", "fsfi", "csi16", "csi4").
        answers: The answers in item order, as the form's points.
        on: The day the client answered.
        partner_id: For a per-relationship measure (CSI), the partner the answers are about;
            they must share a care unit or a recorded relationship with the client.

    Returns:
        The stored administration with its score.

    Raises:
        ValidationError: An unknown instrument, a wrong number of answers or one out of
            range (naming the item), or a partner who cannot be named here.
        NotFound: No such client or partner.
    """
    form = find_instrument(instrument)
    scored = score(form, answers)
    with sessions.begin() as s:
        load(s, Client, client_id, "client")
        _check_partner(s, form.per_relationship, form.name, client_id, partner_id)
        now = utcnow()
        row = MeasureAdministration(
            client_id=client_id, partner_id=partner_id, instrument=form.key,
            administered_on=on, answers=json.dumps(list(scored.answers)), total=scored.total,
            band=scored.band, recorded_at=now,
        )
        s.add(row)
        s.flush()
        flag = None
        if scored.risk_items:
            flag = MeasureRiskFlag(administration_id=row.id, raised_at=now,
                                   items=",".join(str(n) for n in scored.risk_items))
            s.add(flag)
            s.flush()
        record(s, "measure.record", entity="measure", entity_id=row.id,
               instrument=form.key, risk_flag=flag is not None)
        return result_of(row, flag)


def _rows(session: Session, condition: object) -> list[MeasureResult]:
    stmt = (
        select(MeasureAdministration, MeasureRiskFlag)
        .outerjoin(MeasureRiskFlag, MeasureRiskFlag.administration_id == MeasureAdministration.id)
        .where(condition)  # type: ignore[arg-type]
        .order_by(MeasureAdministration.administered_on, MeasureAdministration.id)
    )
    return [result_of(row, flag) for row, flag in session.execute(stmt)]


def list_measures(sessions: sessionmaker[Session], client_id: int,
                  instrument: str | None = None) -> tuple[MeasureResult, ...]:
    """Every administration a client answered (about any partner too), oldest first.

    Args:
        sessions: The store's sessionmaker.
        client_id: Whose administrations.
        instrument: Only this instrument's key, when given.

    Raises:
        NotFound: No such client.
        ValidationError: An unknown instrument key.
    """
    condition = MeasureAdministration.client_id == client_id
    if instrument is not None:
        condition = condition & (
            MeasureAdministration.instrument == find_instrument(instrument).key)
    with sessions.begin() as s:
        load(s, Client, client_id, "client")
        return tuple(_rows(s, condition))


def get_measure(sessions: sessionmaker[Session], administration_id: int) -> MeasureResult:
    """One administration by id.

    Raises:
        NotFound: No such administration.
    """
    with sessions.begin() as s:
        found = _rows(s, MeasureAdministration.id == administration_id)
    if not found:
        raise NotFound(f"No measure with id {administration_id} exists.")
    return found[0]


def delete_measure(sessions: sessionmaker[Session], administration_id: int) -> None:
    """Delete a mistyped administration (with its risk flag, if not yet reviewed).

    Raises:
        NotFound: No such administration.
        ValidationError: Its risk flag was reviewed; the review stays on the record.
    """
    with sessions.begin() as s:
        row = load(s, MeasureAdministration, administration_id, "measure")
        flag = s.scalar(select(MeasureRiskFlag).where(
            MeasureRiskFlag.administration_id == administration_id))
        if flag is not None and flag.reviewed_at is not None:
            raise ValidationError(
                "This measure's risk flag has been reviewed, so the measure stays on the "
                "record.")
        if flag is not None:
            s.execute(delete(MeasureRiskFlag).where(MeasureRiskFlag.id == flag.id))
        s.delete(row)
        record(s, "measure.delete", entity="measure", entity_id=administration_id)
