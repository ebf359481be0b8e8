"""Scoring any declared instrument, and reading a change between two totals.

Everything here is arithmetic on plain values: no store, no Qt. Refusals are
``ValidationError``s whose message names the item ("Item 4 of the PHQ-9 must be between 0
and 3"), never an answer's meaning.
"""

from __future__ import annotations

from collections.abc import Sequence

from practice.errors import ValidationError
from practice.measures.model import Change, DomainScore, Instrument, Score
from practice.measures.registry import instrument as lookup


def check_answers(instrument: Instrument, answers: Sequence[int]) -> tuple[int, ...]:
    """Check that there is one answer per item, each within the form's range.

    Args:
        instrument: The instrument answered.
        answers: The answers in item order.

    Returns:
        The answers as a tuple.

    Raises:
        ValidationError: Too few or too many answers, an answer that is not a whole number,
            or one outside its item's range (the message names the item).
    """
    count = len(instrument.items)
    if len(answers) != count:
        raise ValidationError(
            f"The {instrument.name} has {count} items; {len(answers)} "
            f"{'answer was' if len(answers) == 1 else 'answers were'} given."
        )
    checked = []
    for item, answer in zip(instrument.items, answers, strict=True):
        if isinstance(answer, bool) or not isinstance(answer, int) or not (
            item.low <= answer <= item.high
        ):
            raise ValidationError(
                f"Item {item.number} of the {instrument.name} must be between "
                f"{item.low} and {item.high}."
            )
        checked.append(answer)
    return tuple(checked)


def parse_answers(instrument: Instrument, typed: str) -> tuple[int, ...]:
    """Read answers typed as a comma-separated list ("1,0,2,...") and check them.

    Raises:
        ValidationError: An answer that is not a whole number, or any refusal of
            ``check_answers``; the message names the item.
    """
    parts = [p.strip() for p in typed.split(",")] if typed.strip() else []
    answers = []
    for number, part in enumerate(parts, start=1):
        if not part.lstrip("-").isdigit() or not part.isascii():
            item = number if number <= len(instrument.items) else None
            where = f"Item {item} of the {instrument.name}" if item else f"Answer {number}"
            raise ValidationError(f"{where} must be a whole number.")
        answers.append(int(part))
    return check_answers(instrument, answers)


def score(instrument: Instrument | str, answers: Sequence[int]) -> Score:
    """Score one completed questionnaire exactly as the instrument is published.

    The total is the sum of the item points; where the instrument has domains (the FSFI),
    each domain's sum is multiplied by its weight and the total is the sum of the domain
    scores, given to the instrument's decimals.

    Args:
        instrument: The instrument answered, or its key ("phq9").
        answers: The answers in item order.

    Returns:
        The total, its band, domain scores, flags and whether it is under the cutoff.

    Raises:
        ValidationError: An unknown instrument key, or see ``check_answers``.
    """
    if isinstance(instrument, str):
        instrument = lookup(instrument)
    checked = check_answers(instrument, answers)
    points = {
        item.number: (item.low + item.high - answer if item.reverse else answer)
        for item, answer in zip(instrument.items, checked, strict=True)
    }
    domains = tuple(
        DomainScore(d.key, d.label, round(sum(points[n] for n in d.items) * d.weight,
                                          instrument.decimals))
        for d in instrument.domains
    )
    if domains:
        total = round(sum(d.score for d in domains), instrument.decimals)
    else:
        total = float(sum(points.values()))
    by_number = dict(zip((i.number for i in instrument.items), checked, strict=True))
    risky = tuple(n for n in instrument.risk_items if by_number[n] > instrument.item(n).low)
    flags = []
    if risky:
        flags.append("risk")
    if any(by_number[n] == 0 for n in instrument.no_attempt_items):
        flags.append("no_attempt")
    below = None if instrument.cutoff is None else total < instrument.cutoff
    return Score(instrument.key, checked, total, instrument.band_for(total), domains,
                 tuple(flags), below, risky)


def in_clinical_range(instrument: Instrument, total: float) -> bool | None:
    """Whether the total is on the clinical side of the cutoff (None: no published cutoff).

    For symptom scales (PHQ-9, GAD-7) that is at or above the cutoff; for scales where
    higher is healthier (FSFI, CSI) it is below it.
    """
    if instrument.cutoff is None:
        return None
    below = total < instrument.cutoff
    return below if instrument.higher_is_better else not below


def reliable_change(instrument: Instrument, before: float, after: float) -> Change:
    """Read the change between two totals against the instrument's Jacobson-Truax threshold.

    A change counts when it is at least the threshold; its direction is read in the
    client's favour (a falling PHQ-9 is an improvement, a rising CSI is one too).
    """
    # Rounded so that a one-decimal total's float error never decides a borderline change.
    difference = round(after - before, 6)
    if abs(difference) < instrument.reliable_change:
        return "no reliable change"
    better = difference > 0 if instrument.higher_is_better else difference < 0
    return "improved" if better else "deteriorated"
