"""A combo's choices as a model: labels shown, keys chosen, nothing copied per client."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from ui.models.choices import ChoiceModel


@dataclass(frozen=True)
class Person:
    id: int
    display_name: str


PEOPLE = tuple(Person(i, f"Client {i:05d}") for i in range(1, 10_001))


def test_a_combo_over_ten_thousand_clients_picks_one_by_id(qtbot: QtBot) -> None:
    combo = QComboBox()
    qtbot.addWidget(combo)
    model: ChoiceModel[Person] = ChoiceModel(lambda p: p.display_name, lambda p: p.id)
    combo.setModel(model)
    model.set_values(PEOPLE)

    combo.setCurrentIndex(combo.findData(9_999))

    assert combo.count() == 10_000
    assert combo.currentText() == "Client 09999"
    assert combo.currentData() == 9_999


def test_new_values_replace_the_old_and_other_roles_have_no_answer(qtbot: QtBot) -> None:
    model: ChoiceModel[Person] = ChoiceModel(lambda p: p.display_name, lambda p: p.id)
    model.set_values(PEOPLE)
    model.set_values((Person(7, "Ωmega Δelta"),))

    index = model.index(0, 0)
    assert model.rowCount() == 1
    assert model.data(index) == "Ωmega Δelta"
    assert model.data(index, Qt.ItemDataRole.DecorationRole) is None
    assert model.data(model.index(5, 0)) is None
