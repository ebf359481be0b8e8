"""The batch's plan and result in the therapist's words: who gets a letter, who not, and why."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.screens.letters.compose import missing_in_words

if TYPE_CHECKING:
    from practice.services.letters.batch import BatchPlan, BatchResult, BatchTarget, Refusal

NOT_REACHED = "not issued: the batch was stopped before this letter."


def _who(target: BatchTarget) -> str:
    roles = f" ({', '.join(target.roles)})" if target.roles else ""
    return f"{target.recipient}{roles}"


def _why(refusal: Refusal) -> str:
    if refusal.missing_fields:
        return missing_in_words(refusal.missing_fields)
    return refusal.reason


def plan_lines(plan: BatchPlan) -> list[str]:
    """One line per provider: ready, or no letter and why.

    Args:
        plan: From ``plan_batch``.

    Returns:
        The ready providers first, then the refused ones.
    """
    return ([f"Ready — {_who(t)}" for t in plan.ready]
            + [f"No letter — {_who(r.target)}: {_why(r)}" for r in plan.refused])


def result_lines(result: BatchResult) -> list[str]:
    """One line per provider: issued (and where saved), refused and why, or not reached."""
    lines = []
    for issued in result.issued:
        saved = f", saved as {issued.saved_to.name}" if issued.saved_to is not None else ""
        lines.append(f"Issued — {_who(issued.target)}: letter {issued.letter.id}{saved}")
    lines += [f"Refused — {_who(r.target)}: {_why(r)}" for r in result.refused]
    lines += [f"Not issued — {_who(t)}: {NOT_REACHED}" for t in result.not_reached]
    return lines


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def result_summary(result: BatchResult) -> str:
    """One sentence saying what the batch did, and why it stopped if it stopped early."""
    said = (f"{_count(len(result.issued), 'letter')} issued and logged as disclosures; "
            f"{_count(len(result.refused), 'refusal')}.")
    if result.problem is not None:
        return f"{said} {result.problem}"
    if result.cancelled:
        return (f"{said} Stopped as you asked: {_count(len(result.not_reached), 'letter')} "
                "not issued. The letters issued stay issued.")
    return said
