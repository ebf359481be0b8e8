"""Superbills and good-faith estimates drawn by the one PDF engine (``practice.documents``).

Every text a person typed is checked for characters the letter font cannot draw before
anything is laid out, so a document never prints boxes in place of a name. The PDF's
metadata names the document only, never the client.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from practice.billing.catalogue import label_of
from practice.documents.glyphs import check_drawable, normalise
from practice.documents.layout import (
    GREY,
    RULE,
    TEXT_WIDTH,
    build_pdf,
    image,
    letterhead_flowables,
    lines_para,
    long_date,
    notice,
    para,
    short_date,
    styles,
)
from practice.documents.model import Letterhead
from practice.services.billing_documents.model import (
    Biller,
    DiagnosisCode,
    Estimate,
    Patient,
    Superbill,
)

PLACES_NOTICE = ("Place of service: 11 office; 10 telehealth in the patient's home; 02 telehealth "
                 "elsewhere. Modifier 95: synchronous telehealth by video. Fees are the "
                 "practice's charges after any adjustment; payments are those received by the "
                 "practice. Submit this statement to your insurer to claim reimbursement.")
# The notice of the right to a good-faith estimate (CMS standard notice, 45 CFR 149.610).
GFE_RIGHTS = (
    "You have the right to receive a \u201cGood Faith Estimate\u201d explaining how much your "
    "medical care will cost. Under the law, health care providers need to give patients who "
    "don't have insurance or who are not using insurance an estimate of the bill for medical "
    "items and services.",
    "You have the right to receive a Good Faith Estimate for the total expected cost of any "
    "non-emergency items or services. This includes related costs like medical tests, "
    "prescription drugs, equipment, and hospital fees.",
    "Make sure your health care provider gives you a Good Faith Estimate in writing at least 1 "
    "business day before your medical service or item. You can also ask your health care "
    "provider, and any other provider you choose, for a Good Faith Estimate before you "
    "schedule an item or service.",
    "If you receive a bill that is at least $400 more than your Good Faith Estimate, you can "
    "dispute the bill.",
    "Make sure to save a copy or picture of your Good Faith Estimate.",
)
GFE_DISCLAIMER = (
    "This Good Faith Estimate shows the costs of items and services that are reasonably "
    "expected for your health care needs for an item or service. The estimate is based on "
    "information known at the time the estimate was created. The Good Faith Estimate does not "
    "include any unknown or unexpected costs that may arise during treatment. You could be "
    "charged more if complications or special circumstances occur. If this happens, federal "
    "law allows you to dispute (appeal) the bill. There may be additional items or services "
    "the provider recommends as part of the course of care that must be scheduled or "
    "requested separately and are not reflected in this Good Faith Estimate. This Good Faith "
    "Estimate is not a contract and does not require you to obtain the items or services "
    "listed.")
GFE_DISPUTE = (
    "If you are billed for more than this Good Faith Estimate, you have the right to dispute "
    "the bill. You may contact the health care provider listed to let them know the billed "
    "charges are higher than the Good Faith Estimate. You can ask them to update the bill to "
    "match the Good Faith Estimate, ask to negotiate the bill, or ask if there is financial "
    "assistance available. You may also start a dispute resolution process with the U.S. "
    "Department of Health and Human Services (HHS) if your bill is at least $400 more than "
    "this Good Faith Estimate. If you choose to use the dispute resolution process, you must "
    "start the dispute process within 120 calendar days (about 4 months) of the date on the "
    "original bill. There is a $25 fee to use the dispute resolution process. If the agency "
    "reviewing your dispute agrees with you, you will have to pay the price on this Good Faith "
    "Estimate. If the agency disagrees with you and agrees with the health care provider, you "
    "will have to pay the higher amount.",
    "To learn more and get a form to start the process, go to www.cms.gov/nosurprises or call "
    "1-800-985-3059. For questions or more information about your right to a Good Faith "
    "Estimate or the dispute process, visit www.cms.gov/nosurprises or call 1-800-985-3059. "
    "Keep a copy of this Good Faith Estimate in a safe place or take pictures of it. You may "
    "need it if you are billed a higher amount.",
)


# Points between a cell's text and its column's edges.
_PADDING = 3


def _right() -> ParagraphStyle:
    return ParagraphStyle("cell_right", styles().cell, alignment=TA_RIGHT)


def _table(head: Sequence[str], widths: Sequence[float], rows: list[list[str]], *,
           right_from: int, total: list[str] | None = None) -> Table:
    """A ruled table; columns from ``right_from`` on (amounts) are right-aligned."""
    style, right = styles(), _right()
    head_right = ParagraphStyle("head_right", style.cell_head, alignment=TA_RIGHT)
    bold = ParagraphStyle("total", style.cell_head)
    room = [w * inch - 2 * _PADDING for w in widths]

    def cells(row: Sequence[str], plain: ParagraphStyle,
              aligned: ParagraphStyle) -> list[Flowable | str]:
        return [_cell(text, aligned if i >= right_from else plain, room[i])
                for i, text in enumerate(row)]

    data = [cells(head, style.cell_head, head_right)]
    data += [cells(row, style.cell, right) for row in rows]
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.75, GREY),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), _PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), _PADDING),
        # How the cells drawn as plain strings (see ``_cell``) look: as the paragraphs do.
        ("FONT", (0, 0), (-1, -1), style.cell.fontName, style.cell.fontSize, style.cell.leading),
        ("FONT", (0, 0), (-1, 0), style.cell_head.fontName, style.cell_head.fontSize,
         style.cell_head.leading),
        ("ALIGN", (right_from, 0), (-1, -1), "RIGHT"),
    ]
    if total is not None:
        data.append(cells(total, bold, ParagraphStyle("total_right", bold, alignment=TA_RIGHT)))
        commands += [("LINEABOVE", (0, -1), (-1, -1), 0.75, GREY),
                     ("FONT", (0, -1), (-1, -1), bold.fontName, bold.fontSize, bold.leading)]
    return Table(data, colWidths=[w * inch for w in widths], repeatRows=1,
                 style=TableStyle(commands))


def _cell(text: str, style: ParagraphStyle, room: float) -> Flowable | str:
    """A cell's text: a plain string when it fits on one line, else a wrapping paragraph.

    A paragraph is parsed as markup and wrapped again at every page split; with one per
    cell, a year of weekly sessions took six times as long as a letter to draw (bench/
    bench_superbills.py). Dates, codes and amounts fit, and draw the same as strings.
    """
    shown = normalise(text).strip()
    if "\n" not in shown and stringWidth(shown, style.fontName, style.fontSize) <= room:
        return shown
    return para(text, style)


def _heading(text: str) -> list[Flowable]:
    return [Spacer(0, 6), para(text, styles().tight, bold=True), Spacer(0, 3)]


def _section(title: str, paragraphs: Sequence[str]) -> list[Flowable]:
    """A heading kept on the page of its first paragraph, then the rest."""
    body = [para(text, styles().body) for text in paragraphs]
    return [KeepTogether([*_heading(title), body[0]]), *body[1:]]


def _biller_lines(biller: Biller) -> list[str]:
    return [biller.name, f"Individual NPI: {biller.npi}", f"Tax ID (EIN): {biller.tax_id}",
            *(f"Licence: {lic}" for lic in biller.licences)]


def _patient_lines(patient: Patient) -> list[str]:
    born = short_date(patient.date_of_birth) if patient.date_of_birth else "not recorded"
    return [patient.legal_name, f"Date of birth: {born}", *patient.address.splitlines()]


def _parties(left: tuple[str, list[str]], right: tuple[str, list[str]]) -> Table:
    style = styles()
    column = TEXT_WIDTH / 2
    blocks = [[para(title, style.tight, bold=True), lines_para(lines, style.tight)]
              for title, lines in (left, right)]
    return Table([blocks], colWidths=[column, column], style=TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))


def _diagnoses(diagnoses: Sequence[DiagnosisCode]) -> list[Flowable]:
    if not diagnoses:
        return []
    rows = [[d.pointer, d.code, d.description] for d in diagnoses]
    return [*_heading("Diagnoses (ICD-10-CM)"),
            _table(("Pointer", "Code", "Description"), (0.7, 0.9, 4.9), rows, right_from=3)]


def _check_text(letterhead: Letterhead, biller: Biller, patient: Patient,
                diagnoses: Sequence[DiagnosisCode]) -> None:
    check_drawable({
        "Practice name": letterhead.practice_name,
        "Practice address": "\n".join(letterhead.address_lines),
        "Practice phone": letterhead.phone,
        "Therapist name and credentials": biller.name,
        "Licences": "\n".join(biller.licences),
        "Client's legal name": patient.legal_name,
        "Client's address": patient.address,
        "Diagnosis descriptions": "\n".join(d.description for d in diagnoses),
    })


def render_superbill(bill: Superbill, letterhead: Letterhead, signature: bytes | None) -> bytes:
    """Draw a superbill.

    Args:
        bill: From ``gather_superbill``.
        letterhead: The practice's letterhead.
        signature: The therapist's signature image, if one is kept.

    Returns:
        The PDF, unprotected.

    Raises:
        UndrawableText: A name or address holds characters the font cannot draw.
        DocumentError: The signature image cannot be read.
    """
    _check_text(letterhead, bill.biller, bill.patient, bill.diagnoses)
    style = styles()
    rows = [[short_date(line.service_date), line.place_of_service, line.code,
             " ".join(line.modifiers), ", ".join(line.pointers), str(line.units),
             line.fee.display(), line.paid.display(), line.balance.display()]
            for line in bill.lines]
    total = ["Total", "", "", "", "", "", bill.total_fee.display(), bill.total_paid.display(),
             bill.total_balance.display()]
    story: list[Flowable] = [
        *letterhead_flowables(letterhead),
        para("Superbill", style.title),
        para(f"Services from {long_date(bill.start)} to {long_date(bill.end)}. "
             f"Issued {long_date(bill.issued_on)}.", style.body),
        _parties(("Rendering provider", _biller_lines(bill.biller)),
                 ("Patient", _patient_lines(bill.patient))),
        *_diagnoses(bill.diagnoses),
        *_heading("Services"),
        _table(("Date", "POS", "CPT", "Modifiers", "Dx pointer", "Units", "Fee", "Paid",
                "Balance"), (0.8, 0.4, 0.55, 0.75, 0.75, 0.45, 0.95, 0.9, 0.95), rows,
               right_from=5, total=total),
        Spacer(0, 14),
    ]
    if signature:
        story.append(image(signature, 2.2 * inch, 0.7 * inch, "signature"))
    story += [para(f"{bill.biller.name}, {long_date(bill.issued_on)}", style.tight),
              notice(PLACES_NOTICE)]
    return build_pdf(story, title="Superbill", author=letterhead.practice_name,
                     running_header=f"Superbill: {bill.patient.legal_name}, services "
                                    f"{short_date(bill.start)} to {short_date(bill.end)}")


def render_estimate(estimate: Estimate, letterhead: Letterhead) -> bytes:
    """Draw a good-faith estimate.

    Args:
        estimate: From ``gather_estimate``.
        letterhead: The practice's letterhead.

    Returns:
        The PDF, unprotected.

    Raises:
        UndrawableText: A name or address holds characters the font cannot draw.
    """
    _check_text(letterhead, estimate.biller, estimate.patient, estimate.diagnoses)
    style = styles()
    office = [letterhead.practice_name, *letterhead.address_lines]
    states = ", ".join(estimate.biller.states)
    provider = [*_biller_lines(estimate.biller),
                *(["Services given in: " + states] if states else []),
                "Office: " + "; ".join(line for line in office if line.strip())]
    rows = [[f"{line.code} {label_of(line.code)}", short_date(line.first), str(line.sessions),
             line.fee.display(), line.total.display()] for line in estimate.lines]
    total = ["Total estimated cost", "", str(sum(line.sessions for line in estimate.lines)),
             "", estimate.total.display()]
    story: list[Flowable] = [
        *letterhead_flowables(letterhead),
        para("Good Faith Estimate for Health Care Items and Services", style.title),
        para(f"Date of this estimate: {long_date(estimate.issued_on)}. It covers the services "
             f"expected from {long_date(estimate.start)} to {long_date(estimate.end)}.",
             style.body),
        _parties(("Provider", provider), ("Patient", _patient_lines(estimate.patient))),
        *_heading("Expected services"),
        para(f"Psychotherapy, {estimate.frequency.lower()}, first expected on "
             f"{long_date(estimate.start)}. Each session is priced at the practice's fee in "
             "force on its expected date.", style.body),
        _table(("Service (CPT)", "From", "Sessions", "Fee each", "Estimated cost"),
               (3.0, 0.85, 0.75, 0.9, 1.0), rows, right_from=2, total=total),
        *_diagnoses(estimate.diagnoses),
        *_section("Disclaimer", (GFE_DISCLAIMER,)),
        *_section("Your rights and protections: the Good Faith Estimate",
                  ["\u2022 " + line for line in GFE_RIGHTS]),
        *_section("What if I am billed for more than this estimate?", GFE_DISPUTE),
    ]
    return build_pdf(story, title="Good Faith Estimate", author=letterhead.practice_name,
                     running_header=f"Good Faith Estimate: {estimate.patient.legal_name}, "
                                    f"{short_date(estimate.issued_on)}")
