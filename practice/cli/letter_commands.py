"""Subcommands that issue a coordination letter, write one out again, or account for disclosures.

Clinical prose for a letter comes from a file or standard input, never from arguments
(other users can read a command line); so does the password that protects a PDF.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from practice.cli.store_commands import add_store_arguments, open_store
from practice.errors import PracticeError
from practice.letters.model import SCOPE_LABELS

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

PASSWORD_ENV = "PRACTICE_PDF_PASSWORD"
_MAX_FIELDS_BYTES = 1024 * 1024


def register(sub: Any) -> None:
    """Add the letter and disclosure subcommands."""
    letter = _command(sub, "letter", "issue a care-coordination letter and write it as a PDF",
                      _letter)
    letter.add_argument("--client", required=True, metavar="NAME_OR_ID")
    letter.add_argument("--provider", required=True, metavar="NAME_OR_ID")
    letter.add_argument("--template", required=True, metavar="SPECIALTY",
                        help="the letter template, e.g. urology or pelvic-floor-pt")
    _out_arguments(letter)
    letter.add_argument("--date", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                        help="the letter's date (default: today)")
    # The scopes in the order releases keep them, from the letters' plain values rather than
    # the ORM models: the app parses this command line before its window paints.
    letter.add_argument("--scope", action="append", choices=tuple(SCOPE_LABELS), default=None,
                        help="disclose only this kind of information (repeatable)")
    letter.add_argument("--fields-file", type=Path, default=None, metavar="FILE",
                        help="the letter's prose, one 'field: text' per line ('-': stdin)")
    letter.add_argument("--include-joint", action="store_true",
                        help="draw on joint sessions too (every attendee needs a release)")
    letter.add_argument("--cc-provider", action="append", default=[], metavar="NAME_OR_ID",
                        help="send a copy to another provider (needs its own release)")
    letter.add_argument("--cc-client", choices=("post", "email"), default=None,
                        help="send the client a copy by a channel they marked safe")
    again = _command(sub, "letter-export", "write an issued letter out again, as issued",
                     _letter_export)
    again.add_argument("--letter", required=True, type=int, metavar="ID")
    again.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    again.add_argument("--password-file", type=Path, default=None, metavar="FILE")
    report = _command(sub, "disclosures", "write a client's accounting of disclosures (PDF)",
                      _disclosures)
    report.add_argument("--client", required=True, metavar="NAME_OR_ID")
    _out_arguments(report)


def _command(sub: Any, name: str, help_text: str, run: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help_text, description=help_text)
    add_store_arguments(parser)
    parser.set_defaults(run=run)
    return parser


def _out_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    parser.add_argument("--legal-name", action="store_true",
                        help="use the client's legal name rather than their chosen name")
    parser.add_argument("--password-file", type=Path, default=None, metavar="FILE",
                        help=f"protect the PDF with this password (or set ${PASSWORD_ENV})")


def pdf_password(password_file: Path | None) -> str | None:
    """The password protecting the output PDF: from a file, the environment, or none.

    Raises:
        PracticeError: The file cannot be read or holds no password.
    """
    if password_file is None:
        return os.environ.get(PASSWORD_ENV) or None
    try:
        password = password_file.read_text(encoding="utf-8").rstrip("\r\n")
    except (OSError, UnicodeDecodeError):
        raise PracticeError("The password file cannot be read.") from None
    if not password.strip():
        raise PracticeError("The password file is empty.")
    return password


def read_fields(path: Path | None) -> dict[str, str]:
    """Read letter prose: ``field: text`` lines; other lines continue the field before.

    Raises:
        PracticeError: The file cannot be read, is too large, or text comes before a field.
    """
    if path is None:
        return {}
    try:
        raw = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        raise PracticeError("The fields file cannot be read as UTF-8 text.") from None
    if len(raw.encode("utf-8")) > _MAX_FIELDS_BYTES:
        raise PracticeError("The fields file is too large.")
    return _parse_fields(raw)


def _parse_fields(raw: str) -> dict[str, str]:
    from practice.letters.templates import FIELDS

    fields: dict[str, str] = {}
    current: str | None = None
    for number, line in enumerate(raw.splitlines(), start=1):
        name, sep, text = line.partition(":")
        if sep and name.strip() in FIELDS:
            current = name.strip()
            fields[current] = text.strip()
        elif line.strip() and not line.lstrip().startswith("#"):
            if current is None:
                raise PracticeError(f"Line {number} of the fields file names no field.")
            fields[current] = f"{fields[current]} {line.strip()}".strip()
    return fields


def _check_out(path: Path) -> None:
    # Checked before anything is issued, so a typo in the path logs no disclosure.
    if not path.parent.is_dir():
        raise PracticeError("The folder for the PDF does not exist; nothing was issued.")
    if path.is_dir():
        raise PracticeError("--out names a folder; give a file name; nothing was issued.")


def _find(sessions: sessionmaker[Session], typed: str, what: str) -> int:
    from practice.services.search.lookup import AmbiguousName, find_client, find_provider

    finder = find_client if what == "client" else find_provider
    try:
        return finder(sessions, typed)
    except AmbiguousName as ambiguous:
        # Names go to the therapist's own terminal only: the error itself carries none.
        print(f"{what.capitalize()}s matching that name (id, name):", file=sys.stderr)
        for candidate in ambiguous.candidates:
            print(f"  {candidate.id:>6}  {candidate.label}", file=sys.stderr)
        raise


def _letter(args: argparse.Namespace) -> int:
    from practice.services import letters

    password = pdf_password(args.password_file)
    fields = read_fields(args.fields_file)
    _check_out(args.out)
    with open_store(args) as store:
        sessions = store.sessions
        client_id = _find(sessions, args.client, "client")
        cc: list[letters.Copy] = [
            letters.CcProvider(_find(sessions, typed, "provider")) for typed in args.cc_provider
        ]
        if args.cc_client:
            cc.append(letters.CcClient(args.cc_client))
        draft = letters.compose_letter(
            sessions, client_id=client_id, provider_id=_find(sessions, args.provider, "provider"),
            template_key=args.template, on=args.date or date.today(),
            use_legal_name=args.legal_name, extra_fields=fields, cc=cc, scopes=args.scope,
            include_joint=args.include_joint,
        )
        issued = letters.issue_letter(sessions, draft)
    _export(issued.pdf, args.out, password, issued.id)
    print(f"Letter {issued.id} issued and its disclosure logged; written to {args.out}")
    return 0


def _export(pdf: bytes, path: Path, password: str | None, letter_id: int) -> None:
    from practice.services.letters import export_pdf

    try:
        export_pdf(pdf, path, password)
    except PracticeError as error:
        raise PracticeError(
            f"Letter {letter_id} was issued, but the PDF could not be written: {error.message} "
            f"Write it again with: practice letter-export --letter {letter_id} --out FILE.pdf"
        ) from error


def _letter_export(args: argparse.Namespace) -> int:
    from practice.services.letters import export_pdf, get_letter

    password = pdf_password(args.password_file)
    with open_store(args) as store:
        issued = get_letter(store.sessions, args.letter)
    export_pdf(issued.pdf, args.out, password)
    print(f"Letter {issued.id} written to {args.out}")
    return 0


def _disclosures(args: argparse.Namespace) -> int:
    from practice.services.letters import export_pdf
    from practice.services.letters.disclosures import disclosure_report

    password = pdf_password(args.password_file)
    _check_out(args.out)
    with open_store(args) as store:
        client_id = _find(store.sessions, args.client, "client")
        pdf = disclosure_report(store.sessions, client_id, today=date.today(),
                                use_legal_name=args.legal_name)
    export_pdf(pdf, args.out, password)
    print(f"Accounting of disclosures written to {args.out}")
    return 0
