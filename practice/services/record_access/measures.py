"""The client's own measures in their copy of the record: gathered, and as FHIR Observations.

Only what the client answered is theirs: a partner's ratings of them are the partner's
record and never appear. A rating the client gave about a partner names the partner as the
client knows them. A risk item's flag shows whether the therapist has reviewed it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from practice.measures import INSTRUMENTS, reliable_change
from practice.services.measures import list_measures, risk_flags

JSON = dict[str, Any]
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
# LOINC codes of the totals that have one; the others are named in words.
_TOTAL_CODES = {
    "phq9": ("44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"),
    "gad7": ("70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"),
}


@dataclass(frozen=True)
class MeasureRecord:
    """One questionnaire the client answered, as their copy shows it.

    Attributes:
        administration_id: The administration's id.
        instrument: The instrument's key.
        name: Its short name ("PHQ-9").
        administered_on: The day the client answered.
        answers: The answers in item order.
        total: The total.
        total_text: The total as the published scoring writes it.
        band: The band's label.
        domains: (label, score text) of each subscale.
        about: The partner a relationship measure is about, as the client knows them.
        change: The change since the first of the same kind, in words, or "".
        risk: The risk flag's state in words, or "".
    """

    administration_id: int
    instrument: str
    name: str
    administered_on: date
    answers: tuple[int, ...]
    total: float
    total_text: str
    band: str
    domains: tuple[tuple[str, str], ...]
    about: str | None
    change: str
    risk: str


def gather_measures(sessions: sessionmaker[Session], client_id: int,
                    known: Mapping[int, str]) -> tuple[MeasureRecord, ...]:
    """Every measure the client answered, oldest first.

    Args:
        sessions: The store's sessionmaker.
        client_id: The client whose copy this is.
        known: Other people's names as this client knows them, by client id.
    """
    flags = {f.administration_id: f for f in risk_flags(sessions, client_id)}
    first: dict[tuple[str, int | None], float] = {}
    out = []
    for m in list_measures(sessions, client_id):
        form = INSTRUMENTS[m.instrument]
        key = (m.instrument, m.partner_id)
        change = "" if key not in first else reliable_change(form, first[key], m.total)
        first.setdefault(key, m.total)
        flag = flags.get(m.id)
        risk = "" if flag is None else (
            "Risk item answered above zero; awaiting the therapist's review" if flag.is_open
            else "Risk item answered above zero; reviewed by the therapist")
        out.append(MeasureRecord(
            administration_id=m.id, instrument=m.instrument, name=m.name,
            administered_on=m.administered_on, answers=m.answers, total=m.total,
            total_text=m.total_text, band=m.band,
            domains=tuple((d.label, form.format_total(d.score)) for d in m.domains),
            about=None if m.partner_id is None else known.get(m.partner_id, "a partner"),
            change=change, risk=risk,
        ))
    return tuple(out)


def measure_observations(client_id: int, measures: tuple[MeasureRecord, ...],
                         ref: Callable[[str, int | str], JSON]
                         ) -> list[tuple[str, int | str, JSON]]:
    """One FHIR Observation per measure: the total, its band, subscales and item answers.

    Args:
        client_id: The patient.
        measures: From ``gather_measures``.
        ref: Makes a reference to another resource of the bundle (kind, number).

    Returns:
        (resource kind, number, resource) for the bundle.
    """
    out: list[tuple[str, int | str, JSON]] = []
    for m in measures:
        coded = _TOTAL_CODES.get(m.instrument)
        code: JSON = {"text": f"{m.name} total score"}
        if coded is not None:
            code["coding"] = [{"system": LOINC, "code": coded[0], "display": coded[1]}]
        components: list[JSON] = [
            {"code": {"text": label}, "valueQuantity": _score(float(text))}
            for label, text in m.domains]
        components += [{"code": {"text": f"{m.name} item {number}"}, "valueInteger": answer}
                       for number, answer in enumerate(m.answers, start=1)]
        notes = [text for text in (
            f"About the relationship with {m.about}" if m.about else "", m.risk) if text]
        out.append(("Observation", f"measure/{m.administration_id}", {
            "resourceType": "Observation", "status": "final",
            "category": [{"coding": [{
                "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                "code": "survey", "display": "Survey"}]}],
            "code": code, "subject": ref("Patient", client_id),
            "effectiveDateTime": m.administered_on.isoformat(),
            "valueQuantity": _score(m.total),
            "interpretation": [{"text": m.band}],
            **({"component": components} if components else {}),
            **({"note": [{"text": text} for text in notes]} if notes else {}),
        }))
    return out


def _score(value: float) -> JSON:
    number: float | int = int(value) if float(value).is_integer() else value
    return {"value": number, "unit": "{score}", "system": UCUM, "code": "{score}"}
