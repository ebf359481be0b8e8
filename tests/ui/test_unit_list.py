"""The care-unit list model: one line per unit, found by id, never raising."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt

from practice.services.units import Membership, UnitView
from ui.models.unit_list import UNIT_ID_ROLE, UnitListModel

OPENED = date(2025, 1, 6)


def _unit(unit_id: int, kind: str, *names: str, closed: date | None = None) -> UnitView:
    members = tuple(Membership(n, name, OPENED, closed) for n, name in enumerate(names, 1))
    return UnitView(unit_id, kind, None, OPENED, closed, None, members)  # type: ignore[arg-type]


def test_each_unit_reads_as_its_members_and_kind_and_is_found_by_id() -> None:
    model = UnitListModel()
    model.set_units((_unit(4, "couple", "Ana", "Ben"),
                     _unit(9, "individual", "Cleo", closed=date(2025, 3, 1))))
    assert model.rowCount() == 2
    assert model.index(0, 0).data() == "Ana & Ben — couple"
    assert model.index(1, 0).data() == "Cleo — individual (closed)"
    assert model.index(1, 0).data(UNIT_ID_ROLE) == 9
    assert (model.row_of(9), model.row_of(5), model.row_of(None)) == (1, -1, -1)
    assert (model.unit_id(0), model.unit_id(2), model.unit_id(-1)) == (4, None, None)
    model.set_units(())
    assert model.rowCount() == 0 and model.row_of(4) == -1


def test_data_never_raises_and_answers_none_to_other_roles() -> None:
    model = UnitListModel()
    model.set_units((_unit(1, "individual", "Ana"),))
    assert model.data(QModelIndex()) is None
    assert model.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is None
    assert model.rowCount(model.index(0, 0)) == 0
