"""The client's copy of their record as a PDF, in the letters' typography and layout.

It goes through the same path as the accounting of disclosures: the letter fonts, the glyph
check (an unprintable character is refused, naming the field, never the text), the shared
styles and ``build_pdf``, whose metadata names no one. The letters sent are appended after
it as issued, page for page.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from practice.billing.money import Money
from practice.documents.glyphs import check_drawable
from practice.documents.layout import (
    GREY,
    RULE,
    build_pdf,
    letterhead_flowables,
    long_date,
    markup,
    notice,
    para,
    short_date,
    styles,
)
from practice.letters.model import SCOPE_LABELS, Letterhead
from practice.services.record_access.billing import ANOTHER_PAYER
from practice.services.record_access.measures_pdf import measure_texts, measures_section
from practice.services.record_access.model import ClientRecord, NoteRecord
from practice.services.record_access.plans import plan_section, plan_texts

TITLE = "Copy of health record"
NOTICE = (
    "This is a copy of your designated record set, given to you at your request under "
    "45 CFR 164.524. Psychotherapy notes are not part of the designated record set and are "
    "not included. Information about other people that is part of their own record is "
    "left out, as listed under \"Withheld from this copy\"."
)
_KINDS = {"individual": "Individual", "couple": "Couple", "polycule": "Polycule"}
_AGREEMENTS = {
    "no_secrets": "no secrets between individual and joint sessions",
    "individual_private": "individual sessions kept private",
    "other": "another arrangement",
}
_STATES = {"active": "In force", "expired": "Expired", "revoked": "Revoked",
           "not_yet_signed": "Not yet in force"}


def render_record(record: ClientRecord, letterhead: Letterhead) -> bytes:
    """Render the client's copy, then append every letter sent as issued.

    Args:
        record: From ``gather_record``.
        letterhead: The practice's letterhead.

    Returns:
        The PDF.

    Raises:
        UndrawableText: Some field has characters the font cannot draw.
        LetterError: Some block is too large to fit on a page.
    """
    check_drawable(dict(_texts(record)))
    who = record.identity
    dob = f", DOB {short_date(who.date_of_birth)}" if who.date_of_birth else ""
    pdf = build_pdf(_story(record, letterhead), title=TITLE, author=letterhead.practice_name,
                    running_header=f"Health record · {who.name}{dob}")
    return _append_letters(pdf, record)


def _append_letters(pdf: bytes, record: ClientRecord) -> bytes:
    if not record.letters:
        return pdf
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for letter in record.letters:
        writer.append(PdfReader(io.BytesIO(letter.pdf)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _texts(record: ClientRecord) -> Iterator[tuple[str, str]]:
    """Every printed string that came from the store, with a field name for an error."""
    who = record.identity
    for field in ("name", "legal_name", "pronouns", "gender_identity", "state", "phone",
                  "email", "address", "emergency_name", "emergency_phone",
                  "emergency_relationship"):
        yield field.replace("_", " "), getattr(who, field) or ""
    for unit in record.units:
        yield f"unit {unit.unit_id} label", unit.label or ""
        for member in unit.members:
            yield f"unit {unit.unit_id} member", member.name
    for person in record.related:
        yield f"relationship {person.relationship_id}", person.name
    for note in record.notes:
        for section in note.sections:
            yield f"note of {note.session_date} {section.label}", section.body
        for number, addendum in enumerate(note.addenda, start=1):
            yield f"addendum {number} to the note of {note.session_date}", addendum.body
        yield f"note of {note.session_date} attendees", " ".join(note.attendees)
        yield f"note of {note.session_date} signer", note.signature.signed_by
    for release in record.releases:
        yield f"release {release.release_id} recipient", release.recipient
        yield f"release {release.release_id} purpose", release.purpose
    for letter in record.letters:
        yield f"letter {letter.letter_id} recipient", letter.recipient
        yield f"letter {letter.letter_id} purpose", letter.purpose
    for number, line in enumerate(record.disclosures, start=1):
        yield f"disclosure {number} recipient", line.recipient
        yield f"disclosure {number} purpose", line.purpose
    yield from measure_texts(record.measures)
    yield from plan_texts(plan for plan, _whose in record.plans)


def _story(record: ClientRecord, letterhead: Letterhead) -> list[Flowable]:
    style = styles()
    who = record.identity
    story: list[Flowable] = letterhead_flowables(letterhead)
    story += [
        para("Copy of Health Record", style.title), Spacer(0, 6),
        para(f"Prepared for {who.name} on {long_date(record.prepared_on)}", style.body),
        *_identity(record),
        *_units(record),
        *_diagnoses(record),
        *_sessions(record),
        *_notes(record),
        *measures_section(record.measures),
        *plan_section(record.plans),
        *_billing(record),
        *_releases(record),
        *_letters(record),
        *_disclosures(record),
        *_withheld(record),
        notice(NOTICE),
    ]
    return story


def _heading(text: str) -> list[Flowable]:
    return [Spacer(0, 8), para(text, styles().title)]


def _lines(pairs: list[tuple[str, str | None]]) -> Paragraph:
    return Paragraph("<br/>".join(f"<b>{markup(k)}:</b> {markup(v)}" for k, v in pairs if v),
                     styles().body)


def _identity(record: ClientRecord) -> list[Flowable]:
    who = record.identity
    emergency = ", ".join(x for x in (who.emergency_name, who.emergency_relationship,
                                      who.emergency_phone) if x)
    return [*_heading("About you"), _lines([
        ("Name", who.name), ("Legal name", who.legal_name), ("Pronouns", who.pronouns),
        ("Gender identity", who.gender_identity),
        ("Date of birth", short_date(who.date_of_birth) if who.date_of_birth else None),
        ("State of residence", who.state), ("Phone", who.phone), ("Email", who.email),
        ("Address", who.address), ("Emergency contact", emergency),
    ])]


def _span(start: object, end: object) -> str:
    return f"{start} to {end}" if end else f"since {start}"


def _units(record: ClientRecord) -> list[Flowable]:
    style = styles()
    out = _heading("Care units and membership")
    if not record.units:
        out.append(para("You have not been seen as part of a care unit.", style.body))
    for unit in record.units:
        title = _KINDS.get(unit.kind, unit.kind) + (f" — {unit.label}" if unit.label else "")
        opened = _span(short_date(unit.opened_on),
                       short_date(unit.closed_on) if unit.closed_on else None)
        agreement = _AGREEMENTS.get(unit.agreement or "", "none recorded")
        members = [f"{m.name}{' (you)' if m.is_client else ''}: " + _span(
            short_date(m.joined_on), short_date(m.left_on) if m.left_on else None)
            for m in unit.members]
        out.append(Paragraph(
            f"<b>{markup(title)}</b>, {opened}. Agreement: {markup(agreement)}.<br/>"
            + "<br/>".join(markup(m) for m in members), style.body))
    if record.related:
        out.append(Paragraph("<b>Relationships recorded</b><br/>" + "<br/>".join(
            markup(f"{p.name}: {p.kind.replace('_', ' ')}"
                   + (f", from {short_date(p.started_on)}" if p.started_on else "")
                   + (f" to {short_date(p.ended_on)}" if p.ended_on else ""))
            for p in record.related), style.body))
    return out


def _table(head: tuple[str, ...], widths: tuple[float, ...], rows: list[list[str]]) -> Table:
    style = styles()
    cells = [[para(h, style.cell_head) for h in head]]
    cells += [[para(text, style.cell) for text in row] for row in rows]
    return Table(cells, colWidths=[w * inch for w in widths], repeatRows=1, style=TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.75, GREY),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))


def _or_none(rows: list[list[str]], table: Table, empty: str) -> Flowable:
    return table if rows else para(empty, styles().body)


def _diagnoses(record: ClientRecord) -> list[Flowable]:
    rows = [[d.code, d.description or "", short_date(d.first_on), short_date(d.last_on)]
            for d in record.diagnoses]
    procedures: dict[str, tuple[str, int]] = {}
    for note in record.notes:
        for p in note.procedures:
            procedures[p.code] = (p.description or "", procedures.get(p.code, ("", 0))[1] + 1)
    done = [[code, text, str(count)] for code, (text, count) in sorted(procedures.items())]
    return [
        *_heading("Diagnoses"),
        _or_none(rows, _table(("Code (ICD-10-CM)", "Description", "First recorded",
                               "Last recorded"), (1.2, 3.0, 1.1, 1.2), rows),
                 "No diagnosis is recorded for you."),
        *_heading("Procedures"),
        _or_none(done, _table(("Code (CPT)", "Description", "Sessions"), (1.2, 4.1, 1.2), done),
                 "No procedure is recorded on your signed notes."),
    ]


def _sessions(record: ClientRecord) -> list[Flowable]:
    rows = [[short_date(s.start.date()), s.start.strftime("%H:%M %Z"),
             f"{s.duration_minutes} min", s.location.replace("_", " "), s.cpt_code or ""]
            for s in record.sessions]
    return [*_heading("Sessions attended"), _or_none(
        rows, _table(("Date", "Time", "Length", "Where", "CPT"), (1.2, 1.3, 1.0, 1.8, 1.2),
                     rows), "No completed session is on the schedule.")]


def _notes(record: ClientRecord) -> list[Flowable]:
    out = _heading("Progress notes")
    if not record.notes:
        out.append(para("There is no signed progress note.", styles().body))
    out += [part for n in record.notes for part in _note(n)]
    return out


def _note(note: NoteRecord) -> list[Flowable]:
    style = styles()
    shape = f" ({note.format.upper()})" if note.format != "free" else ""
    title = f"Session of {long_date(note.session_date)}{shape}"
    parts: list[Flowable] = [para(title, style.tight, bold=True)]
    if note.joint or note.shared_because:
        shared = f" {note.shared_because}" if note.shared_because else ""
        parts.append(para(f"Attended by: {', '.join(note.attendees)}.{shared}", style.tight))
    parts += [Paragraph(f"<b>{markup(s.label)}:</b> {markup(s.body)}", style.body)
              for s in note.sections if s.body.strip()]
    if note.diagnoses:
        parts.append(para("Diagnoses: " + "; ".join(
            f"{d.code} {d.description or ''}".strip() for d in note.diagnoses), style.tight))
    if note.procedures:
        parts.append(para("Procedures: " + ", ".join(p.code for p in note.procedures),
                          style.tight))
    parts.append(para(_signed(note.signature.signed_by, note.signature.signed_at,
                              note.signature.content_hash), style.small))
    for addendum in note.addenda:
        parts += [Spacer(0, 4), Paragraph(f"<b>Addendum:</b> {markup(addendum.body)}",
                                          style.body),
                  para(_signed(addendum.signature.signed_by, addendum.signature.signed_at,
                               addendum.signature.content_hash), style.small)]
    parts.append(Spacer(0, 10))
    return parts


def _signed(by: str, at: datetime, digest: str) -> str:
    return f"Signed by {by} on {at:%Y-%m-%d %H:%M} UTC. SHA-256 {digest[:16]}…"


def _billing(record: ClientRecord) -> list[Flowable]:
    """Charges, the account's entries and balance, and the money documents given."""
    billing = record.billing
    if billing is None:
        return []
    style = styles()
    rows = [[short_date(x.service_date), x.code, x.service, x.fee.display(),
             *((x.share.display(), _shown(x.paid), _shown(x.due)) if x.share is not None
               else (ANOTHER_PAYER, "", ""))] for x in billing.lines]
    entries = [[short_date(e.on), e.description, e.amount.display(), e.balance.display()]
               for e in billing.entries]
    documents = [[d.words, short_date(d.issued_on),
                  f"{short_date(d.period_from)} to {short_date(d.period_to)}"
                  if d.period_from and d.period_to else "", d.total.display()]
                 for d in billing.documents]
    account = billing.balance
    total = (f"Total charged to you: {account.charged.display()}. Paid: "
             f"{account.paid.display()}. Balance: {account.balance.display()}"
             + (" (credit in your favour)." if account.balance.cents < 0 else "."))
    return [
        *_heading("Charges"),
        _or_none(rows, _table(("Date", "Code", "Service", "Fee", "Your share", "Paid",
                               "Still owed"), (0.9, 0.8, 1.6, 0.8, 0.9, 0.7, 0.8), rows),
                 "No charge is recorded for you."),
        para(total, style.body),
        *_heading("Payments, refunds and corrections"),
        _or_none(entries, _table(("Date", "What", "Amount", "Balance"), (1.0, 3.5, 1.0, 1.0),
                                 entries), "No payment, refund or correction is recorded."),
        *_heading("Billing documents given to you"),
        _or_none(documents, _table(("Document", "Date", "Period", "Total"),
                                   (1.7, 1.1, 2.5, 1.2), documents),
                 "No superbill, estimate, receipt or statement has been given to you."),
    ]


def _shown(amount: Money | None) -> str:
    return "" if amount is None else amount.display()


def _releases(record: ClientRecord) -> list[Flowable]:
    rows = [[r.recipient, r.purpose, "; ".join(SCOPE_LABELS.get(s, s) for s in r.scopes),
             f"{short_date(r.signed_on)} to {short_date(r.expires_on)}"
             + (f", revoked {short_date(r.revoked_on)}" if r.revoked_on else ""),
             _STATES.get(r.state, r.state)] for r in record.releases]
    return [*_heading("Releases of information"), _or_none(
        rows, _table(("Recipient", "Purpose", "Covers", "Dates", "State"),
                     (1.5, 1.4, 1.5, 1.2, 0.9), rows), "You have signed no release.")]


def _letters(record: ClientRecord) -> list[Flowable]:
    rows = [[short_date(x.letter_date), x.recipient, x.purpose,
             "Corrected by a later letter" if x.superseded_by else "As issued, attached"]
            for x in record.letters]
    return [*_heading("Letters sent"), _or_none(
        rows, _table(("Date", "Recipient", "Purpose", "Copy"), (1.0, 2.0, 2.3, 1.2), rows),
        "No letter has been sent about you.")]


def _disclosures(record: ClientRecord) -> list[Flowable]:
    rows = [[short_date(d.disclosed_on), d.recipient, d.disclosed, d.purpose]
            for d in record.disclosures]
    return [*_heading("Accounting of disclosures"), _or_none(
        rows, _table(("Date", "Recipient", "Information disclosed", "Purpose"),
                     (1.0, 2.0, 1.9, 1.6), rows), "No disclosure has been recorded.")]


def _withheld(record: ClientRecord) -> list[Flowable]:
    rows = [[w.what, w.why] for w in record.withheld]
    return [*_heading("Withheld from this copy"), _or_none(
        rows, _table(("What", "Why"), (3.0, 3.5), rows), "Nothing was withheld.")]
