"""The practice's diagnosis and procedure code lists."""

from __future__ import annotations

import pytest

from practice.errors import ValidationError
from practice.services.notes import codes

PRACTICE_CODES = ["F52.0", "F52.21", "F52.22", "F52.31", "F52.32", "F52.4", "F52.5", "F52.6",
                  "F52.8", "F52.9", "F64.0", "F64.1", "F64.2", "F64.8", "F64.9", "Z63.0"]


def test_the_practices_diagnosis_codes_are_listed_with_titles() -> None:
    listed = {c.code: c for c in codes.diagnosis_codes()}
    for code in PRACTICE_CODES:
        assert listed[code].description
    assert listed["F52.21"].description == "Male erectile disorder"
    assert listed["Z63.0"].description == "Problems in relationship with spouse or partner"


def test_the_practices_procedure_codes_are_listed() -> None:
    listed = {c.code for c in codes.procedure_codes()}
    assert {"90791", "90832", "90834", "90837", "90846", "90847", "90839", "90840",
            "90785"} <= listed


@pytest.mark.parametrize(("typed", "stored"), [("f52.21", "F52.21"), ("F5221", "F52.21"),
                                               (" z63.0 ", "Z63.0")])
def test_a_diagnosis_code_is_normalised(typed: str, stored: str) -> None:
    assert codes.check_diagnosis(typed).code == stored


def test_a_well_shaped_code_off_the_list_is_accepted_without_a_title() -> None:
    info = codes.check_diagnosis("F42.2")
    assert (info.curated, info.description) == (False, None)
    assert codes.check_procedure("0362T").curated is False


@pytest.mark.parametrize("code", ["9083", "908345", "ABCDE", "90834X"])
def test_a_malformed_procedure_code_is_refused(code: str) -> None:
    with pytest.raises(ValidationError, match="CPT"):
        codes.check_procedure(code)
