"""The goals a progress note's session addressed: offered, ticked, and fixed once signed.

A note may tick the goals of its unit's plans and of its attendees' own plans that were in
force on the session date. The ticks are part of the draft; once the note is signed they
are fixed with it (the services refuse, and the store's triggers refuse raw SQL too).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import SignedNoteImmutable, ValidationError
from practice.models.notes import NoteAttendee, ProgressNote
from practice.models.plans import NoteGoal, PlanGoal, TreatmentPlan
from practice.services.audit import record
from practice.services.common import load, utcnow
from practice.services.plans.model import GoalChoice

SIGNED_TICKS = ("This note is signed, so the goals it addressed can no longer be changed. "
                "Add an addendum to correct it.")


def _choices(session: Session, note: ProgressNote) -> tuple[GoalChoice, ...]:
    ticked = set(session.scalars(select(NoteGoal.goal_id).where(NoteGoal.note_id == note.id)))
    attendees = select(NoteAttendee.client_id).where(NoteAttendee.note_id == note.id)
    day = note.session_date
    in_force = or_(PlanGoal.id.in_(ticked), (
        (or_(TreatmentPlan.unit_id == note.unit_id, TreatmentPlan.client_id.in_(attendees)))
        & or_(TreatmentPlan.ended_on.is_(None), TreatmentPlan.ended_on >= day)
        & or_(PlanGoal.ended_on.is_(None), PlanGoal.ended_on >= day)))
    if note.status == "signed":
        in_force = PlanGoal.id.in_(ticked)
    rows = session.execute(
        select(PlanGoal.id, PlanGoal.text, TreatmentPlan.id.label("plan_id"),
               TreatmentPlan.title, TreatmentPlan.client_id)
        .join(TreatmentPlan, TreatmentPlan.id == PlanGoal.plan_id)
        .where(in_force)
        # The unit's plans first, then each attendee's own; goals in the plan's order.
        .order_by(TreatmentPlan.client_id.is_not(None), TreatmentPlan.client_id,
                  TreatmentPlan.started_on, TreatmentPlan.id, PlanGoal.position, PlanGoal.id))
    return tuple(GoalChoice(r.id, r.text, r.plan_id, r.title, r.client_id, r.id in ticked)
                 for r in rows)


def goals_for_note(sessions: sessionmaker[Session], note_id: int) -> tuple[GoalChoice, ...]:
    """The goals a note may tick (a signed note: the goals it ticked), each marked if ticked.

    Raises:
        NotFound: No such note.
    """
    with sessions.begin() as s:
        return _choices(s, load(s, ProgressNote, note_id, "note"))


def set_note_goals(sessions: sessionmaker[Session], note_id: int, goal_ids: Iterable[int],
                   ) -> tuple[GoalChoice, ...]:
    """Record which goals a draft note's session addressed (replacing the earlier ticks).

    Args:
        sessions: The store's sessionmaker.
        note_id: The draft.
        goal_ids: Every goal the session addressed (none is allowed).

    Returns:
        The goals on offer, as ``goals_for_note`` gives them.

    Raises:
        SignedNoteImmutable: The note is signed.
        ValidationError: A goal not on a plan of the note's unit or attendees, or one that
            had ended before the session.
        NotFound: No such note.
    """
    chosen = set(goal_ids)
    with sessions.begin() as s:
        note = load(s, ProgressNote, note_id, "note")
        if note.status == "signed":
            raise SignedNoteImmutable(SIGNED_TICKS)
        offered = _choices(s, note)
        if not chosen <= {c.goal_id for c in offered}:
            raise ValidationError("A goal ticked is not on a plan in force for this session's "
                                  "unit or attendees.")
        before = {c.goal_id for c in offered if c.ticked}
        if chosen == before:
            return offered
        s.execute(delete(NoteGoal).where(NoteGoal.note_id == note_id,
                                         NoteGoal.goal_id.in_(before - chosen)))
        s.add_all(NoteGoal(note_id=note_id, goal_id=g) for g in sorted(chosen - before))
        note.updated_at = utcnow()
        s.flush()
        record(s, "note.goals", entity="note", entity_id=note_id, count=len(chosen))
        return _choices(s, note)
