"""Blank questionnaires with the practice's letterhead, ready to print."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from practice.measures import instrument


def blank_form_pdf(sessions: sessionmaker[Session], key: str) -> bytes:
    """A blank form of one instrument, headed with the practice's letterhead.

    Args:
        sessions: The store's sessionmaker (the practice profile and logo are read).
        key: The instrument's key ("phq9", ...).

    Returns:
        The PDF.

    Raises:
        ValidationError: An unknown instrument key.
        UndrawableText: The letterhead has characters the font cannot draw.
    """
    # ReportLab loads only when a form is printed, never with the measures services.
    from practice.measures.forms import blank_form
    from practice.services.letters.profile import letterhead
    from practice.services.settings import LOGO, load_image, load_profile

    form = instrument(key)
    return blank_form(form, letterhead(load_profile(sessions), load_image(sessions, LOGO)))
