"""The client's copy of their record as a FHIR R4 Bundle, built from plain dicts.

Nothing FHIR-specific is imported at run time: the bundle is a ``collection`` of Patient,
Practitioner, Organization, RelatedPerson (each relationship the client's record names),
Encounter (each documented or completed session), Condition (each of the client's own
diagnoses), Consent (each release of information) and DocumentReference (each progress note
and each letter as issued); the client's billing records add a ChargeItem per charge line,
an Invoice for their account and a DocumentReference per money document given to them.
It carries exactly what the PDF carries: the same ``ClientRecord``. Resource ids are
derived from record ids, never from names.
"""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, date, datetime
from typing import Any

from practice.services.record_access.billing import billing_resources
from practice.services.record_access.measures import measure_observations
from practice.services.record_access.model import ClientRecord, NoteRecord, ReleaseRecord
from practice.services.record_access.plans import plan_resources

JSON = dict[str, Any]
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
CPT = "http://www.ama-assn.org/go/cpt"
LOINC = "http://loinc.org"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PRONOUNS = "http://hl7.org/fhir/StructureDefinition/individual-pronouns"
GENDER_IDENTITY = "http://hl7.org/fhir/StructureDefinition/individual-genderIdentity"
# A fixed namespace: the same record exported twice gets the same resource ids.
_NAMESPACE = uuid.UUID("4f6b8e0c-5d0a-4c41-9a51-7c6f3f1d2e90")


def _id(kind: str, number: int | str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{kind}/{number}"))


def _ref(kind: str, number: int | str) -> JSON:
    return {"reference": f"urn:uuid:{_id(kind, number)}"}


def _instant(moment: datetime) -> str:
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.isoformat()


def _text(body: str) -> str:
    return base64.b64encode(body.encode("utf-8")).decode("ascii")


def record_bundle(record: ClientRecord, *, generated_at: datetime) -> JSON:
    """Build the FHIR R4 Bundle of a client's record.

    Args:
        record: From ``gather_record`` (the same copy the PDF shows).
        generated_at: When the bundle is made (its ``timestamp``).

    Returns:
        A JSON-ready dict: ``json.dumps`` it as it is.
    """
    resources: list[tuple[str, int | str, JSON]] = [
        ("Patient", record.identity.client_id, _patient(record)),
        ("Practitioner", 1, _practitioner(record)),
        ("Organization", 1, _organization(record)),
    ]
    resources += [("RelatedPerson", p.relationship_id, {
        "resourceType": "RelatedPerson", "active": p.ended_on is None,
        "patient": _ref("Patient", record.identity.client_id),
        "relationship": [{"text": p.kind.replace("_", " ")}],
        "name": [{"text": p.name}],
        **({"period": _period(p.started_on, p.ended_on)} if p.started_on else {}),
    }) for p in record.related]
    resources += _encounters(record)
    resources += [("Condition", d.code, {
        "resourceType": "Condition",
        "code": {"coding": [{"system": ICD10CM, "code": d.code,
                             **({"display": d.description} if d.description else {})}]},
        "subject": _ref("Patient", record.identity.client_id),
        "recordedDate": d.first_on.isoformat(),
    }) for d in record.diagnoses]
    resources += [("Consent", r.release_id, _consent(record, r)) for r in record.releases]
    resources += [("DocumentReference", f"note/{n.note_id}", _note_document(record, n))
                  for n in record.notes]
    resources += [("DocumentReference", f"letter/{x.letter_id}", {
        "resourceType": "DocumentReference", "status": "current",
        "type": {"coding": [{"system": LOINC, "code": "57133-1", "display": "Referral note"}]},
        "subject": _ref("Patient", record.identity.client_id),
        "date": _instant(x.issued_at), "author": [_ref("Practitioner", 1)],
        "description": f"Letter to {x.recipient}: {x.purpose}",
        "content": [{"attachment": {"contentType": "application/pdf",
                                    "data": base64.b64encode(x.pdf).decode("ascii"),
                                    "title": f"Letter of {x.letter_date.isoformat()}"}}],
    }) for x in record.letters]
    resources += measure_observations(record.identity.client_id, record.measures, _ref)
    resources += plan_resources(record.identity.client_id, record.plans, _ref)
    resources += billing_resources(record.identity.client_id, record.billing,
                                   record.prepared_on, _ref)
    return {
        "resourceType": "Bundle", "type": "collection", "timestamp": _instant(generated_at),
        "entry": [
            {"fullUrl": f"urn:uuid:{_id(kind, number)}", "resource": {**body, "id": _id(
                kind, number)}}
            for kind, number, body in resources
        ],
    }


def _period(start: date | None, end: date | None) -> JSON:
    found = {"start": start.isoformat() if start else None,
             "end": end.isoformat() if end else None}
    return {k: v for k, v in found.items() if v}


def _patient(record: ClientRecord) -> JSON:
    who = record.identity
    names = [{"use": "official", "text": who.legal_name}]
    if who.name != who.legal_name:
        names.append({"use": "usual", "text": who.name})
    patient: JSON = {"resourceType": "Patient", "active": True, "name": names}
    extensions = [{"url": url, "valueCodeableConcept": {"text": value}}
                  for url, value in ((PRONOUNS, who.pronouns), (GENDER_IDENTITY,
                                                                 who.gender_identity)) if value]
    if extensions:
        patient["extension"] = extensions
    telecom = [{"system": system, "value": value}
               for system, value in (("phone", who.phone), ("email", who.email)) if value]
    if telecom:
        patient["telecom"] = telecom
    if who.date_of_birth:
        patient["birthDate"] = who.date_of_birth.isoformat()
    if who.address or who.state:
        patient["address"] = [{k: v for k, v in (("text", who.address), ("state", who.state))
                               if v}]
    if who.emergency_name or who.emergency_phone:
        contact: JSON = {"relationship": [{"text": who.emergency_relationship
                                           or "Emergency contact"}]}
        if who.emergency_name:
            contact["name"] = {"text": who.emergency_name}
        if who.emergency_phone:
            contact["telecom"] = [{"system": "phone", "value": who.emergency_phone}]
        patient["contact"] = [contact]
    return patient


def _practitioner(record: ClientRecord) -> JSON:
    p = record.practitioner
    found: JSON = {"resourceType": "Practitioner",
                   "name": [{"text": p.therapist_name or p.practice_name}]}
    qualifications = [{"code": {"text": text}}
                      for text in (p.credentials, *p.licences) if text.strip()]
    if qualifications:
        found["qualification"] = qualifications
    return found


def _organization(record: ClientRecord) -> JSON:
    p = record.practitioner
    found: JSON = {"resourceType": "Organization", "name": p.practice_name}
    telecom = [{"system": s, "value": v} for s, v in (("phone", p.phone), ("email", p.email))
               if v]
    if telecom:
        found["telecom"] = telecom
    if p.address_lines:
        found["address"] = [{"line": list(p.address_lines)}]
    return found


def _encounters(record: ClientRecord) -> list[tuple[str, int | str, JSON]]:
    patient = _ref("Patient", record.identity.client_id)
    documented = {n.appointment_id for n in record.notes if n.appointment_id is not None}
    found: list[tuple[str, int | str, JSON]] = []
    for n in record.notes:
        body: JSON = {"resourceType": "Encounter", "status": "finished",
                      "class": {"system": ACT_CODE, "code": "AMB", "display": "ambulatory"},
                      "subject": patient, "period": {"start": n.session_date.isoformat()},
                      "participant": [{"individual": _ref("Practitioner", 1)}]}
        if n.procedures:
            body["type"] = [{"coding": [{"system": CPT, "code": p.code}]} for p in n.procedures]
        found.append(("Encounter", f"note/{n.note_id}", body))
    for s in record.sessions:
        if s.appointment_id in documented:
            continue
        telehealth = s.location == "telehealth"
        body = {"resourceType": "Encounter", "status": "finished",
                "class": {"system": ACT_CODE, "code": "VR" if telehealth else "AMB"},
                "subject": patient, "period": {"start": s.start.isoformat()},
                "participant": [{"individual": _ref("Practitioner", 1)}]}
        if s.cpt_code:
            body["type"] = [{"coding": [{"system": CPT, "code": s.cpt_code}]}]
        found.append(("Encounter", f"session/{s.appointment_id}", body))
    return found


def _consent(record: ClientRecord, r: ReleaseRecord) -> JSON:
    status = {"active": "active", "not_yet_signed": "proposed"}.get(r.state, "inactive")
    end = min(d for d in (r.expires_on, r.revoked_on) if d is not None)
    return {
        "resourceType": "Consent", "status": status,
        "scope": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope",
                              "code": "patient-privacy"}]},
        "category": [{"coding": [{"system": LOINC, "code": "64292-6",
                                  "display": "Release of information consent"}]}],
        "patient": _ref("Patient", record.identity.client_id),
        "dateTime": r.signed_on.isoformat(),
        "organization": [_ref("Organization", 1)],
        "policyRule": {"text": "HIPAA authorization (45 CFR 164.508)"},
        "provision": {
            "type": "permit", "period": _period(r.signed_on, end),
            "actor": [{"role": {"coding": [{
                "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                "code": "IRCP", "display": "information recipient"}]},
                "reference": {"display": r.recipient}}],
            "purpose": [{"display": r.purpose}],
            "code": [{"text": s.replace("_", " ")} for s in r.scopes],
        },
    }


def _note_document(record: ClientRecord, n: NoteRecord) -> JSON:
    lines = [f"{s.label}: {s.body}" for s in n.sections if s.body.strip()]
    lines += [f"Addendum ({_instant(a.signature.signed_at)}, {a.signature.signed_by}): {a.body}"
              for a in n.addenda]
    return {
        "resourceType": "DocumentReference", "status": "current",
        "docStatus": "amended" if n.addenda else "final",
        "type": {"coding": [{"system": LOINC, "code": "11506-3", "display": "Progress note"}]},
        "subject": _ref("Patient", record.identity.client_id),
        "date": _instant(n.signature.signed_at), "author": [_ref("Practitioner", 1)],
        "authenticator": _ref("Practitioner", 1),
        **({"description": n.shared_because} if n.shared_because else {}),
        "content": [{"attachment": {"contentType": "text/plain; charset=utf-8",
                                    "data": _text("\n\n".join(lines)),
                                    "title": f"Progress note of {n.session_date.isoformat()}"}}],
        "context": {"encounter": [_ref("Encounter", f"note/{n.note_id}")],
                    "period": {"start": n.session_date.isoformat()}},
    }
