"""Plain values every document is printed with: the practice's letterhead."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Letterhead:
    """The practice's letterhead, printed at the top of the first page.

    Attributes:
        practice_name: The practice's name as it should appear.
        address_lines: Street address lines, in printing order.
        phone: The practice telephone number.
        fax: A fax number, if the practice has one.
        email: A contact email address, if given.
        logo_png: A PNG (or JPEG) logo, scaled to fit beside the name.
    """

    practice_name: str
    address_lines: tuple[str, ...]
    phone: str
    fax: str = ""
    email: str = ""
    logo_png: bytes | None = None
