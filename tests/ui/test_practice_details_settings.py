"""Practice details and licences changed later in Settings, not only in the setup wizard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget
from pytestqt.qtbot import QtBot

from practice.services.settings import SIGNATURE, Licence, load_image, load_profile
from tests.ui.conftest import ControllerFactory, wait_idle
from tests.ui.first_week.app import THERAPIST, fresh_practice, go_to
from tests.ui.first_week.letters import LicenceTyped, set_practice_details
from tests.ui.visible import click, find, type_into
from ui.window import MainWindow


def _signature(path: Path) -> Path:
    image = QImage(240, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    assert image.save(str(path), "PNG")
    return path


def _shown_licences(window: MainWindow) -> list[str]:
    listing = find(window, QListWidget, "Licences")
    return [listing.item(i).text() for i in range(listing.count())]


def test_details_and_licences_edited_in_settings_are_kept_and_shown_again(
    qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path,
) -> None:
    controller = fresh_practice(qtbot, make_controller, tmp_path / "store")
    window = controller.window
    set_practice_details(
        qtbot, window, practice_name="Harbour Light Counselling", phone="(512) 555-0100",
        credentials="PhD, LMFT",
        add_licences=[LicenceTyped("CA", "LMFT-9001", "LMFT", date(2027, 6, 30))],
        renew=[LicenceTyped("TX", "LMFT-4411", "LMFT", date(2028, 1, 31))],
        signature=_signature(tmp_path / "signature.png"), time_zone="America/Denver")
    store = controller.context.store
    assert store is not None
    assert load_image(store.sessions, SIGNATURE) == (tmp_path / "signature.png").read_bytes()
    profile = load_profile(store.sessions)
    assert (profile.practice_name, profile.therapist_name, profile.credentials,
            profile.phone) == ("Harbour Light Counselling", THERAPIST, "PhD, LMFT",
                               "(512) 555-0100")
    assert profile.time_zone == "America/Denver"
    # The renewal kept its place; the new licence follows it.
    assert profile.licences == (Licence("TX", "LMFT-4411", "LMFT", date(2028, 1, 31)),
                                Licence("CA", "LMFT-9001", "LMFT", date(2027, 6, 30)))

    go_to(qtbot, window, "Today")
    go_to(qtbot, window, "Settings")  # read again from the store
    wait_idle(qtbot, controller.context)
    assert find(window, QLineEdit, "Practice name").text() == "Harbour Light Counselling"
    assert _shown_licences(window) == ["TX LMFT licence LMFT-4411, until 2028-01-31",
                                       "CA LMFT licence LMFT-9001, until 2027-06-30"]

    set_practice_details(qtbot, window, remove_licences=["LMFT-9001"])
    assert load_profile(store.sessions).licences == (
        Licence("TX", "LMFT-4411", "LMFT", date(2028, 1, 31)),)


def test_an_incomplete_licence_is_refused_in_words_and_never_silently_dropped(
    qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path,
) -> None:
    controller = fresh_practice(qtbot, make_controller, tmp_path / "store")
    window = controller.window
    go_to(qtbot, window, "Settings")
    type_into(qtbot, window, "Licence state", "T")
    click(qtbot, window, "Add licence")
    said = find(window, QLabel, "Licence message")
    assert said.text() == "A licence needs a two-letter state and a number."
    type_into(qtbot, window, "Licence state", "CA")
    type_into(qtbot, window, "Licence number", "LMFT-9001")
    type_into(qtbot, window, "Licence expiry date", "2027-02-30")
    click(qtbot, window, "Add licence")
    assert said.text() == "Licence expiry date is not a date that exists."
    assert _shown_licences(window) == ["TX licence LMFT-4411"]
    type_into(qtbot, window, "Licence number", "")
    type_into(qtbot, window, "Licence expiry date", "")

    type_into(qtbot, window, "Licence state", "CA")  # typed, but Add licence not pressed
    type_into(qtbot, window, "Phone", "(512) 555-0100")
    click(qtbot, window, "Save practice details")
    message = find(window, QLabel, "Practice details message")
    assert message.text() == ("The licence typed is not saved yet: A licence needs a "
                              "two-letter state and a number.")
    store = controller.context.store
    assert store is not None
    assert load_profile(store.sessions).phone == ""  # nothing half-saved
    type_into(qtbot, window, "Practice time zone", "Mars/Olympus")
    type_into(qtbot, window, "Licence state", "")
    click(qtbot, window, "Save practice details")
    assert message.text() == ("Practice time zone must be one of the listed zones, such as "
                              "America/Chicago.")
    assert load_profile(store.sessions).phone == ""
    type_into(qtbot, window, "Practice time zone", "America/Chicago")
    type_into(qtbot, window, "Licence state", "CA")

    type_into(qtbot, window, "Licence number", "LMFT-9001")
    click(qtbot, window, "Save practice details")  # the licence typed goes in with the rest
    qtbot.waitUntil(lambda: message.text() == "Saved.", timeout=5000)
    profile = load_profile(store.sessions)
    assert profile.phone == "(512) 555-0100"
    assert [lic.number for lic in profile.licences] == ["LMFT-4411", "LMFT-9001"]
