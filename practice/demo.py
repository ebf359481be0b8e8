"""A fictional practice for demonstrations, screenshots and benchmarks.

The core of it goes through the services (so it is validated and audited like real work):
individuals, couples, a polycule of four with its relationship graph, providers of every
specialty, releases in force, expired and revoked, a few months of signed notes with addenda,
psychotherapy notes, and names in several scripts. ``clients`` and ``notes`` add bulk data
for benchmarks with plain multi-row inserts and one audit entry per batch. Every person here
is invented.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from practice import demo_extras, demo_ledger, demo_measures
from practice.demo_batch import Progress, one_transaction
from practice.models.base import Base
from practice.models.clients import Client, ClientStatusChange
from practice.models.notes import (
    NoteAttendee,
    NoteDiagnosis,
    NoteProcedure,
    NoteSection,
    ProgressNote,
)
from practice.models.units import CareUnit, UnitMember
from practice.services import clients as client_service
from practice.services import notes as note_service
from practice.services import providers as provider_service
from practice.services import psychotherapy, releases, units
from practice.services.clients import ChannelSafety, ClientDetails
from practice.services.common import utcnow
from practice.services.notes import FORMAT_SECTIONS, NoteFormat, NoteHeader
from practice.services.notes.hashing import canonical_note, sha256_hex
from practice.services.providers import OrganisationDetails, ProviderDetails, Specialty
from practice.services.releases import ReleaseDetails, Scope
from practice.services.units import relationships
from practice.store.audit import record
from practice.text.keys import index_text, sort_key

BATCH = 2000
#: Progress steps of the hand-made practice: the people, each of its 9 units' notes, the rest.
HAND_MADE_STEPS = 1 + 9 + 1
SIGNER = "Dr. Morgan Ellis, PhD, LMFT, CST"


@dataclass(frozen=True)
class DemoSummary:
    """What the demo builder made."""

    clients: int
    units: int
    notes: int
    addenda: int
    psychotherapy_notes: int
    providers: int
    releases: int
    cancelled: bool


# --- invented names, in several scripts --------------------------------------------------

_GIVEN = {
    "latin": ["Zoë", "Ana", "Ben", "Chloé", "Mateo", "Aisha", "Noah", "Émilie", "Søren", "Ngozi",
              "Tomás", "Inés", "Kai", "Leilani", "Björn", "Małgorzata", "Þóra", "Siobhán"],
    "greek": ["Σοφία", "Νίκος", "Ελένη", "Γιώργος", "Μαρία", "Δημήτρης"],
    "cyrillic": ["Дмитрий", "Анна", "Ольга", "Сергей", "Наталья", "Иван"],
    "arabic": ["أمينة", "محمد", "فاطمة", "ليلى", "يوسف"],
}
_FAMILY = {
    "latin": ["Ångström", "García", "Nguyễn", "O'Brien", "Müller", "Kowalski", "Okafor",
              "Dubois", "Haraldsdóttir", "Ó Súilleabháin"],
    "greek": ["Παπαδοπούλου", "Γεωργίου", "Οικονόμου"],
    "cyrillic": ["Волков", "Иванова", "Смирнов", "Кузнецова"],
    "arabic": ["الحسيني", "الخطيب", "المصري"],
}
_CJK_NAMES = ["李小龙", "王芳", "张伟", "陈静", "佐藤花子", "鈴木一郎", "김민준", "이서연"]
_PRONOUNS = ["she/her", "he/him", "they/them", "she/they", "ze/zir", None]
_IDENTITIES = ["woman", "man", "non-binary", "trans woman", "trans man", "genderqueer",
               "agender", None]
_PLACES = [("LA", "America/Chicago"), ("TX", "America/Chicago"), ("MN", "America/Chicago")]


def _name(rng: random.Random) -> str:
    script = rng.choice([*_GIVEN, "cjk"])
    if script == "cjk":
        return rng.choice(_CJK_NAMES)
    return f"{rng.choice(_GIVEN[script])} {rng.choice(_FAMILY[script])}"


# --- invented note text ------------------------------------------------------------------

_SENTENCES = [
    "Introduced sensate focus exercises and discussed non-demand touch.",
    "Client described performance anxiety before intimacy.",
    "Explored discordant desire and how each partner initiates.",
    "Reviewed dilator practice; reports less pain with the second size.",
    "Discussed body image after treatment and the partner's fears.",
    "Processed feelings about the diagnosis and the effects of medication.",
    "Practised speaker-listener technique; conflict de-escalated.",
    "Explored relational orientation and agreements about other partners.",
    "Psychoeducation on the erectile response and realistic expectations.",
    "Mapped the client's sexual script and ways to widen it.",
    "Reviewed mindfulness homework; client noticed spectatoring less often.",
    "Discussed minority stress and affirming supports.",
    "Explored gender identity and goals for social transition.",
    "Worked on repair after the disclosure of an affair.",
    "Discussed anxiety about the upcoming gynecological examination.",
    "Client reports improved sleep and mood; anxiety lower this week.",
    "Explored metamour dynamics and scheduling across the polycule.",
    "Discernment counselling: each partner named hopes and fears.",
]
_PLANS = [
    "Plan: continue weekly sessions; homework assigned.",
    "Plan: coordinate with the referring provider after release is confirmed.",
    "Plan: review progress in two weeks.",
]
_SYLLABLES = ["ka", "lo", "mi", "ver", "tan", "sel", "dro", "qui", "nor", "bex", "ul", "zan"]
_GREEK_TEXT = "Συζητήσαμε το άγχος απόδοσης και την επικοινωνία του ζευγαριού."
_CHINESE_TEXT = "讨论了性表现焦虑和伴侣之间的沟通。"


def _rare_words(rng: random.Random, count: int) -> list[str]:
    # Invented words give the index a long tail of rare terms, as real notes have.
    return ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(3, 4)))
            for _ in range(count)]


def _note_text(rng: random.Random, rare: Sequence[str]) -> str:
    roll = rng.random()
    if roll < 0.02:
        return _GREEK_TEXT
    if roll < 0.04:
        return _CHINESE_TEXT
    body = " ".join(rng.sample(_SENTENCES, rng.randint(2, 4)))
    return f"{body} Noted: {rng.choice(rare)}. {rng.choice(_PLANS)}"


# --- the hand-made practice --------------------------------------------------------------


def _npi(rng: random.Random) -> str:
    first_nine = "1" + "".join(str(rng.randint(0, 9)) for _ in range(8))
    return first_nine + str(provider_service.npi_check_digit(first_nine))


_PROVIDERS: list[tuple[str, str, Specialty, str]] = [
    ("Dr. Hana Okoye", "MD, FACC", "cardiology", "Crescent Heart Clinic"),
    ("Dr. Luis Ferreira", "MD", "urology", "Crescent City Urology"),
    ("Dr. Priya Natarajan", "MD, FACOG", "gynecology", "Bayou Women's Health"),
    ("Sam Whitfield", "PT, DPT, WCS", "pelvic_floor_pt", "Pelvic Health Partners"),
    ("Dr. Ingrid Solberg", "MD", "oncology", "Gulf Coast Cancer Center"),
    ("Dr. Rafael Ortiz", "MD", "endocrinology", "Bayou Women's Health"),
    ("Dr. Grace Liu", "MD", "primary_care", "Northside Family Medicine"),
    ("Dr. Amir Haddad", "MD", "psychiatry", "Northside Family Medicine"),
    ("Dr. Jo Bauer", "MD", "other", "Sleep Center of Minnesota"),
]


def _make_providers(sessions: sessionmaker[Session], rng: random.Random) -> dict[Specialty, int]:
    orgs: dict[str, int] = {}
    made: dict[Specialty, int] = {}
    for name, credentials, specialty, org in _PROVIDERS:
        if org not in orgs:
            orgs[org] = provider_service.create_organisation(
                sessions, OrganisationDetails(org, fax="+1 504 555 0100")).id
        made[specialty] = provider_service.create_provider(sessions, ProviderDetails(
            name=name, credentials=credentials, specialty=specialty,
            specialty_detail="Sleep medicine" if specialty == "other" else None,
            organisation_id=orgs[org], phone="+1 504 555 0142", fax="+1 504 555 0143",
            npi=_npi(rng))).id
    return made


_PEOPLE: list[tuple[str, str | None, str | None, str | None]] = [
    ("Zoë Ångström", None, "she/her", "woman"),
    ("Σοφία Παπαδοπούλου", None, "she/her", "woman"),
    ("Дмитрий Волков", None, "he/him", "man"),
    ("李小龙", None, "he/him", "man"),
    ("أمينة الحسيني", None, "she/her", "woman"),
    ("Jordan Blake", "River 🌈", "they/them", "non-binary"),
    ("Marcus Johnson", None, "he/him", "man"),
    ("Dana Johnson", None, "she/her", "woman"),
    ("Priya Raman", None, "she/her", "woman"),
    ("Thomas Raman", "Tom", "he/him", "man"),
    ("Alexandra Stone", "Alex", "she/they", "genderqueer"),
    ("Samuel Reyes", "Sam", "he/him", "trans man"),
    ("Jamie Park", None, "they/them", "agender"),
    ("Robin Achterberg", None, "she/her", "trans woman"),
]


def _make_people(sessions: sessionmaker[Session], rng: random.Random, opened: date) -> list[int]:
    ids = []
    for i, (legal, chosen, pronouns, identity) in enumerate(_PEOPLE):
        state, zone = _PLACES[i % len(_PLACES)]
        channels = (ChannelSafety("phone", True, "chosen"),
                    ChannelSafety("voicemail", i % 3 != 0, "initials"),
                    ChannelSafety("post", i % 2 == 0, "legal"))
        ids.append(client_service.create_client(sessions, ClientDetails(
            legal_name=legal, chosen_name=chosen, pronouns=pronouns, gender_identity=identity,
            date_of_birth=date(1960 + rng.randint(0, 40), rng.randint(1, 12), rng.randint(1, 28)),
            state=state, time_zone=zone, phone=f"+1 612 555 {1000 + i:04d}",
            email=f"client{i}@example.org"), on=opened, channels=channels).id)
    return ids


def _make_units(sessions: sessionmaker[Session], people: list[int], opened: date) -> list[int]:
    made = [units.create_unit(sessions, "individual", [p], opened_on=opened).id
            for p in people[:6]]
    made.append(units.create_unit(sessions, "couple", people[6:8], opened_on=opened).id)
    made.append(units.create_unit(sessions, "couple", people[8:10], opened_on=opened).id)
    poly = units.create_unit(sessions, "polycule", people[10:14], opened_on=opened,
                             label="The Stone–Reyes–Park–Achterberg polycule").id
    units.set_agreement(sessions, poly, units.Agreement("individual_private", None, opened))
    units.set_agreement(sessions, made[6], units.Agreement("no_secrets", None, opened))
    alex, sam, jamie, robin = people[10:14]
    # Alex–Sam–Jamie–Robin is a chain: Alex/Jamie and Sam/Robin come out as metamours.
    relationships.add_relationship(sessions, poly, alex, sam, "nesting_partner", started_on=opened)
    relationships.add_relationship(sessions, poly, sam, jamie, "partner", started_on=opened)
    relationships.add_relationship(sessions, poly, jamie, robin, "spouse")
    made.append(poly)
    return made


def _make_releases(
    sessions: sessionmaker[Session], people: list[int], providers: dict[Specialty, int],
    today: date,
) -> int:
    scopes: frozenset[Scope] = frozenset({"attendance", "treatment_summary", "recommendations"})
    # (client, specialty, signed days ago, valid days, revoked days ago)
    plans: list[tuple[int, Specialty, int, int, int | None]] = [
        (people[0], "gynecology", 60, 365, None),
        (people[0], "pelvic_floor_pt", 60, 365, None),
        (people[6], "cardiology", 400, 365, None),
        (people[7], "cardiology", 90, 365, None),
        (people[8], "urology", 120, 365, 10),
        (people[5], "endocrinology", 30, 365, None),
        (people[1], "oncology", 45, 365, None),
    ]
    for client_id, specialty, ago, valid, revoked in plans:
        signed = today - timedelta(days=ago)
        release = releases.record_release(sessions, ReleaseDetails(
            client_id, "Coordination of care", signed, signed + timedelta(days=valid),
            scopes, provider_id=providers[specialty]), today=today)
        if revoked is not None:
            releases.revoke_release(sessions, release.id, today - timedelta(days=revoked))
    return len(plans)


def _make_notes(
    sessions: sessionmaker[Session], rng: random.Random, unit_ids: list[int], today: date,
    tracker: Progress,
) -> tuple[int, int, int]:
    rare = _rare_words(rng, 50)
    count = addenda = process = 0
    for unit_id in unit_ids:
        # A unit's months of notes in one transaction, synced once; a step of progress each.
        with one_transaction(sessions, "demo.unit_notes") as batch:
            notes, added, private = _unit_notes(batch, rng, unit_id, today, rare)
        count, addenda, process = count + notes, addenda + added, process + private
        tracker.advance(1)
    return count, addenda, process


def _unit_notes(
    sessions: sessionmaker[Session], rng: random.Random, unit_id: int, today: date,
    rare: Sequence[str],
) -> tuple[int, int, int]:
    count = addenda = process = 0
    members = [m.client_id for m in units.get_unit(sessions, unit_id).current_members]
    for week in range(12, 0, -1):
        day = today - timedelta(days=7 * week + rng.randint(0, 2))
        fmt: NoteFormat = rng.choice(["soap", "dap", "birp", "free"])
        note = note_service.start_note(sessions, unit_id, NoteHeader(day, fmt, "none"),
                                       today=today)
        texts = {key: _note_text(rng, rare) for key in FORMAT_SECTIONS[fmt]}
        note_service.save_draft(sessions, note.id, texts)
        note_service.set_codes(
            sessions, note.id, diagnoses=[(members[0], rng.choice(["F52.0", "F52.6", "Z63.0",
                                                                    "F41.1", "F64.0"]))],
            procedures=["90847" if len(members) > 1 else "90834"])
        count += 1
        if week == 1:
            continue  # the latest session's note is still a draft
        note_service.sign_note(sessions, note.id, signed_by=SIGNER)
        if week % 5 == 0:
            note_service.add_addendum(sessions, note.id, "Late entry: the client phoned "
                                      "after the session to confirm the homework.",
                                      signed_by=SIGNER)
            addenda += 1
        if week % 4 == 0:
            psychotherapy.create_psychotherapy_note(
                sessions, unit_id, day, "My own reaction: protective of the quieter partner.")
            process += 1
    return count, addenda, process


# --- bulk data for benchmarks ------------------------------------------------------------


def _next_id(session: Session, column: Any) -> int:
    return int(session.scalar(select(func.coalesce(func.max(column), 0))) or 0) + 1


def _chunks(total: int) -> Iterator[range]:
    for start in range(0, total, BATCH):
        yield range(start, min(total, start + BATCH))


def _bulk_clients(session: Session, rng: random.Random, count: int, opened: date) -> None:
    client_id = _next_id(session, Client.id)
    unit_id = _next_id(session, CareUnit.id)
    now = utcnow()
    people, units_rows, members = [], [], []
    for i in range(count):
        name = _name(rng)
        state, zone = rng.choice(_PLACES)
        people.append({
            "id": client_id + i, "legal_name": name, "pronouns": rng.choice(_PRONOUNS),
            "gender_identity": rng.choice(_IDENTITIES), "state": state, "time_zone": zone,
            "status": "active", "status_since": opened, "sort_key": sort_key(name),
            "search_text": index_text(name), "created_at": now, "updated_at": now,
        })
        units_rows.append({"id": unit_id + i, "kind": "individual", "opened_on": opened,
                           "created_at": now})
        members.append({"unit_id": unit_id + i, "client_id": client_id + i, "joined_on": opened})
    session.execute(insert(Client), people)
    session.execute(insert(ClientStatusChange), [
        {"client_id": p["id"], "status": "active", "effective_on": opened, "recorded_at": now}
        for p in people])
    session.execute(insert(CareUnit), units_rows)
    session.execute(insert(UnitMember), members)
    record(session, "demo.bulk_clients", count=count)


def _units_with_members(session: Session) -> list[tuple[int, date, list[int]]]:
    rows = session.execute(
        select(UnitMember.unit_id, UnitMember.client_id, CareUnit.opened_on)
        .join(CareUnit, CareUnit.id == UnitMember.unit_id)
        .where(UnitMember.left_on.is_(None)).order_by(UnitMember.unit_id)
    )
    found: dict[int, tuple[date, list[int]]] = {}
    for unit_id, client_id, opened in rows:
        found.setdefault(unit_id, (opened, []))[1].append(client_id)
    return [(u, opened, members) for u, (opened, members) in found.items()]


def _plan_notes(
    rng: random.Random, unit_rows: list[tuple[int, date, list[int]]], count: int, today: date,
) -> list[tuple[date, int, list[int]]]:
    plan = []
    for _ in range(count):
        unit_id, opened, members = rng.choice(unit_rows)
        span = max(1, (today - opened).days)
        plan.append((opened + timedelta(days=rng.randrange(span)), unit_id, members))
    plan.sort(key=lambda p: p[0])  # ids in date order, as a real practice's would be
    return plan


def _bulk_note_rows(
    rng: random.Random, note_id: int, day: date, unit_id: int, members: list[int],
    rare: Sequence[str], rows: dict[str, list[dict[str, Any]]],
) -> None:
    fmt: NoteFormat = rng.choice(["soap", "dap", "birp", "free"])
    now = utcnow()
    sections = {key: _note_text(rng, rare) for key in FORMAT_SECTIONS[fmt]}
    dx = [(members[0], rng.choice(["F52.0", "F52.21", "F52.6", "Z63.0", "F41.1"]), 0)]
    px = [("90847" if len(members) > 1 else "90834", 0)]
    rows["notes"].append({"id": note_id, "unit_id": unit_id, "session_date": day,
                          "format": fmt, "status": "draft", "created_at": now, "updated_at": now})
    rows["sections"] += [{"note_id": note_id, "key": k, "body": v, "search_text": index_text(v)}
                         for k, v in sections.items()]
    rows["attendees"] += [{"note_id": note_id, "client_id": c} for c in members]
    rows["diagnoses"] += [{"note_id": note_id, "client_id": c, "code": code, "position": p}
                          for c, code, p in dx]
    rows["procedures"] += [{"note_id": note_id, "code": code, "position": p} for code, p in px]
    digest = sha256_hex(canonical_note(
        note_id=note_id, unit_id=unit_id, session_date=day, appointment_id=None,
        note_format=fmt, risk_level=None, sections=sections, attendee_ids=members,
        diagnoses=dx, procedures=px, signed_by=SIGNER, signed_at=now))
    rows["signatures"].append({"nid": note_id, "s_at": now, "s_hash": digest})


def _bulk_notes_batch(
    session: Session, rng: random.Random, first_id: int,
    plan: Sequence[tuple[date, int, list[int]]], rare: Sequence[str],
) -> None:
    rows: dict[str, list[dict[str, Any]]] = {
        k: [] for k in ("notes", "sections", "attendees", "diagnoses", "procedures", "signatures")}
    for offset, (day, unit_id, members) in enumerate(plan):
        _bulk_note_rows(rng, first_id + offset, day, unit_id, members, rare, rows)
    session.execute(insert(ProgressNote), rows["notes"])
    session.execute(insert(NoteSection), rows["sections"])
    session.execute(insert(NoteAttendee), rows["attendees"])
    session.execute(insert(NoteDiagnosis), rows["diagnoses"])
    session.execute(insert(NoteProcedure), rows["procedures"])
    # Signed last: the store refuses new sections or codes on a signed note.
    notes = Base.metadata.tables["progress_notes"]
    sign = update(notes).where(notes.c.id == bindparam("nid")).values(
        status="signed", signed_by=SIGNER, signed_at=bindparam("s_at"),
        content_hash=bindparam("s_hash"))
    session.connection().execute(sign, rows["signatures"])
    record(session, "demo.bulk_notes", count=len(plan))


def _bulk(
    sessions: sessionmaker[Session], rng: random.Random, client_count: int, note_count: int,
    today: date, tracker: Progress,
) -> tuple[int, int, bool]:
    opened = today - timedelta(days=3 * 365)
    made_clients = made_notes = 0
    for chunk in _chunks(client_count):
        with sessions.begin() as s:
            _bulk_clients(s, rng, len(chunk), opened)
        made_clients += len(chunk)
        if not tracker.step(len(chunk)):
            return made_clients, made_notes, True
    with sessions.begin() as s:
        plan = _plan_notes(rng, _units_with_members(s), note_count, today - timedelta(days=1))
        first = _next_id(s, ProgressNote.id)
    rare = _rare_words(rng, 3000)
    for chunk in _chunks(note_count):
        with sessions.begin() as s:
            _bulk_notes_batch(s, rng, first + chunk.start, plan[chunk.start:chunk.stop], rare)
        made_notes += len(chunk)
        if not tracker.step(len(chunk)):
            return made_clients, made_notes, True
    return made_clients, made_notes, False


def build_demo(
    sessions: sessionmaker[Session], *, clients: int = 0, notes: int = 0, seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None, today: date | None = None,
) -> DemoSummary:
    """Fill an empty store with a fictional practice.

    Args:
        sessions: The store's sessionmaker.
        clients: Extra clients (each with an individual unit) to add in bulk.
        notes: Extra signed notes to add in bulk, spread over all units.
        seed: Seed for the invented data (the same seed gives the same practice).
        progress: Called with (done, total) steps as work proceeds.
        cancelled: Polled between steps; returning True stops the build (what was added
            so far stays).
        today: The practice's "today" (for tests); the real date by default.

    Returns:
        Counts of what was made.
    """
    rng = random.Random(seed)  # noqa: S311 - invented data, not secrets
    today = today or date.today()
    opened = today - timedelta(days=180)
    tracker = Progress(HAND_MADE_STEPS + clients + notes, progress, cancelled)
    # Through the services, but one transaction per stage (each commit syncs twice).
    with one_transaction(sessions, "demo.people") as batch:
        people = _make_people(batch, rng, opened)
        unit_ids = _make_units(batch, people, opened)
        providers = _make_providers(batch, rng)
        release_count = _make_releases(batch, people, providers, today)
        provider_service.add_to_care_team(batch, people[0], providers["gynecology"],
                                          "Treating gynecologist", since=opened)
    tracker.advance(1)
    note_count, addenda, process = _make_notes(sessions, rng, unit_ids, today, tracker)
    with one_transaction(sessions, "demo.practice_details") as batch:
        demo_extras.make_profile(batch, today)
        demo_extras.make_schedule(batch, unit_ids, today)
        demo_measures.make_measures(batch, people, today)
        demo_ledger.make_ledger(batch, unit_ids, today)
    stopped = not tracker.step(1)
    extra_clients = extra_notes = 0
    if not stopped:
        extra_clients, extra_notes, stopped = _bulk(sessions, rng, clients, notes, today, tracker)
    return DemoSummary(
        clients=len(people) + extra_clients, units=len(unit_ids) + extra_clients,
        notes=note_count + extra_notes, addenda=addenda, psychotherapy_notes=process,
        providers=len(providers), releases=release_count, cancelled=stopped,
    )
