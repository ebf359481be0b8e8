"""Every desktop setting, declared once with its type and default, read through one adapter.

Only preferences live here (QSettings writes them to an ordinary file): never anything
about a client. The practice's own details live inside the encrypted store instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from PySide6.QtCore import QByteArray, QObject, QSettings, Signal

T = TypeVar("T", int, str, bytes, bool)


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One preference: where it is kept, what it holds when unset, and its allowed range.

    Attributes:
        key: The QSettings key ("group/name").
        default: The value when nothing (or nothing usable) is stored.
        minimum: For whole numbers, the smallest value accepted.
        maximum: For whole numbers, the largest value accepted.
    """

    key: str
    default: T
    minimum: int | None = None
    maximum: int | None = None


AUTO_LOCK_MINUTES: Setting[int] = Setting("security/auto_lock_minutes", 5, 1, 240)
STORE_DIR: Setting[str] = Setting("store/location", "")
BACKUP_DIR: Setting[str] = Setting("backup/location", "")
BACKUP_GENERATIONS: Setting[int] = Setting("backup/generations", 10, 1, 100)
WINDOW_GEOMETRY: Setting[bytes] = Setting("window/geometry", b"")
#: "system" (follow the platform), "light" or "dark" (ui.design.THEMES).
THEME: Setting[str] = Setting("appearance/theme", "system")


class SettingsAdapter(QObject):
    """Typed reads and writes over one QSettings; says which key changed.

    Args:
        qsettings: Where the values are kept (tests pass an INI file of their own).
        scope: A group every key is put under (the demo keeps its own preferences).
    """

    changed = Signal(str)

    def __init__(self, qsettings: QSettings, scope: str = "") -> None:
        super().__init__()
        self._qsettings = qsettings
        self._prefix = f"{scope}/" if scope else ""

    def get(self, setting: Setting[T]) -> T:
        """Read a setting, falling back to its default when unset or unusable.

        Args:
            setting: The declaration.

        Returns:
            The stored value converted to the declared type, within its range.
        """
        raw = self._qsettings.value(self._prefix + setting.key)
        if raw is None:
            return setting.default
        try:
            value = _convert(raw, type(setting.default))
        except (TypeError, ValueError):
            return setting.default  # a hand-edited file must not stop the app
        return cast(T, _clamp(value, setting))

    def set(self, setting: Setting[T], value: T) -> None:
        """Store a setting (clamped to its range) and announce the change.

        Args:
            setting: The declaration.
            value: The new value.
        """
        stored: Any = _clamp(value, setting)
        if isinstance(stored, bytes):
            stored = QByteArray(stored)
        self._qsettings.setValue(self._prefix + setting.key, stored)
        self._qsettings.sync()
        self.changed.emit(setting.key)


def _convert(raw: object, kind: type) -> object:
    if kind is bool:
        if isinstance(raw, str):
            return raw.strip().lower() in ("1", "true", "yes")
        return bool(raw)
    if kind is int:
        if isinstance(raw, bool):
            raise TypeError("not a whole number")
        return int(str(raw))
    if kind is bytes:
        if isinstance(raw, QByteArray):
            return raw.data()
        if isinstance(raw, bytes):
            return raw
        raise TypeError("not bytes")
    return str(raw)


def _clamp(value: object, setting: Setting[Any]) -> object:
    if isinstance(value, int) and not isinstance(value, bool):
        if setting.minimum is not None:
            value = max(setting.minimum, value)
        if setting.maximum is not None:
            value = min(setting.maximum, value)
    return value


def default_backup_dir(store_path: Path) -> Path:
    """Where backups go until the therapist chooses a place (beside the store, not in it).

    Args:
        store_path: The store's folder.

    Returns:
        A sibling folder named after the store's folder, so the demo never shares it.
    """
    return store_path.parent / f"{store_path.name}-backups"
