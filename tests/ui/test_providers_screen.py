"""The Providers section: the directory by specialty, and adding or editing a provider."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from practice.services.providers import list_providers
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core.test_letters_builders import World, world_template
from tests.ui.conftest import ContextFactory, wait_idle
from ui.context import AppContext
from ui.models.providers import HEADERS, ProviderTableModel
from ui.screens.providers import ProvidersScreen
from ui.widgets.organisation_form import OrganisationForm
from ui.widgets.provider_form import ProviderDialog

BAD_NPI = "1234567890"  # the check digit of 123456789 is 3
NPI_REFUSED = "NPI is not valid: it must be 10 digits with a correct check digit."


@pytest.fixture(scope="module")
def template(template_store: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
             ) -> tuple[Path, World]:
    return world_template(template_store[0], tmp_path_factory.mktemp("providers_screen"))


@pytest.fixture
def context(make_context: ContextFactory, template: tuple[Path, World], tmp_path: Path
            ) -> AppContext:
    import shutil

    folder = tmp_path / "store"
    shutil.copytree(template[0], folder, ignore=shutil.ignore_patterns("*.lock"))
    context = make_context(folder)
    context.store = Store.open(folder, Passphrase(TEST_PASSPHRASE))
    return context


@pytest.fixture
def screen(qtbot: QtBot, context: AppContext) -> Iterator[ProvidersScreen]:
    shown = ProvidersScreen(context)
    qtbot.addWidget(shown)
    shown.load()
    wait_idle(qtbot, context)
    yield shown
    shown.clear()


def open_form(screen: ProvidersScreen, edit: bool = False) -> ProviderDialog:
    if edit:
        screen.edit_selected()
    else:
        screen.add_provider()
    dialog = screen.dialog
    assert isinstance(dialog, ProviderDialog)
    return dialog


def open_dialog(screen: ProvidersScreen) -> ProviderDialog | OrganisationForm | None:
    return screen.dialog


def test_the_directory_shows_each_providers_details_and_filters_by_specialty(
    screen: ProvidersScreen,
) -> None:
    assert screen.shown_names() == ["Anna Kowalski", "Jordan Lee"]
    row = [screen.proxy.index(0, column).data() for column in range(len(HEADERS))]
    assert row == ["Anna Kowalski", "MD", "Urology", "Crescent City Urology", "", ""]

    screen.set_specialty("pelvic_floor_pt")
    assert screen.shown_names() == ["Jordan Lee"]
    assert screen.proxy.index(0, 5).data() == "(504) 555-0177"
    screen.set_specialty("cardiology")
    assert screen.shown_names() == []
    screen.set_specialty(None)
    assert screen.shown_names() == ["Anna Kowalski", "Jordan Lee"]


def test_an_invalid_npi_is_refused_in_plain_words_and_the_form_stays_open(
    qtbot: QtBot, context: AppContext, screen: ProvidersScreen,
) -> None:
    dialog = open_form(screen)
    dialog.name.setText("Priya Natarajan")
    dialog.credentials.setText("MD")
    dialog.specialty.setCurrentIndex(dialog.specialty.findData("cardiology"))
    dialog.npi.setText(BAD_NPI)
    dialog.save_button.click()
    wait_idle(qtbot, context)
    npi_problem = next(row.problem for row in dialog.rows if row.label == "NPI")
    assert npi_problem.text() == NPI_REFUSED and npi_problem.isVisibleTo(dialog)
    assert open_dialog(screen) is dialog and dialog.isVisible()
    assert context.store is not None
    assert len(list_providers(context.store.sessions)) == 2

    dialog.npi.setText("1458-073-024")  # the core drops the dashes
    dialog.save_button.click()
    wait_idle(qtbot, context)
    assert open_dialog(screen) is None  # saved and closed
    screen.set_specialty("cardiology")
    assert screen.shown_names() == ["Priya Natarajan"]


def test_editing_a_provider_changes_the_row_shown(
    qtbot: QtBot, context: AppContext, screen: ProvidersScreen,
) -> None:
    screen.set_specialty("urology")
    screen.table.selectRow(0)
    assert screen.edit_button.isEnabled()
    dialog = open_form(screen, edit=True)
    assert dialog.organisation.currentText() == "Crescent City Urology"
    dialog.phone.setText("(504) 555-0100")
    dialog.save_button.click()
    wait_idle(qtbot, context)
    assert screen.dialog is None
    assert screen.proxy.index(0, 4).data() == "(504) 555-0100"


def test_the_model_answers_nothing_for_roles_it_does_not_handle(
    screen: ProvidersScreen,
) -> None:
    model = screen.model
    assert model.rowCount() == 2 and model.columnCount() == len(HEADERS)
    assert model.data(model.index(0, 0), Qt.ItemDataRole.DecorationRole) is None
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Name"
    assert ProviderTableModel().data(model.index(0, 0)) is None
