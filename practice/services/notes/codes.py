"""Diagnosis (ICD-10-CM) and procedure (CPT) codes: the practice's lists and shape checks."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from practice.errors import ValidationError
from practice.paths import resources_dir

CodeSystem = Literal["icd10cm", "cpt"]

# ICD-10-CM: letter, digit, digit-or-letter, then optionally a dot and one to four more.
_ICD_RE = re.compile(r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")
# CPT: five digits, or four digits and F (category II), T (category III) or U (lab).
_CPT_RE = re.compile(r"^[0-9]{4}[0-9FTU]$")


@dataclass(frozen=True)
class CodeInfo:
    """A code, with its description and group when it is on the practice's list."""

    system: CodeSystem
    code: str
    description: str | None
    group: str | None
    curated: bool


def _read(path: Path, system: CodeSystem) -> dict[str, CodeInfo]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return {
        row["code"]: CodeInfo(system, row["code"], row["description"],
                              row.get("group") or row.get("kind"), True)
        for row in csv.DictReader(lines)
    }


@cache
def _diagnoses() -> dict[str, CodeInfo]:
    return _read(resources_dir() / "codes" / "icd10cm.csv", "icd10cm")


@cache
def _procedures() -> dict[str, CodeInfo]:
    return _read(resources_dir() / "codes" / "cpt.csv", "cpt")


def diagnosis_codes() -> tuple[CodeInfo, ...]:
    """The practice's ICD-10-CM list, in file order (grouped by kind of concern)."""
    return tuple(_diagnoses().values())


def procedure_codes() -> tuple[CodeInfo, ...]:
    """The practice's CPT list."""
    return tuple(_procedures().values())


def normalise_diagnosis(code: str) -> str:
    """Upper-case a diagnosis code, trim it, and put in the dot if it was left out."""
    cleaned = code.strip().upper()
    if len(cleaned) > 3 and "." not in cleaned:
        cleaned = f"{cleaned[:3]}.{cleaned[3:]}"
    return cleaned


def check_diagnosis(code: str) -> CodeInfo:
    """Check an ICD-10-CM code: listed codes get their title; others must have a valid shape.

    Args:
        code: As typed ("f52.21", "F5221" and "F52.21" are the same code).

    Returns:
        The code's information.

    Raises:
        ValidationError: The code is not shaped like an ICD-10-CM code.
    """
    cleaned = normalise_diagnosis(code)
    listed = _diagnoses().get(cleaned)
    if listed is not None:
        return listed
    if not _ICD_RE.match(cleaned):
        raise ValidationError("Diagnosis code is not an ICD-10-CM code (e.g. F52.21).")
    return CodeInfo("icd10cm", cleaned, None, None, False)


def check_procedure(code: str) -> CodeInfo:
    """Check a CPT code: listed codes get their description; others must have a valid shape.

    Raises:
        ValidationError: The code is not shaped like a CPT code.
    """
    cleaned = code.strip().upper()
    listed = _procedures().get(cleaned)
    if listed is not None:
        return listed
    if not _CPT_RE.match(cleaned):
        raise ValidationError("Procedure code is not a CPT code (e.g. 90834).")
    return CodeInfo("cpt", cleaned, None, None, False)


def describe(system: CodeSystem, code: str) -> str | None:
    """Return a listed code's description, or ``None``."""
    table = _diagnoses() if system == "icd10cm" else _procedures()
    info = table.get(code)
    return None if info is None else info.description
