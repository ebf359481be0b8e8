"""Password-protect a rendered PDF with AES-256 (PDF 2.0 security handler, revision 6)."""

from __future__ import annotations

import io

from practice.documents.errors import DocumentError

# ReportLab 5.1 can only write the older AES-256 revision 5 (withdrawn from the PDF
# standard because its password check is cheap to brute-force), and only with the
# unmaintained pyaes package; its default is RC4. pypdf writes revision 6 using
# `cryptography`, all in memory.
_ALGORITHM = "AES-256"


def protect_pdf(pdf: bytes, password: str) -> bytes:
    """Encrypt a PDF so that it opens only with the password.

    The password serves as both user and owner password: whoever can open the letter
    may also print and copy it, as a recipient must.

    Args:
        pdf: An unencrypted PDF, e.g. from ``render_letter``.
        password: The password to open it; must not be blank.

    Returns:
        The encrypted PDF (AES-256, /V 5 /R 6).

    Raises:
        DocumentError: The password is blank.
    """
    if not password.strip():
        raise DocumentError("Please choose a password to protect the document.")
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=password, algorithm=_ALGORITHM)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
