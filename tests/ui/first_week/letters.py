"""First-week steps for letters and the practice's details, through visible controls only.

Where each step starts and ends:

- ``issue_letter`` starts anywhere, goes to Letters by the sidebar, picks the client, the
  provider and the template, types the prose still empty, issues the letter (answering the
  question) and exports it through the "Export PDF…" file dialog; it ends on Letters with
  the issued letter shown and returns the PDF's path.
- ``choose_letter`` starts anywhere, goes to Letters and ends there with the client and the
  provider picked (the template is the provider's specialty's).
- ``letter_is_refused`` starts anywhere, goes to Letters, picks the client and the provider,
  and ends there with "Issue letter…" disabled; it returns the refusal shown.
- ``set_practice_details`` starts anywhere, goes to Settings by the sidebar, edits the
  Practice details (fields, licences added, renewed or removed), saves, and ends on Settings
  with "Saved." shown.

Clients are named as the client list shows them (the chosen name); providers by name
("Anna Kowalski"); templates by their title or the words before its colon ("Urology").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.ui.first_week.app import go_to
from tests.ui.visible import TIMEOUT, answer, click, dialog, find, pick_row, type_into
from ui.window import MainWindow

#: Prose typed into a field the letter asks for, when the test gives none.
PROSE = "Seen weekly; the plan is summarised for coordination of care."
PROSE_FIELDS = ("Treatment summary", "Progress", "Recommendations", "Risk and safety")
ISSUED = "Issued, and logged as a disclosure."


@dataclass(frozen=True)
class LicenceTyped:
    """A licence as the therapist types it in Settings."""

    state: str
    number: str
    kind: str = ""
    expires: date | None = None


def _choose_where(qtbot: QtBot, root: QWidget, name: str, wanted: str,
                  words: object) -> None:
    """Pick the entry of the drop-down ``name`` whose words, trimmed by ``words``, are wanted."""
    box = find(root, QComboBox, name, qtbot=qtbot)

    def index() -> int:
        return next((i for i in range(box.count())
                     if words(box.itemText(i)) == wanted), -1)  # type: ignore[operator]

    qtbot.waitUntil(lambda: index() >= 0, timeout=TIMEOUT)
    box.setFocus()
    box.setCurrentIndex(index())  # what choosing from the open list does


def _provider_words(text: str) -> str:
    """"Anna Kowalski, MD — Urology" as its name alone."""
    return text.split(" — ")[0].split(",")[0].strip()


def _template_words(text: str) -> str:
    return text.split(":")[0].strip()


def choose_letter(qtbot: QtBot, window: MainWindow, client: str, provider: str) -> None:
    """Go to Letters and pick the client and the provider (the template follows the provider).

    Args:
        qtbot: The test's bot.
        window: The main window, unlocked.
        client: The client, as the Client drop-down lists them.
        provider: The recipient's name.
    """
    go_to(qtbot, window, "Letters")
    _choose_where(qtbot, window, "Client", client, lambda text: text)
    _choose_where(qtbot, window, "Provider", provider, _provider_words)


def _status(window: MainWindow) -> str:
    return find(window, QLabel, "Letter status").text()


def issue_letter(qtbot: QtBot, window: MainWindow, client: str, provider: str, template: str,
                 *, include_joint: bool = False, out: Path,
                 prose: Mapping[str, str] | None = None) -> Path:
    """Write, issue and export one letter; return where the PDF was saved.

    Args:
        qtbot: The test's bot.
        window: The main window, unlocked.
        client: The client, as the Client drop-down lists them.
        provider: The recipient's name.
        template: The template's title, or its words before the colon ("Urology").
        include_joint: Tick "Include joint sessions".
        out: The file to export to (its folder must exist).
        prose: Text for prose fields by their label ("Progress"); fields left empty by it
            get ``PROSE``, fields already holding a kept draft keep it.
    """
    choose_letter(qtbot, window, client, provider)
    _choose_where(qtbot, window, "Template", template,
                  lambda text: text if text == template else _template_words(text))
    joint = find(window, QCheckBox, "Include joint sessions", qtbot=qtbot)
    if joint.isChecked() != include_joint:
        joint.click()
    typed = dict(prose or {})
    qtbot.wait(50)  # the prose fields follow the release read for this letter
    for label in PROSE_FIELDS:
        fields = [w for w in window.findChildren(QPlainTextEdit)
                  if w.isVisible() and w.accessibleName() == label]
        if fields and (label in typed or not fields[0].toPlainText().strip()):
            type_into(qtbot, window, label, typed.get(label, PROSE))
    qtbot.waitUntil(lambda: _status(window).startswith("Preview")
                    or find(window, QPushButton, "Issue letter").isEnabled(), timeout=TIMEOUT)
    click(qtbot, window, "Issue letter…")
    answer(qtbot, "Issue")
    try:
        qtbot.waitUntil(lambda: _status(window).startswith(ISSUED), timeout=TIMEOUT)
    except Exception as error:
        raise AssertionError(f"the letter was not issued: {_status(window)}") from error
    click(qtbot, window, "Export PDF…")
    chooser = dialog(qtbot, "Export letter")
    assert isinstance(chooser, QFileDialog)
    # Offscreen, the dialog's own completer gets in the way of typing a whole path: choose
    # the file as its list would, then click the dialog's visible Save button.
    chooser.selectFile(str(out))
    click(qtbot, chooser, "Save")
    qtbot.waitUntil(lambda: _status(window) == f"Saved to {out}.", timeout=TIMEOUT)
    return out


def letter_is_refused(qtbot: QtBot, window: MainWindow, client: str, provider: str) -> str:
    """Choose a letter that must be refused; return the refusal shown beside "Issue letter…".

    Args:
        qtbot: The test's bot.
        window: The main window, unlocked.
        client: The client, as the Client drop-down lists them.
        provider: The recipient's name.
    """
    choose_letter(qtbot, window, client, provider)
    words = find(window, QLabel, "Why the letter cannot be issued", qtbot=qtbot)
    qtbot.waitUntil(lambda: bool(words.text()), timeout=TIMEOUT)
    assert not find(window, QPushButton, "Issue letter").isEnabled()
    return words.text()


def _licence_row(qtbot: QtBot, window: MainWindow, number: str) -> str:
    listing = find(window, QListWidget, "Licences", qtbot=qtbot)
    shown = [listing.item(i).text() for i in range(listing.count())]
    row = next((text for text in shown if f" licence {number}" in text), None)
    assert row is not None, f"no licence {number!r} listed: {shown}"
    return row


def _type_licence(qtbot: QtBot, window: MainWindow, licence: LicenceTyped) -> None:
    type_into(qtbot, window, "Licence state", licence.state)
    type_into(qtbot, window, "Licence number", licence.number)
    type_into(qtbot, window, "Licence type", licence.kind)
    type_into(qtbot, window, "Licence expiry date",
              "" if licence.expires is None else licence.expires.isoformat())


def set_practice_details(
    qtbot: QtBot, window: MainWindow, *, practice_name: str | None = None,
    your_name: str | None = None, credentials: str | None = None, phone: str | None = None,
    email: str | None = None, add_licences: Iterable[LicenceTyped] = (),
    renew: Iterable[LicenceTyped] = (), remove_licences: Iterable[str] = (),
    signature: Path | None = None, time_zone: str | None = None,
) -> None:
    """Edit the practice's details in Settings and save them.

    Args:
        qtbot: The test's bot.
        window: The main window, unlocked.
        practice_name: A new practice name (None: leave it).
        your_name: A new signing name (None: leave it).
        credentials: New credentials (None: leave them).
        phone: A new phone number (None: leave it).
        email: A new email (None: leave it).
        add_licences: Licences to add.
        renew: Licences to change in place, found by their number.
        remove_licences: Numbers of licences to remove.
        signature: A PNG or JPEG of the signature, chosen through "Choose…".
        time_zone: The practice's time zone, typed ("America/Denver").
    """
    go_to(qtbot, window, "Settings")
    name = find(window, QLineEdit, "Practice name", qtbot=qtbot)
    qtbot.waitUntil(name.isEnabled, timeout=TIMEOUT)  # the saved details have been read
    for name, value in (("Practice name", practice_name),
                        ("Your name, as it appears on letters", your_name),
                        ("Credentials", credentials), ("Phone", phone), ("Email", email),
                        ("Practice time zone", time_zone)):
        if value is not None:
            type_into(qtbot, window, name, value)
    for licence in add_licences:
        _type_licence(qtbot, window, licence)
        click(qtbot, window, "Add licence")
    for licence in renew:
        pick_row(qtbot, window, "Licences", _licence_row(qtbot, window, licence.number))
        click(qtbot, window, "Edit selected licence")
        _type_licence(qtbot, window, licence)
        click(qtbot, window, "Update licence")
    for number in remove_licences:
        pick_row(qtbot, window, "Licences", _licence_row(qtbot, window, number))
        click(qtbot, window, "Remove selected licence")
    if signature is not None:
        click(qtbot, window, "Choose the signature image")
        chooser = dialog(qtbot, "Choose the signature image")
        assert isinstance(chooser, QFileDialog)
        chooser.selectFile(str(signature))  # as picking it in the dialog's list does
        click(qtbot, chooser, "Open")
        removable = find(window, QPushButton, "Remove the signature image")
        qtbot.waitUntil(removable.isEnabled, timeout=TIMEOUT)
    message = find(window, QLabel, "Practice details message")
    message.clear()
    click(qtbot, window, "Save practice details")
    qtbot.waitUntil(lambda: message.text() == "Saved.", timeout=TIMEOUT)
