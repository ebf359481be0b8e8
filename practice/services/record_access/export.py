"""Writing the client's copy out: the PDF and/or the FHIR bundle, then logging the copy.

The copy is logged as a disclosure to the client (``disclosures.record_client_copy``) in the
same transaction as its audit entry, and only after every file was written: logging first
would record a copy that a full disk or a vanished folder then kept from being made. Should
the log itself fail, the files just written are removed again, so no copy leaves unlogged.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from practice.errors import PracticeError
from practice.services.common import utcnow
from practice.services.letters.disclosures import record_client_copy
from practice.services.letters.profile import letterhead
from practice.services.record_access.fhir import record_bundle
from practice.services.record_access.gather import gather_record
from practice.services.record_access.model import ClientRecord, Withheld
from practice.services.releases import Scope
from practice.services.settings import LOGO, load_image, load_profile
from practice.store.audit import record as audit

#: Steps reported to ``progress`` (done, total).
STEPS = 4


class RecordExportError(PracticeError):
    """The copy could not be written where the therapist chose; nothing half-written stays."""


@dataclass(frozen=True)
class RecordExport:
    """What was written, for the screen or the command line to report."""

    client_id: int
    pdf_written: bool
    fhir_written: bool
    notes: int
    withheld: tuple[Withheld, ...]
    protected: bool
    disclosure_id: int
    """The copy's row in the client's disclosure log."""


def _check_target(path: Path, what: str) -> None:
    if not path.parent.is_dir():
        raise RecordExportError(f"The folder chosen for the {what} does not exist.")
    if path.is_dir():
        raise RecordExportError(f"Choose a file name for the {what}, not a folder.")


def export_record(
    sessions: sessionmaker[Session], client_id: int, *, today: date,
    pdf_path: Path | None = None, json_path: Path | None = None, password: str | None = None,
    progress: Callable[[int, int], None] | None = None, now: datetime | None = None,
) -> RecordExport:
    """Write a client's copy of their record and log that it was given to them.

    Each file appears whole or not at all (written beside its target, then renamed). Once
    both are written, one transaction audits the copy and logs it in the client's disclosure
    log as a copy given to them; if that fails, the files are removed again.

    Args:
        sessions: The store's sessionmaker.
        client_id: The client asking for their record.
        today: The day the copy is prepared.
        pdf_path: Where the PDF goes, if wanted.
        json_path: Where the FHIR R4 Bundle (JSON) goes, if wanted.
        password: Protect the PDF with AES-256 so it opens only with this password (a JSON
            file cannot carry a password: keep it somewhere private).
        progress: Called with (done, total) as each step ends.
        now: The bundle's timestamp (default: now).

    Returns:
        What was written.

    Raises:
        RecordExportError: Neither file was asked for, or a folder is missing.
        NotFound: No such client.
        UndrawableText: Some text cannot be printed in the letter font.
        LetterError: The password is blank, or a file cannot be written.
    """
    from practice.services.letters import export_pdf
    from practice.store.atomic import write_atomically

    if pdf_path is None and json_path is None:
        raise RecordExportError("Choose a PDF, a FHIR file, or both.")
    for path, what in ((pdf_path, "PDF"), (json_path, "FHIR file")):
        if path is not None:
            _check_target(path, what)
    step = _stepper(progress)
    copy = gather_record(sessions, client_id, today=today)
    step()
    written: list[Path] = []
    try:
        if pdf_path is not None:
            export_pdf(record_pdf(sessions, copy), pdf_path, password)
            written.append(pdf_path)
        step()
        if json_path is not None:
            bundle = record_bundle(copy, generated_at=now or utcnow())
            try:
                write_atomically(json_path, json.dumps(bundle, ensure_ascii=False, indent=1)
                                 .encode("utf-8"))
            except OSError as error:
                raise RecordExportError(
                    f"The FHIR file could not be written ({error.strerror}).") from error
            written.append(json_path)
        step()
        result = _log_copy(sessions, copy, today=today, pdf=pdf_path is not None,
                           fhir=json_path is not None,
                           protected=pdf_path is not None and password is not None)
    except BaseException:
        # A copy is either written and logged, or not left behind at all.
        for path in written:
            path.unlink(missing_ok=True)
        raise
    step()
    return result


def _log_copy(sessions: sessionmaker[Session], copy: ClientRecord, *, today: date, pdf: bool,
              fhir: bool, protected: bool) -> RecordExport:
    client_id = copy.identity.client_id
    with sessions.begin() as s:
        logged = record_client_copy(s, client_id=client_id, addressed_to=copy.identity.name,
                                    on=today, scopes=scopes_held(copy))
        # Ids and counts only: the audit trail never carries names or note text.
        audit(s, "record.export", entity="client", entity_id=client_id, pdf=pdf, fhir=fhir,
              notes=len(copy.notes), withheld=len(copy.withheld), protected=protected,
              disclosure_id=logged)
    return RecordExport(client_id, pdf, fhir, len(copy.notes), copy.withheld, protected,
                        logged)


def scopes_held(copy: ClientRecord) -> frozenset[Scope]:
    """The kinds of information a client's copy holds, as the disclosure log names them.

    Args:
        copy: From ``gather_record``.

    Returns:
        Attendance (sessions or notes), diagnosis, progress (note text), risk (a note's
        risk section) and measures (the client's own scores); empty when the copy holds
        only details, releases and letters.
    """
    held: set[Scope] = set()
    if copy.sessions or copy.notes:
        held.add("attendance")
    if copy.diagnoses:
        held.add("diagnosis")
    if copy.notes:
        held.add("progress")
    if any(s.key == "risk" and s.body.strip() for n in copy.notes for s in n.sections):
        held.add("risk")
    if copy.measures:
        held.add("measures")
    return frozenset(held)


def record_pdf(sessions: sessionmaker[Session], copy: ClientRecord) -> bytes:
    """Render a gathered copy under the practice's letterhead.

    Args:
        sessions: The store's sessionmaker (for the letterhead and logo).
        copy: From ``gather_record``.

    Returns:
        The PDF, unprotected.
    """
    from practice.services.record_access.pdf import render_record

    return render_record(copy, letterhead(load_profile(sessions), load_image(sessions, LOGO)))


def _stepper(progress: Callable[[int, int], None] | None) -> Callable[[], None]:
    done = [0]

    def step() -> None:
        done[0] += 1
        if progress is not None:
            progress(done[0], STEPS)

    return step
