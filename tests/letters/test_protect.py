"""Password protection is AES-256 (revision 6), never RC4, and the right password opens it."""

from __future__ import annotations

import io

import pytest
from pypdf import PasswordType, PdfReader
from pypdf.generic import DictionaryObject, PdfObject

from practice.documents import DocumentError
from practice.documents.protect import protect_pdf
from practice.letters.model import LetterContent
from practice.letters.render import render_letter

PASSWORD = "Kowalski-office 2025 ñ"


@pytest.fixture
def protected(letter: LetterContent) -> bytes:
    return protect_pdf(render_letter(letter), PASSWORD)


def test_a_protected_letter_uses_aes_256_revision_6(protected: bytes) -> None:
    reader = PdfReader(io.BytesIO(protected))
    assert reader.is_encrypted
    encrypt = _dictionary(reader.trailer["/Encrypt"])
    assert str(encrypt["/Filter"]) == "/Standard"
    assert (str(encrypt["/V"]), str(encrypt["/R"])) == ("5", "6")
    crypt_filter = _dictionary(_dictionary(encrypt["/CF"])[encrypt["/StmF"]])
    assert str(crypt_filter["/CFM"]) == "/AESV3"
    assert encrypt["/StrF"] == encrypt["/StmF"]


def _dictionary(value: PdfObject) -> DictionaryObject:
    resolved = value.get_object()
    assert isinstance(resolved, DictionaryObject)
    return resolved


def test_the_right_password_opens_it_and_shows_the_letter(protected: bytes) -> None:
    reader = PdfReader(io.BytesIO(protected))
    assert reader.decrypt(PASSWORD) != PasswordType.NOT_DECRYPTED
    assert "Re: Alexander Petrov, DOB 04/12/1980" in reader.pages[0].extract_text()


def test_a_wrong_password_does_not_open_it(protected: bytes) -> None:
    reader = PdfReader(io.BytesIO(protected))
    assert reader.decrypt("kowalski-office 2025 ñ") == PasswordType.NOT_DECRYPTED


def test_without_the_password_neither_the_text_nor_the_metadata_is_readable(
    protected: bytes,
) -> None:
    assert b"Clinical correspondence" not in protected
    assert b"Harbor" not in protected
    reader = PdfReader(io.BytesIO(protected))
    with pytest.raises(Exception, match=r"(?i)decrypt|password"):
        reader.pages[0].extract_text()


def test_a_blank_password_is_refused(letter: LetterContent) -> None:
    with pytest.raises(DocumentError, match="password"):
        protect_pdf(render_letter(letter), "  ")
