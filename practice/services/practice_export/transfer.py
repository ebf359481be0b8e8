"""Writing the export file, and building a new store from one."""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from practice import __version__
from practice.errors import StoreExists, ValidationError
from practice.services.practice_export.document import (
    BROKEN_RULES,
    FORMAT,
    FORMAT_VERSION,
    Cancelled,
    Progress,
    check_header,
    dump,
    load,
    shape_of,
)
from practice.services.practice_export.envelope import (
    DAMAGED,
    MAX_BYTES,
    NOT_AN_EXPORT,
    is_sealed,
    seal,
    unseal,
)
from practice.store.atomic import write_atomically
from practice.store.audit import record
from practice.store.layout import StoreLayout
from practice.store.schema import HEAD, REVISIONS

if TYPE_CHECKING:
    from practice.store.kdf import KdfParams
    from practice.store.store import Store

NEEDS_PASSPHRASE = "This export is encrypted: give the passphrase it was exported with."


@dataclass(frozen=True)
class ExportSummary:
    """What an export or import carried."""

    records: int
    tables: int
    schema_revision: str
    encrypted: bool


def _document(revision: str, tables: Mapping[str, object]) -> bytes:
    document = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "schema_revision": revision,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "app_version": __version__, "tables": tables,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _count(tables: Mapping[str, object]) -> int:
    return sum(len(content["rows"]) for content in tables.values()
               if isinstance(content, dict) and isinstance(content.get("rows"), list))


def export_practice(store: Store, out: Path, *, passphrase: str | None,
                    kdf: KdfParams | None = None, progress: Progress | None = None,
                    cancelled: Cancelled | None = None) -> ExportSummary:
    """Write every record of the store to ``out``, encrypted unless no passphrase is given.

    The records are read in one transaction, so the file is one consistent moment of the
    practice; it is written beside its final name and renamed into place, owner-only.

    Args:
        store: The open store.
        out: The export file to write (replaced if it exists).
        passphrase: The export's own passphrase; None writes plain JSON (the caller warns).
        kdf: Argon2id costs; calibrated for this computer when omitted.
        progress: Called with (tables read, tables in all).
        cancelled: Polled between tables; True stops with nothing written.

    Returns:
        What was exported.
    """
    from practice.store.kdf import calibrate

    if out.is_dir():
        raise ValidationError("The export must be written to a file, not a folder.")
    if not out.parent.is_dir():
        raise ValidationError("The folder to write the export in does not exist.")
    with store.engine.begin() as conn:
        revision, tables = dump(conn, progress=progress, cancelled=cancelled)
    data = _document(revision, tables)
    if passphrase is not None:
        data = seal(data, passphrase, kdf or calibrate())
    try:
        write_atomically(out, data)
    except OSError as error:
        raise ValidationError("The export could not be written there "
                              f"({error.strerror or 'no access'}).") from None
    records = _count(tables)
    with store.sessions.begin() as s:
        record(s, "practice.export", records=records, encrypted=passphrase is not None)
    return ExportSummary(records, len(tables), revision, passphrase is not None)


def read_export(path: Path, passphrase: str | None) -> tuple[str, Mapping[str, object]]:
    """Read and check an export file; return its schema revision and tables.

    Raises:
        ValidationError: Too large, not an export, encrypted without a passphrase, a wrong
            passphrase or changed file, damaged content, or a newer format.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            head = file.read(64)
            if size > MAX_BYTES:
                raise ValidationError(f"The file is too large to be an export "
                                      f"({size // 1024**2} MB). Nothing was imported.")
            if not is_sealed(head) and not head.lstrip().startswith(b"{"):
                raise ValidationError(NOT_AN_EXPORT)
            data = head + file.read()
    except OSError as error:
        raise ValidationError(f"The export file could not be read "
                              f"({error.strerror or 'no access'}).") from None
    if is_sealed(data):
        if passphrase is None:
            raise ValidationError(NEEDS_PASSPHRASE)
        data = unseal(data, passphrase)
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ValidationError(DAMAGED) from None
    return check_header(document, REVISIONS)


def _upgraded(revision: str, tables: Mapping[str, object]) -> Mapping[str, object]:
    """Bring an older export's tables up to this version through the store's migrations.

    They are loaded into a database of their own revision held in memory only (nothing in
    the clear touches the disk), migrated, and read back.
    """
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    from practice.store import schema

    engine = create_engine("sqlite://", poolclass=StaticPool)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA temp_store = MEMORY")
            conn.exec_driver_sql("PRAGMA foreign_keys = ON")
            schema.upgrade(conn, revision)
            load(conn, tables)
            schema.upgrade(conn, HEAD)
            _revision, upgraded = dump(conn)
    finally:
        engine.dispose()
    return upgraded


def import_practice(path: Path, target: Path, *, passphrase: str | None,
                    store_passphrase: str, kdf: KdfParams | None = None,
                    cancelled: Cancelled | None = None) -> tuple[Store, str, ExportSummary]:
    """Build a new store at ``target`` holding everything in an export file.

    Everything is written in one transaction; if anything fails, the new store is removed
    and nothing is left behind.

    Args:
        path: The export file.
        target: The new store's folder (must not hold a store).
        passphrase: The export's passphrase (None for a plain export).
        store_passphrase: The new store's passphrase.
        kdf: Argon2id costs for the new store (calibrated when omitted).
        cancelled: Polled between tables.

    Returns:
        The open new store, its recovery key (shown once), and what was imported.
    """
    from sqlalchemy.exc import IntegrityError

    from practice.store.store import Store

    if StoreLayout(target).exists():
        raise StoreExists("A store already exists in that folder; choose a new folder.")
    revision, tables = read_export(path, passphrase)
    if revision != HEAD:
        try:
            tables = _upgraded(revision, tables)
        except IntegrityError:
            raise ValidationError(BROKEN_RULES) from None
    existed = target.exists()
    try:
        store, recovery = Store.create(target, store_passphrase, kdf=kdf)
    except BaseException:
        if not existed:  # whatever creating it left half-made goes with it
            shutil.rmtree(target, ignore_errors=True)
        raise
    try:
        # The load runs on a connection of its own: every statement a connection has
        # prepared (creating the store prepares dozens, reading its schema more) holds slots
        # of its small-allocation pool until the connection closes, and once the pool is full
        # each row's allocations cost a pair of system calls under the store's memory
        # protection (see ``load``). Nothing else can change the new store meanwhile: it is
        # locked to this process until it is handed back.
        with store.engine.connect() as conn:
            shape = shape_of(conn)
        store.engine.dispose()
        with store.sessions.begin() as s:
            written = load(s.connection(), tables, shape=shape, cancelled=cancelled)
            record(s, "practice.import", records=written, from_revision=revision)
    except IntegrityError:
        _discard(store, target, existed)
        raise ValidationError(BROKEN_RULES) from None
    except BaseException:
        _discard(store, target, existed)
        raise
    return store, recovery, ExportSummary(written, len(tables), revision, passphrase is not None)


def _discard(store: Store, target: Path, existed: bool) -> None:
    layout = StoreLayout(target)
    store.close()
    if not existed:
        shutil.rmtree(target, ignore_errors=True)
        return
    made = (layout.database, *layout.sidecars(), layout.key_file, layout.key_file.with_name(
        layout.key_file.name + ".prev"), layout.lock_file, layout.failed_unlocks)
    for file in made:
        file.unlink(missing_ok=True)
