"""Steps for the client's copy of their record, from the chart's "Export record…" button.

``export_record`` starts anywhere (it opens the chart through the Clients screen) and ends
with the "Export record" dialog still open, showing where the copy was written. A native
save dialog cannot be driven offscreen: the test patches ``QFileDialog.getSaveFileName``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QListWidget
from pytestqt.qtbot import QtBot

from tests.ui.first_week.clients import open_chart
from tests.ui.visible import TIMEOUT, click, dialog, find, type_into
from ui.window import MainWindow


def withheld_rows(exporter: QListWidget) -> list[str]:
    """The rows of the dialog's "Withheld from this copy" list."""
    return [exporter.item(row).text() for row in range(exporter.count())]


def export_record(qtbot: QtBot, window: MainWindow, display_name: str, *, pdf: bool = True,
                  fhir: bool = False, password: str = "") -> tuple[list[str], str]:
    """Export a client's record from their chart, after reading what is withheld.

    Args:
        qtbot: The test's bot.
        window: The app's main window, unlocked.
        display_name: The client as the client list shows them.
        pdf: Tick "PDF copy".
        fhir: Tick "FHIR file (JSON)".
        password: Typed into "Password for the PDF" (blank: none).

    Returns:
        The withheld list as reviewed, and the dialog's closing message.
    """
    open_chart(qtbot, window, display_name)
    click(qtbot, window, "Export record…")
    exporter = dialog(qtbot, "Export record")
    listed = find(exporter, QListWidget, "Withheld from this copy", qtbot=qtbot)
    qtbot.waitUntil(lambda: listed.count() > 0, timeout=TIMEOUT)
    for name, wanted in (("PDF copy", pdf), ("FHIR file (JSON)", fhir)):
        box = find(exporter, QCheckBox, name, qtbot=qtbot)
        if box.isChecked() != wanted:
            click(qtbot, exporter, name)
    if password:
        type_into(qtbot, exporter, "Password for the PDF", password)
    click(qtbot, exporter, "Choose where and export…")
    outcome = find(exporter, QLabel, "Export result", qtbot=qtbot)
    qtbot.waitUntil(lambda: outcome.text().startswith(("Record written", "The ", "Nothing")),
                    timeout=TIMEOUT)
    return withheld_rows(listed), outcome.text()
