"""Settings: light, dark, or whatever the system uses."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QFormLayout, QGroupBox, QWidget

from ui import design
from ui.settings import THEME, SettingsAdapter
from ui.widgets.choices import choice_box


class AppearancePanel(QGroupBox):
    """The theme, applied and saved as soon as it is chosen.

    Args:
        settings: The preferences adapter.
        parent: The parent widget.
    """

    def __init__(self, settings: SettingsAdapter, parent: QWidget | None = None) -> None:
        super().__init__("Appearance", parent)
        self.settings = settings
        self.theme = choice_box("Theme", [(words, key) for key, words in design.THEMES])
        found = self.theme.findData(settings.get(THEME))
        self.theme.setCurrentIndex(max(found, 0))
        form = QFormLayout(self)
        form.addRow("Theme:", self.theme)
        self.theme.currentIndexChanged.connect(lambda _index: self._chosen())

    def _chosen(self) -> None:
        theme = str(self.theme.currentData())
        self.settings.set(THEME, theme)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            design.apply_theme(app, theme)
