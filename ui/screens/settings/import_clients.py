"""Settings → "Import clients…": a spreadsheet's caseload, mapped, previewed, then confirmed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from practice.errors import PracticeError
from ui.errors import show_error
from ui.models.import_preview import ImportPreviewModel
from ui.widgets.choices import choice_box

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.caseload_import import Field, Preview, Table
    from ui.context import AppContext

NOT_IN_FILE = "(not in the file)"


class ImportClientsDialog(QDialog):
    """Choose a CSV, check which column holds what, read every row's verdict, then import.

    Nothing is written until "Import" is clicked, and then every client at once.

    Args:
        context: The application context.
        parent: The parent widget.
    """

    imported = Signal(int)  # how many clients were added

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from practice.services.caseload_import import FIELD_LABELS, FIELDS

        self.context = context
        self.table: Table | None = None
        self.preview: Preview | None = None
        self.setWindowTitle("Import clients")
        self.setAccessibleName("Import clients")
        self.choose_button = QPushButton("Choose CSV file…")
        self.choose_button.clicked.connect(self.ask_for_file)
        self.file_label = QLabel("Export your client list from the spreadsheet as CSV "
                                 "(comma or semicolon, UTF-8 or Windows).")
        self.file_label.setWordWrap(True)
        self.file_label.setAccessibleName("File to import")
        self.columns: dict[Field, QComboBox] = {}
        mapping = QFormLayout()
        for field in FIELDS:
            box = choice_box(f"Column for {FIELD_LABELS[field].lower()}")
            box.setEnabled(False)
            box.currentIndexChanged.connect(self._remap)
            self.columns[field] = box
            caption = QLabel(f"{FIELD_LABELS[field]}:")
            caption.setBuddy(box)
            mapping.addRow(caption, box)
        self.model = ImportPreviewModel()
        self.rows_view = QTableView()
        self.rows_view.setAccessibleName("Rows to import")
        self.rows_view.setModel(self.model)
        self.rows_view.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Import summary")
        self.skip_bad = QCheckBox("Import only the rows without problems")
        self.skip_duplicates = QCheckBox("Leave out likely duplicates")
        for option in (self.skip_bad, self.skip_duplicates):
            option.toggled.connect(self._update_button)
        self.import_button = QPushButton("Import")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.import_now)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.choose_button)
        layout.addWidget(self.file_label)
        layout.addLayout(mapping)
        layout.addWidget(self.rows_view, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.skip_bad)
        layout.addWidget(self.skip_duplicates)
        layout.addLayout(buttons)
        self.resize(760, 640)

    def ask_for_file(self) -> None:
        """Ask which CSV file to read."""
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Import clients", str(Path.home()), "CSV files (*.csv *.txt)")
        if chosen:
            self.read_file(Path(chosen))

    def read_file(self, path: Path) -> None:
        """Read the file on the worker, guess the columns, and preview it."""
        from practice.services.caseload_import import guess_mapping, read_table

        def work(_sessions: sessionmaker[Session]) -> tuple[Table, dict[Field, int]]:
            table = read_table(path)
            return table, guess_mapping(table.header)

        self.context.read(work, on_success=self._file_read, on_failure=self._refused,
                          parent=self)

    def _file_read(self, result: tuple[Table, dict[Field, int]]) -> None:
        self.table, guessed = result
        self.file_label.setText(f"{len(self.table.rows)} rows read "
                                f"({self.table.encoding}, “{self.table.delimiter}” between "
                                "columns). Check which column holds what:")
        for field, box in self.columns.items():
            box.blockSignals(True)
            box.clear()
            box.addItem(NOT_IN_FILE, None)
            for index, title in enumerate(self.table.header):
                box.addItem(title or f"Column {index + 1}", index)
            box.setCurrentIndex(box.findData(guessed[field]) if field in guessed else 0)
            box.setEnabled(True)
            box.blockSignals(False)
        self._remap()

    def mapping(self) -> dict[Field, int]:
        """Which column holds each field, as chosen."""
        return {field: box.currentData() for field, box in self.columns.items()
                if box.currentData() is not None}

    def _remap(self) -> None:
        from practice.services.caseload_import import preview

        table, mapping = self.table, self.mapping()
        if table is None:
            return
        self.import_button.setEnabled(False)

        def work(sessions: sessionmaker[Session]) -> Preview:
            return preview(sessions, table, mapping)

        self.context.read(work, on_success=self._previewed, on_failure=self._not_previewed,
                          parent=self)

    def _previewed(self, checked: Preview) -> None:
        self.preview = checked
        self.model.show(checked)
        self.summary.setText(f"{len(checked.good)} ready to import, {len(checked.bad)} with "
                             f"problems, {len(checked.duplicates)} likely duplicates. "
                             "Nothing is written until you click Import.")
        self._update_button()

    def _not_previewed(self, error: BaseException) -> None:
        self.preview = None
        self.model.show(None)
        self._refused(error)
        self._update_button()

    def _count(self) -> int:
        checked = self.preview
        if checked is None:
            return 0
        return sum(1 for row in checked.good
                   if not (self.skip_duplicates.isChecked() and row.is_duplicate))

    def _update_button(self) -> None:
        checked, count = self.preview, self._count()
        blocked = checked is None or (bool(checked.bad) and not self.skip_bad.isChecked())
        self.import_button.setEnabled(not blocked and count > 0)
        self.import_button.setText(f"Import {count} clients" if count != 1
                                   else "Import 1 client")

    def import_now(self) -> None:
        """Write the previewed clients in one step."""
        from practice.services.caseload_import import import_rows

        checked, store = self.preview, self.context.store
        if checked is None or store is None:
            return
        skip_bad, skip_duplicates = self.skip_bad.isChecked(), self.skip_duplicates.isChecked()
        self.import_button.setEnabled(False)

        def work(sessions: sessionmaker[Session]) -> int:
            return len(import_rows(sessions, checked, skip_bad=skip_bad,
                                   skip_duplicates=skip_duplicates))

        # The store is taken now, on this thread: the worker never races a lock for it.
        self.context.write(work, on_success=self._done, on_failure=self._refused,
                           label="Importing clients…", parent=self)

    def _done(self, count: int) -> None:
        self.summary.setText(f"Imported {count} clients. They are on the Clients screen.")
        self.preview = None
        self.model.show(None)
        self._update_button()
        self.imported.emit(count)

    def _refused(self, error: BaseException) -> None:
        if isinstance(error, PracticeError):
            self.summary.setText(error.message)
        else:
            show_error(self, error)
        self._update_button()
