"""Providers, care teams and releases as table models (each row a frozen view, in words).

The provider directory has a specialty filter in front of it; the chart shows a client's
care team and releases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QIcon

from practice.letters.model import SCOPE_LABELS
from ui import design, icons
from ui.models.agenda import EXPIRY_WINDOW_DAYS
from ui.models.headers import column_title

if TYPE_CHECKING:
    from practice.services.providers import CareTeamLink, ProviderView
    from practice.services.releases import ReleaseView

HEADERS = ("Name", "Credentials", "Specialty", "Organisation", "Phone", "Fax")
_Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SPECIALTY_ROLE = Qt.ItemDataRole.UserRole + 2


def _cell(provider: ProviderView, column: int) -> str:
    details = provider.details
    cells = (details.name, details.credentials, provider.specialty_label,
             provider.organisation_name, details.phone, details.fax)
    return cells[column] or ""


class ProviderTableModel(QAbstractTableModel):
    """Every provider, one row each; ``data()`` never raises and ignores other roles.

    Args:
        parent: The owning object.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._providers: tuple[ProviderView, ...] = ()

    def set_providers(self, providers: tuple[ProviderView, ...]) -> None:
        """Replace the rows (an empty tuple clears the table).

        Args:
            providers: Every provider, in display order.
        """
        self.beginResetModel()
        self._providers = providers
        self.endResetModel()

    def provider(self, row: int) -> ProviderView:
        """The provider shown on ``row`` (of this model, not of a proxy)."""
        return self._providers[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        """One row per provider (none under any row: this is a flat table)."""
        return 0 if parent.isValid() else len(self._providers)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """Name, credentials, specialty, organisation, phone, fax."""
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A cell's text, the provider's id or specialty key; None for other roles."""
        if not index.isValid() or not 0 <= index.row() < len(self._providers):
            return None
        provider = self._providers[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(provider, index.column())
        if role == ID_ROLE:
            return provider.id
        if role == SPECIALTY_ROLE:
            return provider.details.specialty
        return None

    def headerData(  # noqa: N802 - Qt's API
        self, section: int, orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        """Column titles; None for rows and other roles."""
        return column_title(HEADERS, section, orientation, role)


class SpecialtyFilter(QSortFilterProxyModel):
    """Keeps the providers of one specialty (or every provider), sortable by any column."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._specialty: str | None = None
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    @property
    def specialty(self) -> str | None:
        """The specialty kept, or None for every provider."""
        return self._specialty

    def set_specialty(self, specialty: str | None) -> None:
        """Keep only one specialty's providers.

        Args:
            specialty: A key of ``SPECIALTIES`` ("urology"); None keeps every provider.
        """
        self.beginFilterChange()
        self._specialty = specialty
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        """Whether the row's provider has the chosen specialty."""
        if self._specialty is None:
            return True
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        return bool(model.data(index, SPECIALTY_ROLE) == self._specialty)


# --- the chart's care team and releases ----------------------------------------------------

CARE_TEAM_HEADERS = ("Provider", "Role", "Since", "Until", "Status")
RELEASE_HEADERS = ("State", "Recipient", "Purpose", "Scope", "Signed", "Expires", "Revoked",
                   "Signed scan")
#: A release's state in words. The words are always there; the state's colours and icon
#: (ui.design.release_tone, ui.icons.RELEASE_ICONS) only help them stand out.
STATE_WORDS: dict[str, str] = {
    "in_force": "In force",
    "expiring": "Expiring soon",
    "expired": "Expired",
    "revoked": "Revoked",
    "not_yet_signed": "Not yet in force",
}


def release_state(release: ReleaseView, today: date) -> str:
    """A key of ``STATE_WORDS``: the core's state, with "expiring" for one ending soon.

    Expiring means in force today and ending within ``EXPIRY_WINDOW_DAYS`` (the window the
    Today screen warns about).
    """
    state = release.state_on(today)
    if state == "active":
        soon = release.details.expires_on <= today + timedelta(days=EXPIRY_WINDOW_DAYS)
        return "expiring" if soon else "in_force"
    return state


def scope_words(scopes: frozenset[str]) -> str:
    """The scopes in the order the release form lists them ("Attendance, diagnosis")."""
    return ", ".join(SCOPE_LABELS[s] for s in SCOPE_LABELS if s in scopes).capitalize()


def _day(day: date | None) -> str:
    return "" if day is None else day.isoformat()


@dataclass(frozen=True)
class ReleaseRow:
    """A release with its recipient's name, as the chart lists it."""

    release: ReleaseView
    recipient: str


class _RowsModel(QAbstractTableModel):
    """A flat table of rows of words; ``data()`` never raises and ignores other roles."""

    headers: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cells: tuple[tuple[str, ...], ...] = ()
        self._ids: tuple[int, ...] = ()

    def _replace(self, cells: tuple[tuple[str, ...], ...], ids: tuple[int, ...]) -> None:
        self.beginResetModel()
        self._cells, self._ids = cells, ids
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        """One row per record."""
        return 0 if parent.isValid() else len(self._cells)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """One column per header."""
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A cell's words or the row's id; ``extra`` answers the other roles."""
        if not index.isValid() or not 0 <= index.row() < len(self._cells):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.row()][index.column()]
        if role == ID_ROLE:
            return self._ids[index.row()]
        return self.decoration(index.row(), index.column(), role)

    def decoration(self, row: int, column: int, role: int) -> Any:
        """What a cell shows for roles other than its words (nothing, unless overridden)."""
        return None

    def headerData(  # noqa: N802 - Qt's API
        self, section: int, orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        """Column titles; None for rows and other roles."""
        return column_title(self.headers, section, orientation, role)


class CareTeamModel(_RowsModel):
    """A client's care team, current and past: provider, role, since, until, status."""

    headers = CARE_TEAM_HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._links: tuple[CareTeamLink, ...] = ()

    def set_links(self, links: tuple[CareTeamLink, ...], today: date) -> None:
        """Replace the rows.

        Args:
            links: Everyone ever on the care team.
            today: The day "ended" is judged on.
        """
        self._links = links
        self._replace(tuple(
            (lk.provider_name, lk.role, _day(lk.since), _day(lk.until),
             "Ended" if lk.until is not None and lk.until <= today else "On the team")
            for lk in links), tuple(lk.id for lk in links))

    def link(self, row: int) -> CareTeamLink:
        """The link shown on ``row``."""
        return self._links[row]


class ReleaseTableModel(_RowsModel):
    """A client's releases with their state in words (and a colour as a help)."""

    headers = RELEASE_HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[ReleaseRow, ...] = ()
        self._states: tuple[str, ...] = ()

    def set_releases(self, rows: tuple[ReleaseRow, ...], today: date) -> None:
        """Replace the rows.

        Args:
            rows: The client's releases with their recipients' names.
            today: The day states are judged on.
        """
        self._rows = rows
        self._states = tuple(release_state(r.release, today) for r in rows)
        self._replace(tuple(
            (STATE_WORDS[state], r.recipient, r.release.details.purpose,
             scope_words(r.release.details.scopes), _day(r.release.details.signed_on),
             _day(r.release.details.expires_on), _day(r.release.revoked_on),
             "Attached" if r.release.has_scan else "None")
            for r, state in zip(rows, self._states, strict=True)),
            tuple(r.release.id for r in rows))

    def row(self, row: int) -> ReleaseRow:
        """The release shown on ``row``, with its recipient's name."""
        return self._rows[row]

    def state(self, row: int) -> str:
        """The state key of the release on ``row`` (see ``STATE_WORDS``)."""
        return self._states[row]

    def decoration(self, row: int, column: int, role: int) -> Any:
        """The state cell's colours (for a light or dark palette) and icon."""
        if column != 0:
            return None
        state = self._states[row]
        if role == Qt.ItemDataRole.BackgroundRole:
            return design.release_tone(state).background
        if role == Qt.ItemDataRole.ForegroundRole:
            return design.release_tone(state).text
        if role == Qt.ItemDataRole.DecorationRole:
            return _state_icon(state)
        return None


def _state_icon(state: str) -> QIcon:
    return icons.icon(icons.RELEASE_ICONS[state])
