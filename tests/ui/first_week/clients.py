"""First-week steps for clients, driven only through what the app shows.

Every step starts anywhere in the unlocked workspace and goes to Clients through the sidebar
itself (``go_to``). Where each ends:

- ``new_client``: on the new client's chart (the intake form saved, the list read again).
- ``open_chart``: on that client's chart.
- ``edit_client``: on that client's chart, the Identity tab in front, the change stored.
- ``change_status``: on that client's chart, the Identity tab in front, the status shown.
- ``delete_entered_by_mistake``: on the client list, the client gone from it.

``type_text`` types any text, letters outside ASCII included (Qt's key clicks know only
ASCII keys; a keyboard layout or an input method delivers the rest as text, as this does).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QLabel,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.ui.first_week.app import go_to
from tests.ui.visible import (
    TIMEOUT,
    answer,
    choose,
    click,
    dialog,
    find,
    open_tab,
    pick_row,
    type_into,
)
from ui.window import MainWindow

IDENTITY_TAB = "Identity & contact"
# The name styles a channel offers by these words; any other words are a custom name.
NAME_STYLES = ("Chosen name", "Legal name", "Initials only", "No name")
FIELDS = {  # keyword argument of new_client / edit_client → the field's label on the form
    "legal_name": "Legal name", "chosen_name": "Chosen name", "pronouns": "Pronouns",
    "gender_identity": "Gender identity", "date_of_birth": "Date of birth", "state": "State",
    "time_zone": "Time zone", "phone": "Phone", "email": "Email", "address": "Address",
    "emergency_name": "Emergency contact", "emergency_phone": "Emergency contact phone",
    "emergency_relationship": "Emergency contact relationship",
}


def type_text(qtbot: QtBot, root: QWidget, name: str, text: str) -> None:
    """Replace what the field called ``name`` holds with ``text``, any script included."""
    type_into(qtbot, root, name, text)


def fill_client_form(qtbot: QtBot, form: QWidget, *,
                     channels: Mapping[str, str] | None = None, **fields: str | date) -> None:
    """Type into an open intake form (new or edit) and set contact safety per channel.

    Args:
        qtbot: The test's bot.
        form: The open "New client" or "Edit client" form.
        channels: Channel ("Phone", "Voicemail", "Text", "Email", "Post") → the name shown
            there ("Chosen name", "Legal name", "Initials only", "No name", or any other
            words as a custom name); each one named is marked safe.
        **fields: Keyword arguments named as in ``FIELDS``; dates as ``date`` or typed text.
    """
    for key, value in fields.items():
        typed = value.isoformat() if isinstance(value, date) else value
        type_text(qtbot, form, FIELDS[key], typed)
    for channel, shown in (channels or {}).items():
        safe = find(form, QAbstractButton, f"{channel}: safe to use", qtbot=qtbot)
        if not safe.isChecked():
            click(qtbot, form, f"{channel}: safe to use")
        if shown in NAME_STYLES:
            choose(qtbot, form, f"{channel}: name shown", shown)
        else:
            choose(qtbot, form, f"{channel}: name shown", "Custom name")
            type_text(qtbot, form, f"{channel}: custom name", shown)


def _save(qtbot: QtBot, form: QWidget) -> None:
    click(qtbot, form, "Save")
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=TIMEOUT)


def _on_chart_of(qtbot: QtBot, window: MainWindow, display_name: str) -> None:
    heading = find(window, QLabel, "Client", qtbot=qtbot)
    qtbot.waitUntil(lambda: display_name in heading.text(), timeout=TIMEOUT)


def new_client(qtbot: QtBot, window: MainWindow, legal_name: str, *,
               channels: Mapping[str, str] | None = None, **fields: str | date) -> None:
    """Add a client through the intake form, opened with the Clients screen's button.

    Args:
        qtbot: The test's bot.
        window: The app's main window, unlocked.
        legal_name: The client's legal name.
        channels: Contact safety, as for ``fill_client_form``.
        **fields: Other intake fields (``chosen_name``, ``pronouns``, ``date_of_birth``, ...,
            see ``FIELDS``); state and time zone are left as the practice's unless given.
    """
    go_to(qtbot, window, "Clients")
    click(qtbot, window, "New client")
    form = dialog(qtbot, "New client")
    fill_client_form(qtbot, form, channels=channels, legal_name=legal_name, **fields)
    _save(qtbot, form)
    chosen = fields.get("chosen_name")
    _on_chart_of(qtbot, window, str(chosen) if chosen else legal_name)


def open_chart(qtbot: QtBot, window: MainWindow, display_name: str) -> None:
    """Find a client in the list by the name shown there and open their chart.

    Args:
        qtbot: The test's bot.
        window: The app's main window, unlocked.
        display_name: The chosen name, or the legal name when there is none.
    """
    go_to(qtbot, window, "Clients")
    back = [b for b in window.findChildren(QAbstractButton)
            if b.isVisible() and b.text() == "← Clients"]
    if back:
        click(qtbot, window, "← Clients")
    type_text(qtbot, window, "Filter clients by name", display_name)
    pick_row(qtbot, window, "Client list", display_name, double=True)
    _on_chart_of(qtbot, window, display_name)


def edit_client(qtbot: QtBot, window: MainWindow, display_name: str, *,
                channels: Mapping[str, str] | None = None, **fields: str | date) -> None:
    """Change a client's details from their chart ("Edit details…").

    Args:
        qtbot: The test's bot.
        window: The app's main window, unlocked.
        display_name: The name the client is listed under now.
        channels: Contact safety to set, as for ``fill_client_form``.
        **fields: The fields to retype (see ``FIELDS``).
    """
    open_chart(qtbot, window, display_name)
    open_tab(qtbot, window, IDENTITY_TAB)
    click(qtbot, window, "Edit details")
    form = dialog(qtbot, "Edit client")
    fill_client_form(qtbot, form, channels=channels, **fields)
    _save(qtbot, form)


def change_status(qtbot: QtBot, window: MainWindow, display_name: str, status: str,
                  on: date) -> None:
    """Change a client's status from their chart ("Change status…").

    Args:
        qtbot: The test's bot.
        window: The app's main window, unlocked.
        display_name: The name the client is listed under.
        status: "Active", "Inactive" or "Discharged".
        on: The date the status takes effect.
    """
    open_chart(qtbot, window, display_name)
    open_tab(qtbot, window, IDENTITY_TAB)
    click(qtbot, window, "Change status")
    form = dialog(qtbot, "Change status")
    choose(qtbot, form, "Status", status)
    type_into(qtbot, form, "Status date", on.isoformat())
    _save(qtbot, form)
    shown = find(window, QLabel, "Current status", qtbot=qtbot)
    qtbot.waitUntil(lambda: shown.text() == f"Status: {status} since {on.isoformat()}",
                    timeout=TIMEOUT)


def delete_entered_by_mistake(qtbot: QtBot, window: MainWindow, display_name: str) -> None:
    """Delete a client entered by mistake today, confirming the question the app asks.

    Args:
        qtbot: The test's bot.
        window: The app's main window, unlocked.
        display_name: The name the client is listed under.
    """
    open_chart(qtbot, window, display_name)
    open_tab(qtbot, window, IDENTITY_TAB)
    click(qtbot, window, "Delete — entered by mistake")
    answer(qtbot, "Delete")
    qtbot.waitUntil(lambda: display_name not in listed(window), timeout=TIMEOUT)


def listed(window: MainWindow) -> list[str]:
    """The names the client list shows now (none while the list is not on show)."""
    views = [v for v in window.findChildren(QAbstractItemView)
             if v.isVisible() and v.accessibleName() == "Client list"]
    if not views:
        return []
    model = views[0].model()
    return [str(model.index(row, 0).data()) for row in range(model.rowCount())]
