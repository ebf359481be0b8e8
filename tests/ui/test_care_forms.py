"""The care-team, provider, organisation and release forms: the core's refusals shown beside
their fields, nothing stored when refused, and the discard guard.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from practice.services import providers, releases
from practice.services.releases import ReleaseDetails
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories
from tests.ui.conftest import ContextFactory, ControllerFactory, wait_idle
from tests.ui.first_week.care import closed
from tests.ui.test_accessibility import _unnamed_inputs
from tests.ui.visible import answer, choose, click, dialog, find, type_into
from ui.context import AppContext
from ui.models.providers import ReleaseRow
from ui.screens.chart.care_team_tab import CareTeamForm, CareTeamTab, EndLinkForm
from ui.screens.chart.releases_tab import ReleasesTab, RevokeForm
from ui.widgets.organisation_form import OrganisationForm
from ui.widgets.provider_form import ProviderDialog
from ui.widgets.record_form import DISCARD_QUESTION
from ui.widgets.release_form import ReleaseForm

TODAY = date.today()


@pytest.fixture
def context(make_context: ContextFactory, store_path: Path) -> AppContext:
    context = make_context(store_path)
    context.store = Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    return context


@pytest.fixture
def kai(context: AppContext) -> int:
    assert context.store is not None
    return factories.client(context.store.sessions, "Kai Lindqvist")


@pytest.fixture
def urologist(context: AppContext) -> int:
    assert context.store is not None
    return factories.provider(context.store.sessions, "Dr. Lee")


def _beside(form: QWidget, field: str) -> str:
    """The problem shown under a field (empty when none is shown)."""
    return _shown(form, f"{field}: problem")


def _general_problem(form: QWidget) -> str:
    return _shown(form, "Why this was not saved")


def _shown(form: QWidget, name: str) -> str:
    (label,) = [lb for lb in form.findChildren(QLabel) if lb.accessibleName() == name]
    return label.text() if label.isVisible() else ""


def _save_refused(qtbot: QtBot, context: AppContext, form: QDialog) -> None:
    click(qtbot, form, "Save")
    wait_idle(qtbot, context)
    assert form.isVisible()


def _release_form(qtbot: QtBot, context: AppContext, client: int,
                  provider: int | None = None) -> ReleaseForm:
    form = ReleaseForm(context, client, provider)
    qtbot.addWidget(form)
    wait_idle(qtbot, context)
    return form


def _stored_releases(context: AppContext, client: int) -> int:
    assert context.store is not None
    return len(releases.list_releases(context.store.sessions, client))


def test_a_release_form_says_beside_each_field_what_is_wrong_and_stores_nothing_until_right(
        qtbot: QtBot, context: AppContext, kai: int, urologist: int) -> None:
    form = _release_form(qtbot, context, kai)
    type_into(qtbot, form, "Purpose", "Coordinate care")
    _save_refused(qtbot, context, form)
    assert _beside(form, "Recipient").startswith("Recipient is required")

    choose(qtbot, form, "Recipient", "Dr. Lee")
    type_into(qtbot, form, "Date signed", "2026-01-10")
    type_into(qtbot, form, "Expiry date", "2025-12-31")
    click(qtbot, form, "Attendance")
    _save_refused(qtbot, context, form)
    assert _beside(form, "Expiry date") == "Expiry date is before the date signed."
    assert _beside(form, "Recipient") == ""

    type_into(qtbot, form, "Expiry date", "2026-02-30")
    _save_refused(qtbot, context, form)
    assert _beside(form, "Expiry date") == "Expiry date is not a date that exists."

    type_into(qtbot, form, "Expiry date", "2027-01-10")
    click(qtbot, form, "Attendance")  # untick: no scope left
    _save_refused(qtbot, context, form)
    assert _beside(form, "Scope") == (
        "Scope must be one or more of the listed kinds of information.")

    click(qtbot, form, "Treatment summary")
    type_into(qtbot, form, "Date signed", (TODAY + timedelta(days=3)).isoformat())
    _save_refused(qtbot, context, form)
    assert _beside(form, "Date signed") == "Date signed is in the future."
    assert _stored_releases(context, kai) == 0

    type_into(qtbot, form, "Date signed", "01/10/2026")
    with qtbot.wait_signal(form.saved, timeout=3000):
        click(qtbot, form, "Save")
    assert context.store is not None
    (stored,) = releases.list_releases(context.store.sessions, kai)
    assert stored.details.scopes == {"treatment_summary"}
    assert stored.details.provider_id == urologist
    assert (stored.details.signed_on, stored.details.expires_on) == (
        date(2026, 1, 10), date(2027, 1, 10))


def test_the_letter_composer_can_open_the_release_form_with_the_recipient_chosen(
        qtbot: QtBot, context: AppContext, kai: int, urologist: int) -> None:
    assert context.store is not None
    factories.provider(context.store.sessions, "Dr. Adams", "cardiology", npi=None)
    form = _release_form(qtbot, context, kai, urologist)
    assert find(form, QComboBox, "Recipient").currentText() == "Dr. Lee"
    assert not form.changed  # the recipient chosen for her is not something she typed
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()


def test_a_changed_release_form_asks_before_discarding_and_an_untouched_one_does_not(
        qtbot: QtBot, context: AppContext, kai: int, urologist: int) -> None:
    untouched = _release_form(qtbot, context, kai)
    qtbot.keyClick(untouched, Qt.Key.Key_Escape)
    assert not untouched.isVisible()

    form = _release_form(qtbot, context, kai)
    click(qtbot, form, "Risk assessment")
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert answer(qtbot, "Cancel") == DISCARD_QUESTION
    assert form.isVisible() and find(form, QCheckBox, "Risk assessment").isChecked()
    click(qtbot, form, "Cancel")
    assert answer(qtbot, "Discard") == DISCARD_QUESTION
    qtbot.waitUntil(lambda: closed(form), timeout=3000)
    assert _stored_releases(context, kai) == 0


def test_the_provider_form_refuses_a_bad_npi_and_a_missing_name_beside_the_fields(
        qtbot: QtBot, context: AppContext) -> None:
    form = ProviderDialog(context, ())
    qtbot.addWidget(form)
    type_into(qtbot, form, "NPI", "1234567890")
    _save_refused(qtbot, context, form)
    assert _beside(form, "NPI") == (
        "NPI is not valid: it must be 10 digits with a correct check digit.")

    type_into(qtbot, form, "NPI", "1234-567-893")  # dashes are dropped by the core
    _save_refused(qtbot, context, form)
    assert _beside(form, "Provider name") == "Provider name is required."
    assert _beside(form, "NPI") == ""

    type_into(qtbot, form, "Provider name", "Dr. Priya Natarajan")
    choose(qtbot, form, "Specialty", "Other")
    _save_refused(qtbot, context, form)
    assert _beside(form, "Specialty detail") == (
        "Specialty detail is required when the specialty is other.")
    assert context.store is not None
    assert providers.list_providers(context.store.sessions) == ()

    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert answer(qtbot, "Discard") == DISCARD_QUESTION
    qtbot.waitUntil(lambda: closed(form), timeout=3000)


def test_an_organisation_needs_a_name(qtbot: QtBot, context: AppContext) -> None:
    form = OrganisationForm(context)
    qtbot.addWidget(form)
    type_into(qtbot, form, "Phone", "504-555-0100")
    _save_refused(qtbot, context, form)
    assert _beside(form, "Organisation name") == "Organisation name is required."
    assert context.store is not None
    assert providers.list_organisations(context.store.sessions) == ()


def test_the_care_team_form_needs_a_provider_and_a_role_and_refuses_the_same_role_twice(
        qtbot: QtBot, context: AppContext, kai: int, urologist: int) -> None:
    assert context.store is not None
    empty = CareTeamForm(context, kai)
    qtbot.addWidget(empty)
    wait_idle(qtbot, context)
    type_into(qtbot, empty, "Role", "Treating urologist")
    assert find(empty, QComboBox, "Provider").currentText() == "Dr. Lee"
    type_into(qtbot, empty, "Role", "")
    _save_refused(qtbot, context, empty)
    assert _beside(empty, "Role") == "Role is required."

    type_into(qtbot, empty, "Role", "Treating urologist")
    type_into(qtbot, empty, "Start date", "2026-13-01")
    _save_refused(qtbot, context, empty)
    assert _beside(empty, "Start date") == "Start date is not a date that exists."

    providers.add_to_care_team(context.store.sessions, kai, urologist, "Treating urologist")
    type_into(qtbot, empty, "Start date", "2026-01-05")
    _save_refused(qtbot, context, empty)
    assert _general_problem(empty) == "This provider is already on the care team in this role."
    assert len(providers.care_team(context.store.sessions, kai)) == 1


def test_a_care_team_link_cannot_end_before_it_began(
        qtbot: QtBot, context: AppContext, kai: int, urologist: int) -> None:
    assert context.store is not None
    link = providers.add_to_care_team(context.store.sessions, kai, urologist, "Urologist",
                                      since=date(2026, 3, 1))
    form = EndLinkForm(context, link)
    qtbot.addWidget(form)
    type_into(qtbot, form, "End date", "2026-02-01")
    _save_refused(qtbot, context, form)
    assert _general_problem(form) == "This care team entry has ended already or starts later."
    type_into(qtbot, form, "End date", "")
    _save_refused(qtbot, context, form)
    assert _beside(form, "End date") == "End date is required."
    assert providers.care_team(context.store.sessions, kai)[0].until is None


def test_a_revocation_cannot_be_dated_before_the_signature(
        qtbot: QtBot, context: AppContext, kai: int, urologist: int) -> None:
    assert context.store is not None
    release = releases.record_release(context.store.sessions, ReleaseDetails(
        kai, "Coordinate care", date(2026, 1, 10), date(2027, 1, 10),
        frozenset({"attendance"}), provider_id=urologist))
    form = RevokeForm(context, ReleaseRow(release, "Dr. Lee"))
    qtbot.addWidget(form)
    type_into(qtbot, form, "Revocation date", "2025-12-01")
    _save_refused(qtbot, context, form)
    assert _beside(form, "Revocation date") == (
        "Revocation date is before the release was signed.")
    assert releases.get_release(context.store.sessions, release.id).revoked_on is None


def test_a_provider_made_mid_form_can_be_discarded_without_losing_the_care_team_form(
        qtbot: QtBot, context: AppContext, kai: int, urologist: int) -> None:
    form = CareTeamForm(context, kai)
    qtbot.addWidget(form)
    wait_idle(qtbot, context)
    type_into(qtbot, form, "Role", "Cardiologist")
    click(qtbot, form, "New provider…")
    nested = dialog(qtbot, "Add a provider")
    type_into(qtbot, nested, "Provider name", "Half typed")
    qtbot.keyClick(nested, Qt.Key.Key_Escape)
    assert answer(qtbot, "Discard") == DISCARD_QUESTION
    qtbot.waitUntil(lambda: closed(nested), timeout=3000)
    assert form.isVisible() and form.role.text() == "Cardiologist"
    assert find(form, QComboBox, "Provider").currentText() == "Dr. Lee"


def test_the_release_form_is_filled_in_reading_order_with_the_tab_key(
        qtbot: QtBot, context: AppContext, kai: int, urologist: int) -> None:
    form = _release_form(qtbot, context, kai)
    reached = []
    for _ in range(15):
        widget = form.focusWidget()
        reached.append(widget.accessibleName())
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert reached == [
        "Recipient", "New provider…", "New organisation…", "Purpose", "Attendance",
        "Diagnosis", "Treatment summary", "Recommendations", "Progress", "Risk assessment",
        "Standard measures (scores)", "Date signed", "Expiry date", "Save", "Cancel"]


def test_every_new_form_and_tab_names_its_inputs(
        qtbot: QtBot, context: AppContext, kai: int, urologist: int) -> None:
    assert context.store is not None
    release = releases.record_release(context.store.sessions, ReleaseDetails(
        kai, "Coordinate care", TODAY, TODAY, frozenset({"attendance"}), provider_id=urologist))
    link = providers.add_to_care_team(context.store.sessions, kai, urologist, "Urologist")
    widgets: list[QWidget] = [
        ReleaseForm(context, kai), CareTeamForm(context, kai), EndLinkForm(context, link),
        RevokeForm(context, ReleaseRow(release, "Dr. Lee")), ProviderDialog(context, ()),
        OrganisationForm(context), CareTeamTab(context), ReleasesTab(context)]
    for widget in widgets:
        qtbot.addWidget(widget)
    wait_idle(qtbot, context)
    assert [name for w in widgets for name in _unnamed_inputs(w)] == []


def test_a_lock_hides_the_care_team_form_and_the_provider_form_on_it_and_brings_both_back(
        qtbot: QtBot, make_controller: ControllerFactory, store_path: Path) -> None:
    controller = make_controller(store_path)
    controller.unlocked(Store.open(store_path, Passphrase(TEST_PASSPHRASE)))
    wait_idle(qtbot, controller.context)
    assert controller.context.store is not None
    kai = factories.client(controller.context.store.sessions, "Kai Lindqvist")
    form = CareTeamForm(controller.context, kai)
    qtbot.addWidget(form)
    wait_idle(qtbot, controller.context)
    type_into(qtbot, form, "Role", "Pelvic floor physical therapist")
    click(qtbot, form, "New provider…")
    nested = dialog(qtbot, "Add a provider")
    type_into(qtbot, nested, "Provider name", "Jordan Lee")

    controller.lock()
    assert not form.isVisible() and not nested.isVisible()
    controller.unlocked(Store.open(store_path, Passphrase(TEST_PASSPHRASE)))
    wait_idle(qtbot, controller.context)
    assert form.isVisible() and nested.isVisible()
    assert find(nested, QLineEdit, "Provider name").text() == "Jordan Lee"
    click(qtbot, nested, "Save")
    qtbot.waitUntil(lambda: closed(nested), timeout=3000)
    assert find(form, QComboBox, "Provider").currentText() == "Jordan Lee"
    assert find(form, QLineEdit, "Role").text() == "Pelvic floor physical therapist"
    with qtbot.wait_signal(form.saved, timeout=3000):
        click(qtbot, form, "Save")
    assert [lk.provider_name for lk in providers.care_team(
        controller.context.store.sessions, kai)] == ["Jordan Lee"]


def test_a_release_form_closed_before_its_lists_arrive_is_left_alone_when_they_do(
        qtbot: QtBot, context: AppContext, kai: int, urologist: int) -> None:
    import shiboken6

    form = ReleaseForm(context, kai)  # the providers are being read
    qtbot.keyClick(form, Qt.Key.Key_Escape)  # untouched: closes at once
    shiboken6.delete(form)  # as its owner's deleteLater does
    wait_idle(qtbot, context)  # the list arrives for a form that is gone: nothing happens
