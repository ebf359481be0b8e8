"""A client's measures, read on the worker, and the table of their administrations.

The Measures tab reads everything it shows in one go (``read_measures``): every
administration, one trend per instrument (and per partner, for the CSI) and the risk flags
still waiting for a review. The table model shows the administrations newest first, in
words; ``data()`` never raises and returns None for roles it does not handle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ui.models.headers import column_title

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.measures import MeasureResult, RiskFlagView, Trend

HEADERS = ("Date", "Measure", "About", "Total", "Band", "Change", "Risk")
_Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
_CHANGE_WORDS = {"improved": "reliably improved", "deteriorated": "reliably worse",
                 "no reliable change": "no reliable change"}


@dataclass(frozen=True)
class MeasuresData:
    """What the Measures tab shows of one client.

    Attributes:
        client_id: Whose measures.
        results: Every administration, newest first.
        trends: One line per instrument (and partner) answered, in registry order.
        open_flags: Risk flags still waiting for the therapist's review, oldest first.
    """

    client_id: int
    results: tuple[MeasureResult, ...]
    trends: tuple[Trend, ...]
    open_flags: tuple[RiskFlagView, ...]

    def change_of(self, administration_id: int) -> str:
        """How an administration's total compares with the first on its line, in words."""
        for line in self.trends:
            for point in line.points:
                if point.administration_id == administration_id:
                    return _CHANGE_WORDS[point.versus_baseline] if point.versus_baseline \
                        else "first"
        return ""


def read_measures(sessions: sessionmaker[Session], client_id: int) -> MeasuresData:
    """Read a client's administrations, trends and open risk flags (call on the worker).

    Args:
        sessions: The store's sessionmaker.
        client_id: The client.

    Returns:
        The client's measures.
    """
    from practice.measures import INSTRUMENTS
    from practice.services.measures import list_measures, open_risk_flags, trend

    results = list_measures(sessions, client_id)
    lines = sorted({(r.instrument, r.partner_id) for r in results},
                   key=lambda line: (list(INSTRUMENTS).index(line[0]), line[1] or 0))
    trends = tuple(trend(sessions, client_id, key, partner_id=partner) for key, partner in lines)
    return MeasuresData(client_id, tuple(reversed(results)), trends,
                        open_risk_flags(sessions, client_id))


def line_title(line: Trend, partners: dict[int, str]) -> str:
    """What a trend is called in the chooser: "PHQ-9", "CSI-16 about Sam"."""
    if line.partner_id is None:
        return line.name
    return f"{line.name} about {partners.get(line.partner_id, 'a partner')}"


def risk_words(result: MeasureResult) -> str:
    """A risk flag's state in words ("" when the answers raised none)."""
    if result.risk_flag_id is None:
        return ""
    return "review due" if result.risk_open else "reviewed"


class MeasureTableModel(QAbstractTableModel):
    """A client's administrations, one row each, newest first.

    Args:
        parent: The owning object.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._data: MeasuresData | None = None
        self._partners: dict[int, str] = {}

    def set_measures(self, data: MeasuresData | None, partners: dict[int, str]) -> None:
        """Replace the rows (None clears the table).

        Args:
            data: The client's measures.
            partners: Display names of the partners measures may be about, by client id.
        """
        self.beginResetModel()
        self._data, self._partners = data, dict(partners)
        self.endResetModel()

    @property
    def results(self) -> tuple[MeasureResult, ...]:
        """The administrations shown, row by row."""
        return () if self._data is None else self._data.results

    def result(self, row: int) -> MeasureResult:
        """The administration shown on ``row``."""
        return self.results[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        """One row per administration (none under any row: this is a flat table)."""
        return 0 if parent.isValid() else len(self.results)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """Date, measure, about, total, band, change, risk."""
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A cell's words, or the administration's id; None for other roles."""
        if not index.isValid() or not 0 <= index.row() < len(self.results):
            return None
        result = self.results[index.row()]
        if role == ID_ROLE:
            return result.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._cell(result, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _cell(self, result: MeasureResult, column: int) -> str:
        about = "" if result.partner_id is None else self._partners.get(
            result.partner_id, "a partner")
        change = "" if self._data is None else self._data.change_of(result.id)
        cells = (result.administered_on.isoformat(), result.name, about, result.total_text,
                 result.band, change, risk_words(result))
        return cells[column] if 0 <= column < len(cells) else ""

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The column titles; None for rows and other roles."""
        return column_title(HEADERS, section, orientation, role)
