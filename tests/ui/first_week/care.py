"""First-week steps for the care team and releases of information, through visible controls only.

Where each step starts and ends:

- ``new_organisation`` and ``new_provider`` start anywhere, go to Providers by the sidebar and
  end there, with the new record listed.
- ``open_chart`` starts anywhere, goes to Clients by the sidebar, back to the list if a chart
  is on show, double-clicks the client's row and ends on their chart, read.
- ``add_to_care_team``, ``end_care_team_link``, ``record_release``, ``attach_release_scan``,
  ``choose_scan_file``, ``view_release_scan`` and ``revoke_release`` start anywhere, open
  the client's chart (as ``open_chart``) and end on its Care team or Releases tab, with the
  change shown (``view_release_scan`` ends with the scan's window open, returned;
  ``choose_scan_file`` ends once the file dialog has closed, whatever the store said).

Dates may be given as ``date`` objects or typed text ("2026-03-01", "03/01/2026").
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QTableView,
)
from pytestqt.exceptions import TimeoutError
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from tests.ui.first_week.app import go_to
from tests.ui.visible import TIMEOUT, click, dialog, find, open_tab, pick_row, type_into
from ui.window import MainWindow

ORGANISATION_SUFFIX = " (organisation)"  # how the release form offers an organisation


def _typed(day: date | str) -> str:
    return day.isoformat() if isinstance(day, date) else day


def closed(form: QDialog) -> bool:
    """Whether a dialog is gone from the screen (closed, or closed and deleted)."""
    return not isValid(form) or not form.isVisible()


def _save_and_close(qtbot: QtBot, form: QDialog) -> None:
    """Click Save and wait for the form to close (it stays open, saying why, if refused)."""
    click(qtbot, form, "Save")
    try:
        qtbot.waitUntil(lambda: closed(form), timeout=TIMEOUT)
    except TimeoutError as timeout:  # say what the form said
        said = [label.text() for label in form.findChildren(QLabel)
                if label.isVisible() and label.text() and (
                    label.accessibleName().endswith(": problem")
                    or label.accessibleName() == "Why this was not saved")]
        raise AssertionError(f"{form.windowTitle()!r} was not saved: {said}") from timeout


def _choose_when_offered(qtbot: QtBot, form: QDialog, name: str, *items: str) -> None:
    """Choose the first of ``items`` the drop-down offers, once its list has been read."""
    box = find(form, QComboBox, name, qtbot=qtbot)
    qtbot.waitUntil(lambda: any(box.findText(i) >= 0 for i in items), timeout=TIMEOUT)
    index = next(box.findText(i) for i in items if box.findText(i) >= 0)
    box.setFocus()
    box.setCurrentIndex(index)


def _rows(view: QAbstractItemView) -> list[list[str]]:
    model = view.model()
    return [[str(model.index(r, c).data()) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def _wait_for_row(qtbot: QtBot, window: MainWindow, table: str, *cells: str) -> QTableView:
    view = find(window, QTableView, table, qtbot=qtbot)
    qtbot.waitUntil(lambda: any(all(c in row for c in cells) for row in _rows(view)),
                    timeout=TIMEOUT)
    return view


def _select_row(qtbot: QtBot, view: QTableView, wanted: Iterable[str],
                unwanted: str | None = None) -> None:
    """Click the first row showing every ``wanted`` cell and no ``unwanted`` one."""
    cells = list(wanted)
    matching = [r for r, row in enumerate(_rows(view))
                if all(c in row for c in cells) and (unwanted is None or unwanted not in row)]
    assert matching, f"no row showing {cells} in {view.accessibleName()!r}"
    index = view.model().index(matching[0], 0)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(index).center())


# --- providers and organisations -------------------------------------------------------------


def new_organisation(qtbot: QtBot, window: MainWindow, name: str, *, address: str = "",
                     phone: str = "", fax: str = "", email: str = "") -> None:
    """Add a clinic or hospital from the Providers screen ("Add organisation…").

    Args:
        qtbot: The test's bot.
        window: The app's main window, unlocked.
        name: The organisation's name.
        address: Its address, if typed.
        phone: Its phone, if typed.
        fax: Its fax, if typed.
        email: Its email, if typed.
    """
    go_to(qtbot, window, "Providers")
    click(qtbot, window, "Add organisation…")
    form = dialog(qtbot, "New organisation")
    type_into(qtbot, form, "Organisation name", name)
    for label, text in (("Address", address), ("Phone", phone), ("Fax", fax),
                        ("Email", email)):
        if text:
            type_into(qtbot, form, label, text)
    _save_and_close(qtbot, form)
    listed = find(window, QLabel, "Organisations", qtbot=qtbot)
    qtbot.waitUntil(lambda: name in listed.text(), timeout=TIMEOUT)


def new_provider(qtbot: QtBot, window: MainWindow, name: str, specialty: str, *,
                 npi: str = "", organisation: str | None = None, credentials: str = "",
                 phone: str = "", fax: str = "") -> None:
    """Add a provider from the Providers screen ("Add provider…").

    Args:
        qtbot: The test's bot.
        window: The app's main window, unlocked.
        name: The provider's name ("Dr. Anna Kowalski").
        specialty: The specialty as the form words it ("Urology").
        npi: Their NPI, if typed.
        organisation: The organisation they work at (already made), if any.
        credentials: Their credentials ("MD"), if typed.
        phone: Their phone, if typed.
        fax: Their fax, if typed.
    """
    go_to(qtbot, window, "Providers")
    click(qtbot, window, "Add provider…")
    form = dialog(qtbot, "Add a provider")
    type_into(qtbot, form, "Provider name", name)
    _choose_when_offered(qtbot, form, "Specialty", specialty)
    if organisation is not None:
        _choose_when_offered(qtbot, form, "Organisation", organisation)
    for label, text in (("Credentials", credentials), ("Phone", phone), ("Fax", fax),
                        ("NPI", npi)):
        if text:
            type_into(qtbot, form, label, text)
    _save_and_close(qtbot, form)
    _wait_for_row(qtbot, window, "Providers", name)


# --- the chart ---------------------------------------------------------------------------------


def open_chart(qtbot: QtBot, window: MainWindow, client: str) -> None:
    """Open a client's chart from the Clients list (by the name the list shows).

    Args:
        qtbot: The test's bot.
        window: The app's main window, unlocked.
        client: The client's name as the list shows it.
    """
    go_to(qtbot, window, "Clients")
    back = [b for b in window.findChildren(QAbstractButton)
            if b.isVisible() and b.text() == "← Clients"]
    if back:
        qtbot.mouseClick(back[0], Qt.MouseButton.LeftButton)
    type_into(qtbot, window, "Filter clients by name", client)  # a long list, or one filtered
    pick_row(qtbot, window, "Client list", client, double=True)
    heading = find(window, QLabel, "Client", qtbot=qtbot)
    qtbot.waitUntil(lambda: escape(client) in heading.text(), timeout=TIMEOUT)


def _chart_tab(qtbot: QtBot, window: MainWindow, client: str, tab: str) -> None:
    open_chart(qtbot, window, client)
    open_tab(qtbot, window, tab)


_TABLES = {"Care team": "Care team", "Releases": "Releases of information"}


def _act_on_row(qtbot: QtBot, window: MainWindow, client: str, tab: str, cells: Iterable[str],
                action: str, *, unwanted: str | None = None) -> None:
    """On the client's chart tab, select the row showing ``cells`` and click ``action``."""
    _chart_tab(qtbot, window, client, tab)
    wanted = tuple(cells)
    view = _wait_for_row(qtbot, window, _TABLES[tab], *wanted)
    _select_row(qtbot, view, wanted, unwanted)
    click(qtbot, window, action)


def add_to_care_team(qtbot: QtBot, window: MainWindow, client: str, provider: str, role: str,
                     since: date | str) -> None:
    """Put a provider (already made) on a client's care team.

    Args:
        qtbot: The test's bot.
        window: The app's main window, unlocked.
        client: The client's name as the Clients list shows it.
        provider: The provider's name.
        role: Their role for this client ("Treating urologist").
        since: The day they joined the care team.
    """
    _chart_tab(qtbot, window, client, "Care team")
    click(qtbot, window, "Add to care team…")
    form = dialog(qtbot, "Add to care team")
    _choose_when_offered(qtbot, form, "Provider", provider)
    type_into(qtbot, form, "Role", role)
    type_into(qtbot, form, "Start date", _typed(since))
    _save_and_close(qtbot, form)
    _wait_for_row(qtbot, window, "Care team", provider, role)


def end_care_team_link(qtbot: QtBot, window: MainWindow, client: str, provider: str,
                       on: date | str) -> None:
    """End a provider's current place on a client's care team on a date.

    Args:
        qtbot: The test's bot.
        window: The app's main window, unlocked.
        client: The client's name as the Clients list shows it.
        provider: The provider's name.
        on: The day the link ends.
    """
    _act_on_row(qtbot, window, client, "Care team", (provider, "On the team"), "End link…")
    form = dialog(qtbot, "End care team link")
    type_into(qtbot, form, "End date", _typed(on))
    _save_and_close(qtbot, form)
    _wait_for_row(qtbot, window, "Care team", provider, _typed_day(on))


def _typed_day(day: date | str) -> str:
    """The day as the tables show it (ISO), from what a step was given."""
    if isinstance(day, date):
        return day.isoformat()
    from practice.services.common.dates import parse_day

    parsed = parse_day(day, "Date", required=True)
    assert parsed is not None
    return parsed.isoformat()


# --- releases of information ---------------------------------------------------------------


def record_release(qtbot: QtBot, window: MainWindow, client: str, recipient: str,
                   purpose: str, scopes: Iterable[str], signed_on: date | str,
                   expires_on: date | str, scan: Path | None = None) -> None:
    """Record a signed release, and attach its scan when one is given.

    Args:
        qtbot: The test's bot.
        window: The app's main window, unlocked.
        client: The client's name as the Clients list shows it.
        recipient: The provider's or organisation's name.
        purpose: Why information may go to them.
        scopes: The tick boxes' words ("Attendance", "Treatment summary", "Risk assessment").
        signed_on: The day the client signed.
        expires_on: The day the release expires.
        scan: A PDF or image of the signed form, or None.
    """
    _chart_tab(qtbot, window, client, "Releases")
    click(qtbot, window, "Record release…")
    form = dialog(qtbot, "Record a release of information")
    _choose_when_offered(qtbot, form, "Recipient", recipient, recipient + ORGANISATION_SUFFIX)
    type_into(qtbot, form, "Purpose", purpose)
    for scope in scopes:
        box = find(form, QCheckBox, scope, qtbot=qtbot)
        if not box.isChecked():
            box.setFocus()
            qtbot.keyClick(box, Qt.Key.Key_Space)  # tick it from the keyboard
    type_into(qtbot, form, "Date signed", _typed(signed_on))
    type_into(qtbot, form, "Expiry date", _typed(expires_on))
    _save_and_close(qtbot, form)
    _wait_for_row(qtbot, window, "Releases of information", recipient, purpose)
    if scan is not None:
        attach_release_scan(qtbot, window, client, purpose, scan)


def choose_scan_file(qtbot: QtBot, window: MainWindow, client: str, purpose: str,
                     scan: Path) -> None:
    """Choose a file as the scan of the release recorded for ``purpose`` (no waiting after).

    The file is chosen in the file dialog by pasting its path, as a person may.

    Args:
        qtbot: The test's bot.
        window: The app's main window, unlocked.
        client: The client's name as the Clients list shows it.
        purpose: The release's purpose, as recorded.
        scan: The file.
    """
    _act_on_row(qtbot, window, client, "Releases", (purpose,), "Attach signed scan…")
    chooser = dialog(qtbot, "Attach signed scan")
    # Pasted, as a person copying a path does: typed key by key, the file dialog's
    # completer takes each "/" as a move into that folder.
    field = find(chooser, QLineEdit, "File name", qtbot=qtbot)
    QApplication.clipboard().setText(str(scan))
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    click(qtbot, chooser, "Open")
    qtbot.waitUntil(lambda: closed(chooser), timeout=TIMEOUT)


def attach_release_scan(qtbot: QtBot, window: MainWindow, client: str, purpose: str,
                        scan: Path) -> None:
    """Attach the signed form's scan to the release recorded for ``purpose``.

    Args:
        qtbot: The test's bot.
        window: The app's main window, unlocked.
        client: The client's name as the Clients list shows it.
        purpose: The release's purpose, as recorded.
        scan: The PDF or image file.
    """
    choose_scan_file(qtbot, window, client, purpose, scan)
    _wait_for_row(qtbot, window, "Releases of information", purpose, "Attached")


def view_release_scan(qtbot: QtBot, window: MainWindow, client: str, purpose: str) -> QDialog:
    """Open the scan of the release recorded for ``purpose``; return its window.

    Args:
        qtbot: The test's bot.
        window: The app's main window, unlocked.
        client: The client's name as the Clients list shows it.
        purpose: The release's purpose, as recorded.
    """
    _act_on_row(qtbot, window, client, "Releases", (purpose, "Attached"), "View scan")
    return dialog(qtbot, "Signed release")


def revoke_release(qtbot: QtBot, window: MainWindow, client: str, recipient: str,
                   on: date | str) -> None:
    """Record that the client revoked their (not yet revoked) release to ``recipient``.

    Args:
        qtbot: The test's bot.
        window: The app's main window, unlocked.
        client: The client's name as the Clients list shows it.
        recipient: The provider's or organisation's name.
        on: The day the revocation takes effect.
    """
    _act_on_row(qtbot, window, client, "Releases", (recipient,), "Revoke…", unwanted="Revoked")
    form = dialog(qtbot, "Revoke release")
    type_into(qtbot, form, "Revocation date", _typed(on))
    _save_and_close(qtbot, form)
    _wait_for_row(qtbot, window, "Releases of information", recipient, _typed_day(on))
