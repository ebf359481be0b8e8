"""A rendered letter carries everything a physician's office expects, and nothing more."""

from __future__ import annotations

import dataclasses
import io
from datetime import date

import pytest
from pypdf import PdfReader

from practice.documents import DocumentError
from practice.letters import LetterError, UndrawableText, load_templates
from practice.letters.model import SCOPES, LetterContent, Licence
from practice.letters.render import LETTER_TITLE, render_letter
from practice.letters.specimen import specimen_fields, specimen_letter

from .conftest import pdf_pages, pdf_text, png


def test_a_letter_prints_every_element_a_physician_expects(letter: LetterContent) -> None:
    pdf = render_letter(letter)
    text = pdf_text(pdf)
    expected = [
        # letterhead
        "Harbor Sex & Relationship Therapy",
        "1200 Magazine Street, Suite 4",
        "Phone (504) 555-0142",
        # date
        "March 10, 2025",
        # recipient block, fax included
        "Anna Kowalski, MD",
        "Crescent City Cardiology",
        "3600 Prytania Street",
        "Fax: (504) 555-0199",
        # reference line and purpose
        "Re: Alexander Petrov, DOB 04/12/1980",
        "Purpose: Coordination of care with cardiology",
        "Dear Dr. Kowalski:",
        # release on file, with its date
        "authorization from the client for the release of this information to you, "
        "dated March 3, 2025, is on file",
        # signature block: licences with states, certification, contact
        "Miriam Okafor, PhD, LMFT",
        "AASECT Certified Sex Therapist",
        "Louisiana LMFT License No. LMFT-1234",
        "Texas LMFT License No. 98765",
        "Minnesota LMFT License No. 5555",
        "m.okafor@harbor-therapy.example",
        "cc: Jordan Lee, DPT, Pelvic Health Partners",
        "CONFIDENTIALITY NOTICE",
    ]
    missing = [phrase for phrase in expected if phrase not in text]
    assert missing == []
    pages = pdf_pages(pdf)
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


def test_the_body_uses_the_chosen_name_and_the_reference_line_the_records_name(
    letter: LetterContent,
) -> None:
    text = pdf_text(render_letter(letter))
    assert "Re: Alexander Petrov" in text
    assert "My work with Alex includes" in text
    assert "widening their sexual repertoire" in text


@pytest.mark.parametrize("key", sorted(load_templates()))
def test_a_typical_letter_from_each_template_is_one_or_two_pages(key: str) -> None:
    template = load_templates()[key]
    pdf = render_letter(specimen_letter(template, allowed_scopes=SCOPES))
    assert 1 <= len(PdfReader(io.BytesIO(pdf)).pages) <= 2


def test_an_attendance_only_letter_fits_on_one_page() -> None:
    pdf = render_letter(specimen_letter(allowed_scopes=frozenset({"attendance"})))
    pages = pdf_pages(pdf)
    assert len(pages) == 1
    assert "Page 1 of 1" in pages[0]


def test_page_two_repeats_the_reference_line_in_case_pages_are_separated(
    letter: LetterContent,
) -> None:
    long_letter = dataclasses.replace(letter, paragraphs=letter.paragraphs * 3)
    pages = pdf_pages(render_letter(long_letter))
    assert len(pages) >= 2
    for number, page in enumerate(pages[1:], start=2):
        assert "Re: Alexander Petrov, DOB 04/12/1980" in page
        assert f"Page {number} of {len(pages)}" in page


def test_the_signature_is_never_stranded_without_the_closing_paragraph(
    letter: LetterContent,
) -> None:
    for repeat in range(1, 4):
        pages = pdf_pages(
            render_letter(dataclasses.replace(letter, paragraphs=letter.paragraphs * repeat))
        )
        signature_page = next(p for p in pages if "Sincerely," in p)
        assert "is on file in this office" in signature_page


def test_greek_and_cyrillic_names_come_through_intact(letter: LetterContent) -> None:
    greek, cyrillic = "Αλέξανδρος Παπαδόπουλος", "Жанна Ёлкина-Їжак"
    content = dataclasses.replace(
        letter,
        reference_name=greek,
        paragraphs=(f"I am writing about {cyrillic}.", *letter.paragraphs),
    )
    text = pdf_text(render_letter(content))
    assert f"Re: {greek}, DOB" in text
    assert f"I am writing about {cyrillic}." in text


def test_european_accents_and_typographic_punctuation_come_through(letter: LetterContent) -> None:
    name = "Zoë Ångström-Łukasiewicz Ñúñez Çelik Øberg Dvořák Őrsi"
    content = dataclasses.replace(letter, reference_name=name, purpose="Care – “coordination”")
    text = pdf_text(render_letter(content))
    assert name in text
    assert "Care – “coordination”" in text


def test_accents_typed_as_combining_marks_are_printed_composed(letter: LetterContent) -> None:
    decomposed = "Rene\u0301e Mu\u0308ller"
    text = pdf_text(render_letter(dataclasses.replace(letter, reference_name=decomposed)))
    assert "Renée Müller" in text


def test_a_character_the_font_lacks_is_refused_naming_the_field_not_the_text(
    letter: LetterContent,
) -> None:
    secret = "王小明"
    content = dataclasses.replace(letter, reference_name=secret)
    with pytest.raises(UndrawableText) as caught:
        render_letter(content)
    assert caught.value.fields == ("reference name",)
    assert "reference name" in str(caught.value)
    assert secret not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("שרה לוי", "Hebrew would print reversed"),
        ("سارة", "Arabic would print unjoined"),
        ("Sara\u202eivel", "a bidi override is invisible"),
        ("Sara\x07", "a control character"),
        ("Sara\ue000", "a private-use character"),
    ],
)
def test_text_that_would_print_wrongly_is_refused(
    letter: LetterContent, text: str, why: str
) -> None:
    content = dataclasses.replace(letter, cc=("Dr. Lee", text))
    with pytest.raises(UndrawableText, match="cc line 2"):
        render_letter(content)


def test_every_refused_field_is_named_at_once(letter: LetterContent) -> None:
    recipient = dataclasses.replace(letter.recipient, organisation="東京クリニック")
    content = dataclasses.replace(letter, recipient=recipient, paragraphs=("ok", "中文"))
    with pytest.raises(UndrawableText) as caught:
        render_letter(content)
    assert caught.value.fields == ("recipient organization", "paragraph 2")


def test_markup_characters_in_fields_print_as_typed(letter: LetterContent) -> None:
    typed = 'Use <b>caution</b> & "care" with &amp; dosing > 5 mg'
    text = pdf_text(render_letter(dataclasses.replace(letter, paragraphs=(typed,))))
    assert typed in text


def test_line_breaks_inside_a_field_are_kept(letter: LetterContent) -> None:
    content = dataclasses.replace(letter, paragraphs=("Recommendations:\n- first\n- second",))
    page = pdf_pages(render_letter(content))[0]
    assert "Recommendations:\n- first\n- second" in page


def test_the_metadata_carries_no_client_information(letter: LetterContent) -> None:
    pdf = render_letter(letter)
    reader = PdfReader(io.BytesIO(pdf))
    metadata = {str(k): str(v) for k, v in (reader.metadata or {}).items()}
    assert metadata["/Title"] == LETTER_TITLE == "Clinical correspondence"
    assert metadata["/Author"] == "Harbor Sex & Relationship Therapy"
    assert metadata.get("/Subject", "") == ""
    assert metadata.get("/Keywords", "") == ""
    flat = " ".join(metadata.values())
    for private in ("Alexander", "Petrov", "Alex", "1980", "04/12", "erectile", "Kowalski"):
        assert private not in flat
    assert reader.xmp_metadata is None


def test_the_same_letter_renders_to_the_same_bytes(letter: LetterContent) -> None:
    assert render_letter(letter) == render_letter(letter)


def test_a_logo_and_a_signature_image_are_placed(letter: LetterContent) -> None:
    content = dataclasses.replace(
        letter,
        letterhead=dataclasses.replace(letter.letterhead, logo_png=png(400, 200)),
        signatory=dataclasses.replace(letter.signatory, signature_png=png(300, 80)),
    )
    reader = PdfReader(io.BytesIO(render_letter(content)))
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 2
    assert "Harbor Sex & Relationship Therapy" in reader.pages[0].extract_text()


def test_a_logo_that_is_not_an_image_is_refused_plainly(letter: LetterContent) -> None:
    content = dataclasses.replace(
        letter, letterhead=dataclasses.replace(letter.letterhead, logo_png=b"not a png")
    )
    with pytest.raises(DocumentError, match="logo image cannot be read"):
        render_letter(content)


def test_blank_required_fields_are_named(letter: LetterContent) -> None:
    content = dataclasses.replace(
        letter,
        reference_name=" ",
        recipient=dataclasses.replace(letter.recipient, name=""),
        paragraphs=("  ",),
    )
    with pytest.raises(DocumentError) as caught:
        render_letter(content)
    message = str(caught.value)
    for label in ("recipient name", "reference name", "letter body"):
        assert label in message


def test_a_release_dated_after_the_letter_is_refused(letter: LetterContent) -> None:
    content = dataclasses.replace(letter, release_signed_on=date(2025, 3, 11))
    with pytest.raises(LetterError, match="release"):
        render_letter(content)


def test_a_licence_without_a_type_still_names_its_state_and_number(letter: LetterContent) -> None:
    signatory = dataclasses.replace(letter.signatory, licences=(Licence("Florida", "SX 42"),))
    text = pdf_text(render_letter(dataclasses.replace(letter, signatory=signatory)))
    assert "Florida License No. SX 42" in text


def test_a_letter_with_no_cc_and_a_custom_notice(letter: LetterContent) -> None:
    content = dataclasses.replace(letter, cc=(), confidentiality_notice="Private and confidential.")
    text = pdf_text(render_letter(content))
    assert "cc:" not in text
    assert "Private and confidential." in text
    assert "CONFIDENTIALITY NOTICE" not in text


def test_the_specimen_fields_cover_every_template_field() -> None:
    from practice.letters.templates import FIELDS

    assert set(specimen_fields()) == FIELDS
