"""Settings: records coming into the practice from elsewhere (a caseload kept in a spreadsheet)."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.context import AppContext


class RecordsPanel(QGroupBox):
    """"Import clients…", and later the other ways records come in and go out.

    Args:
        context: The application context.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Records in and out", parent)
        self.context = context
        self.dialog: QWidget | None = None
        explanation = QLabel("Bring in the clients you kept in a spreadsheet (you see every "
                             "row, and any problem with it, before anything is written), or "
                             "take every record of the practice to another computer.")
        explanation.setWordWrap(True)
        self.import_button = QPushButton("Import clients…")
        self.import_button.setAccessibleName("Import clients")
        self.import_button.clicked.connect(self.open_import)
        self.export_button = QPushButton("Export practice…")
        self.export_button.setAccessibleName("Export practice")
        self.export_button.clicked.connect(self.open_export)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.import_button)
        layout.addWidget(self.export_button)

    def open_import(self) -> None:
        """Open the import dialog (not blocking)."""
        from ui.screens.settings.import_clients import ImportClientsDialog

        dialog = ImportClientsDialog(self.context, self)
        self.dialog = dialog
        dialog.open()

    def open_export(self) -> None:
        """Open the export dialog (not blocking)."""
        from ui.screens.settings.export_practice import ExportPracticeDialog

        dialog = ExportPracticeDialog(self.context, self)
        self.dialog = dialog
        dialog.open()
