"""Which column holds what: the client fields a caseload may carry, guessed from the header."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal, get_args

Field = Literal["first_name", "last_name", "full_name", "preferred_name", "pronouns",
                "date_of_birth", "email", "phone", "address", "state"]
FIELDS: tuple[Field, ...] = get_args(Field)
FIELD_LABELS: dict[Field, str] = {
    "first_name": "First name",
    "last_name": "Last name",
    "full_name": "Full name",
    "preferred_name": "Preferred name",
    "pronouns": "Pronouns",
    "date_of_birth": "Date of birth",
    "email": "Email",
    "phone": "Phone",
    "address": "Address",
    "state": "State",
}
# Header words people use, already reduced to lowercase letters and digits.
_SYNONYMS: dict[Field, tuple[str, ...]] = {
    "first_name": ("firstname", "first", "givenname", "forename", "legalfirstname"),
    "last_name": ("lastname", "last", "surname", "familyname", "legallastname"),
    "full_name": ("name", "fullname", "clientname", "client", "legalname", "patientname"),
    "preferred_name": ("preferredname", "preferred", "chosenname", "nickname", "goesby"),
    "pronouns": ("pronouns", "pronoun"),
    "date_of_birth": ("dateofbirth", "dob", "birthdate", "birthday", "born"),
    "email": ("email", "emailaddress", "mail"),
    "phone": ("phone", "phonenumber", "mobile", "cell", "cellphone", "telephone", "tel"),
    "address": ("address", "streetaddress", "mailingaddress", "homeaddress"),
    "state": ("state", "stateofresidence", "residencestate", "st"),
}


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.casefold())


def guess_mapping(header: Sequence[str]) -> dict[Field, int]:
    """Guess which column holds each field from the header's words.

    Args:
        header: The CSV's first row.

    Returns:
        Field to column index, for the fields recognised (each column used at most once).
    """
    mapping: dict[Field, int] = {}
    taken: set[int] = set()
    keys = [_key(h) for h in header]
    for field in FIELDS:
        for index, key in enumerate(keys):
            if index not in taken and key in _SYNONYMS[field]:
                mapping[field] = index
                taken.add(index)
                break
    return mapping
