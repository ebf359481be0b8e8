"""Fixtures and helpers for the letters tests: specimen content and reading PDFs back."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from practice.letters.model import LetterContent
from practice.letters.specimen import specimen_letter


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page, as a recipient's PDF reader would extract it."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    """All pages' text with line breaks folded to spaces, for phrase checks."""
    return " ".join(" ".join(pdf_pages(pdf)).split())


def png(width: int = 120, height: int = 60) -> bytes:
    """A small in-memory PNG, for logos and signatures."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 60, 120)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def letter() -> LetterContent:
    """The specimen cardiology letter with every scope released."""
    return specimen_letter()
