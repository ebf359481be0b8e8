"""Render a care-coordination letter or an accounting of disclosures to PDF bytes."""

from __future__ import annotations

from collections.abc import Iterator

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from practice.documents.glyphs import check_drawable
from practice.documents.layout import (
    GREY,
    RULE,
    build_pdf,
    image,
    letterhead_flowables,
    lines_para,
    long_date,
    markup,
    notice,
    para,
    short_date,
    styles,
)
from practice.letters.errors import LetterError
from practice.letters.model import (
    DisclosureReport,
    LetterContent,
    Letterhead,
    Licence,
    Signatory,
)
from practice.measures import INSTRUMENTS
from practice.measures.printing import scores_flowables

LETTER_TITLE = "Clinical correspondence"
REPORT_TITLE = "Accounting of disclosures"
CLIENT_COPIES_NOTE = (
    "Copies of the record given to the client at their own request are listed too, marked "
    "\u201cCopy of the record\u201d; they need no authorization and the law does not require "
    "them in this accounting (45 CFR 164.528(a)(1)(ii)).")


def render_letter(content: LetterContent) -> bytes:
    """Render a care-coordination letter.

    Args:
        content: Everything the letter prints; the caller has already chosen which
            sections the release allows (see ``templates.fill``).

    Returns:
        The PDF, one or two pages for a typical letter.

    Raises:
        LetterError: A required field is blank, or the dates do not make sense.
        UndrawableText: Some field has characters the font cannot draw.
    """
    _check_letter(content)
    check_drawable(dict(_letter_texts(content)))
    reference = f"Re: {content.reference_name.strip()}, DOB {short_date(content.reference_dob)}"
    return build_pdf(
        _letter_story(content),
        title=LETTER_TITLE,
        author=content.letterhead.practice_name,
        running_header=f"{reference} · {long_date(content.letter_date)}",
    )


def _check_letter(content: LetterContent) -> None:
    required = {
        "practice name": content.letterhead.practice_name,
        "recipient name": content.recipient.name,
        "reference name": content.reference_name,
        "purpose": content.purpose,
        "signatory name": content.signatory.name,
    }
    blank = [label for label, text in required.items() if not text.strip()]
    if not any(p.strip() for p in content.paragraphs):
        blank.append("letter body")
    if blank:
        raise LetterError("The letter needs: " + ", ".join(blank) + ".")
    if content.release_signed_on > content.letter_date:
        raise LetterError("The release on file is dated after the letter.")
    if content.reference_dob > content.letter_date:
        raise LetterError("The date of birth is after the date of the letter.")


def _letter_texts(content: LetterContent) -> Iterator[tuple[str, str]]:
    """Yield every printed string with the field name an error would report."""
    yield from _letterhead_texts(content.letterhead)
    recipient = content.recipient
    yield "recipient name", recipient.name
    yield "recipient credentials", recipient.credentials
    yield "recipient organization", recipient.organisation
    yield from _numbered("recipient address line", recipient.address_lines)
    yield "recipient fax", recipient.fax
    yield "salutation", recipient.salutation
    yield "reference name", content.reference_name
    yield "purpose", content.purpose
    yield from _numbered("paragraph", content.paragraphs)
    yield from _signatory_texts(content.signatory)
    yield from _numbered("cc line", content.cc)
    yield "confidentiality notice", content.confidentiality_notice


def _letterhead_texts(letterhead: Letterhead) -> Iterator[tuple[str, str]]:
    yield "practice name", letterhead.practice_name
    yield from _numbered("practice address line", letterhead.address_lines)
    yield "practice phone", letterhead.phone
    yield "practice fax", letterhead.fax
    yield "practice email", letterhead.email


def _signatory_texts(signatory: Signatory) -> Iterator[tuple[str, str]]:
    yield "signatory name", signatory.name
    yield "signatory credentials", signatory.credentials
    for number, licence in enumerate(signatory.licences, start=1):
        yield f"license {number}", f"{licence.state} {licence.kind} {licence.number}"
    yield from _numbered("certification", signatory.certifications)
    yield from _numbered("signatory contact line", signatory.contact_lines)


def _numbered(label: str, texts: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    for number, text in enumerate(texts, start=1):
        yield f"{label} {number}", text


def _letter_story(content: LetterContent) -> list[Flowable]:
    style = styles()
    story: list[Flowable] = letterhead_flowables(content.letterhead)
    story += [para(long_date(content.letter_date), style.body), Spacer(0, 4)]
    story += [_recipient_block(content), Spacer(0, 12)]
    story += [
        Paragraph(
            f"<b>Re: {markup(content.reference_name)}, DOB {short_date(content.reference_dob)}</b>",
            style.tight,
        ),
        Paragraph(f"<b>Purpose:</b> {markup(content.purpose)}", style.body),
        Spacer(0, 4),
    ]
    salutation = content.recipient.salutation.strip() or f"Dear {content.recipient.name.strip()}:"
    story.append(para(salutation, style.body))
    before, after = (content.paragraphs[:content.scores_after],
                     content.paragraphs[content.scores_after:])
    story += [para(text, style.body) for text in before if text.strip()]
    story += _scores(content)
    story += [para(text, style.body) for text in after if text.strip()]
    release = para(
        "A signed authorization from the client for the release of this information "
        f"to you, dated {long_date(content.release_signed_on)}, is on file in this office.",
        style.body,
    )
    # The signature never stands alone on a page: the last paragraph goes with it.
    story.append(KeepTogether([release, *_signature_block(content.signatory)]))
    story += _closing_matter(content)
    return story


def _scores(content: LetterContent) -> list[Flowable]:
    # Only the letter's own client's scores reach here (see practice.services.letters.measures).
    style = styles()
    out: list[Flowable] = []
    for block in content.scores:
        form = INSTRUMENTS[block.instrument]
        # A table and its chart read together: never split over two pages.
        out.append(KeepTogether([
            para(block.title, style.tight, bold=True), Spacer(0, 2),
            *scores_flowables(form, block.rows, block.points),
            *(para(note, style.small) for note in block.notes), Spacer(0, 8)]))
    return out


def _recipient_block(content: LetterContent) -> Paragraph:
    recipient = content.recipient
    name = recipient.name.strip()
    if recipient.credentials.strip():
        name = f"{name}, {recipient.credentials.strip()}"
    fax = f"Fax: {recipient.fax.strip()}" if recipient.fax.strip() else ""
    lines = [name, recipient.organisation, *recipient.address_lines, fax]
    return lines_para(lines, styles().tight)


def _signature_block(signatory: Signatory) -> list[Flowable]:
    style = styles()
    block: list[Flowable] = [para("Sincerely,", style.tight)]
    if signatory.signature_png:
        block += [
            Spacer(0, 4),
            image(signatory.signature_png, 2.2 * inch, 0.6 * inch, "signature"),
            Spacer(0, 2),
        ]
    else:
        block.append(Spacer(0, 0.5 * inch))
    name = signatory.name.strip()
    if signatory.credentials.strip():
        name = f"{name}, {signatory.credentials.strip()}"
    block.append(para(name, style.tight, bold=True))
    lines = [*signatory.certifications, *map(_licence_line, signatory.licences)]
    lines += signatory.contact_lines
    block += [lines_para(lines, style.tight), Spacer(0, 12)]
    return block


def _licence_line(licence: Licence) -> str:
    kind = f"{licence.kind.strip()} " if licence.kind.strip() else ""
    return f"{licence.state.strip()} {kind}License No. {licence.number.strip()}"


def _closing_matter(content: LetterContent) -> list[Flowable]:
    style = styles()
    matter: list[Flowable] = []
    cc = [line.strip() for line in content.cc if line.strip()]
    if cc:
        matter.append(Paragraph("cc:&nbsp;&nbsp;" + "<br/>".join(map(markup, cc)), style.cc))
    if content.confidentiality_notice.strip():
        matter.append(notice(content.confidentiality_notice))
    return matter


def render_disclosure_report(report: DisclosureReport) -> bytes:
    """Render a client's accounting of disclosures as a PDF table.

    Args:
        report: The client, period and disclosures; entries print oldest first.

    Returns:
        The PDF.

    Raises:
        LetterError: The period is inverted, an entry lies outside it, or a required
            field is blank.
        UndrawableText: Some field has characters the font cannot draw.
    """
    _check_report(report)
    check_drawable(dict(_report_texts(report)))
    return build_pdf(
        _report_story(report),
        title=REPORT_TITLE,
        author=report.letterhead.practice_name,
        running_header=(
            f"Accounting of disclosures · {report.client_name.strip()}, "
            f"DOB {short_date(report.client_dob)}"
        ),
    )


def _check_report(report: DisclosureReport) -> None:
    blank = [
        label
        for label, text in (
            ("practice name", report.letterhead.practice_name),
            ("client name", report.client_name),
        )
        if not text.strip()
    ]
    if blank:
        raise LetterError("The report needs: " + ", ".join(blank) + ".")
    if report.period_start > report.period_end:
        raise LetterError("The report's period ends before it starts.")
    if any(not report.period_start <= e.disclosed_on <= report.period_end for e in report.entries):
        raise LetterError("A disclosure lies outside the report's period.")


def _report_texts(report: DisclosureReport) -> Iterator[tuple[str, str]]:
    yield from _letterhead_texts(report.letterhead)
    yield "client name", report.client_name
    yield "prepared by", report.prepared_by
    yield "notice", report.notice
    for number, entry in enumerate(report.entries, start=1):
        yield f"disclosure {number} recipient", entry.recipient
        yield f"disclosure {number} recipient address", entry.recipient_address
        yield f"disclosure {number} information disclosed", entry.disclosed
        yield f"disclosure {number} purpose", entry.purpose
        yield f"disclosure {number} release", entry.release_reference


def _report_story(report: DisclosureReport) -> list[Flowable]:
    style = styles()
    story: list[Flowable] = letterhead_flowables(report.letterhead)
    prepared = f"Prepared: {long_date(report.prepared_on)}"
    if report.prepared_by.strip():
        prepared += f", by {report.prepared_by.strip()}"
    story += [
        para("Accounting of Disclosures", style.title),
        Spacer(0, 6),
        para(f"Client: {report.client_name} (DOB {short_date(report.client_dob)})", style.tight),
        para(
            f"Period: {long_date(report.period_start)} to {long_date(report.period_end)}",
            style.tight,
        ),
        para(prepared, style.body),
        para(
            "This report lists every disclosure of the client's information recorded by this "
            "practice in the period shown, with the authorization under which each was made.",
            style.body,
        ),
    ]
    if any(e.copy_to_client for e in report.entries):
        # Listed so the client sees every copy handed over, though the law exempts them.
        story.append(para(CLIENT_COPIES_NOTE, style.body))
    if report.entries:
        story.append(_disclosure_table(report))
    else:
        story.append(para("No disclosures were recorded in this period.", style.body))
    if report.notice.strip():
        story += [Spacer(0, 4), notice(report.notice)]
    return story


_COLUMNS = (
    ("Date", 0.95),
    ("Recipient", 1.65),
    ("Information disclosed", 1.35),
    ("Purpose", 1.45),
    ("Authorization", 1.1),
)


def _disclosure_table(report: DisclosureReport) -> Table:
    style = styles()
    rows: list[list[Flowable]] = [[para(head, style.cell_head) for head, _ in _COLUMNS]]
    for entry in sorted(report.entries, key=lambda e: e.disclosed_on):
        recipient = markup(entry.recipient)
        if entry.recipient_address.strip():
            recipient += f'<br/><font color="#595959">{markup(entry.recipient_address)}</font>'
        rows.append(
            [
                para(short_date(entry.disclosed_on), style.cell),
                Paragraph(recipient, style.cell),
                para(entry.disclosed, style.cell),
                para(entry.purpose, style.cell),
                para(entry.release_reference, style.cell),
            ]
        )
    widths = [w * inch for _, w in _COLUMNS]
    return Table(
        rows,
        colWidths=widths,
        repeatRows=1,
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.75, GREY),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        ),
    )
