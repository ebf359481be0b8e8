"""The chart's Measures tab: the client's questionnaires in a table and their trend over time.

Answers come in two ways: typed from a completed paper form ("Enter answers…"), or given
by the client on this laptop ("Hand the laptop to the client…": a full-screen
questionnaire that ends at the unlock screen, see ``kiosk``). A risk flag (PHQ-9 item 9
above zero) is shown above every tab of the chart (``risk_banner``) and on Today until the
therapist records a review. Everything is read on the worker (``ui.models.measures``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from practice.measures import INSTRUMENTS
from ui import design
from ui.errors import confirm
from ui.models.measures import MeasuresData, MeasureTableModel, line_title, read_measures
from ui.screens.chart.kiosk import QuestionnaireWindow
from ui.screens.chart.measure_forms import AnswersForm, RiskReviewForm, flag_words
from ui.widgets.empty_state import EmptyState
from ui.widgets.row_table import named_button, row_table
from ui.widgets.trend_chart import TrendChart

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.measures import Instrument
    from practice.services.measures import MeasureResult
    from ui.context import AppContext
    from ui.widgets.record_form import RecordForm

NO_MEASURES = ("No measures yet. Enter a questionnaire the client filled in on paper, or "
               "hand them the laptop to answer one here; each one's total is plotted over "
               "time against its published bands.")
NO_PARTNER = ("The {name} is answered about a partner: add the client to a couple or "
              "polycule first.")


def lock_app(widget: QWidget) -> None:
    """Lock the practice that ``widget`` is shown in (nothing outside the app's window)."""
    # Asked of the window by its Lock action, not by importing ui.window: the window holds
    # the workspace that builds this screen, so an import would close a cycle (issue 16).
    lock = getattr(widget.window(), "lock_action", None)
    if isinstance(lock, QAction) and lock.isEnabled():
        lock.trigger()


def _combo(name: str, choices: str) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    box.view().setAccessibleName(choices)
    return box


class RiskBanner(QWidget):
    """The open risk flags of the client on show, with the way to review the oldest.

    Args:
        parent: The parent widget.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Risk flag")
        self.setAutoFillBackground(True)
        tone = design.risk_tone("high", self.palette())
        colours = self.palette()
        colours.setColor(self.backgroundRole(), tone.background)
        colours.setColor(self.foregroundRole(), tone.text)
        self.setPalette(colours)
        self.words = QLabel("")
        self.words.setWordWrap(True)
        self.words.setAccessibleName("Risk flag to review")
        self.review = named_button("Review risk flag…", "Review risk flag")
        row = QHBoxLayout(self)
        row.addWidget(self.words, 1)
        row.addWidget(self.review)
        self.hide()


class MeasuresTab(QWidget):
    """A client's measures: table, trend chart, the ways answers come in, risk flags.

    Args:
        context: The application context.
        parent: The parent widget.

    Signals:
        changed: Something was stored (answers or a review); Today may show it differently.
    """

    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.client_id: int | None = None
        self.data: MeasuresData | None = None
        self.partners: dict[int, str] = {}
        self.form: RecordForm | None = None
        self.kiosk: QuestionnaireWindow | None = None
        self._wanted: tuple[str, int | None] | None = None
        self.risk_banner = RiskBanner()
        self.risk_banner.review.clicked.connect(self.review_flag)
        self.instrument = _combo("Measure to give", "Measures to choose from")
        for key, form in INSTRUMENTS.items():
            self.instrument.addItem(form.name, key)
        self.instrument.currentIndexChanged.connect(lambda _i: self._enable())
        self.partner = _combo("About partner", "Partners to choose from")
        self.enter = named_button("Enter answers…", "Enter answers")
        self.enter.setToolTip("Type in a questionnaire the client completed on paper.")
        self.enter.clicked.connect(self.enter_answers)
        self.hand_over = named_button("Hand the laptop to the client…",
                                      "Hand the laptop to the client")
        self.hand_over.setToolTip("A full-screen questionnaire that shows nothing else of the "
                                  "practice; the app locks when the client is done.")
        self.hand_over.clicked.connect(self.start_questionnaire)
        self.print_blank = named_button("Print blank form…", "Print blank form")
        self.print_blank.setToolTip("Save the chosen questionnaire as a blank PDF to print "
                                    "and hand over on paper; it names no client.")
        self.print_blank.clicked.connect(self._ask_where_to_print)
        self.printed = QLabel("")
        self.printed.setAccessibleName("Blank form saved")
        self.why_not = QLabel("")
        self.why_not.setWordWrap(True)
        self.why_not.setAccessibleName("Why answers cannot be given")
        self.model = MeasureTableModel(self)
        self.table = row_table("Measures, newest first", self.model)
        self.table.selectionModel().currentRowChanged.connect(lambda *_rows: self._follow_row())
        self.table.selectionModel().selectionChanged.connect(lambda *_rows: self._enable())
        self.delete = named_button("Delete…", "Delete measure")
        self.delete.setToolTip("Remove an entry typed in wrongly, to enter it again from the "
                               "paper form.")
        self.delete.clicked.connect(self.delete_selected)
        self.line = _combo("Trend shown", "Trends to choose from")
        self.line.currentIndexChanged.connect(lambda _i: self._draw())
        self.chart = TrendChart()
        self.empty = EmptyState(NO_MEASURES, "Enter answers", self.enter_answers)
        self.empty.action.setAccessibleName("Enter answers from paper")
        self._lay_out()
        self._enable()

    def _lay_out(self) -> None:
        actions = QHBoxLayout()
        self.partner_caption = QLabel("About:")
        for label, widget in ((QLabel("Measure:"), self.instrument),
                              (self.partner_caption, self.partner)):
            label.setBuddy(widget)
            actions.addWidget(label)
            actions.addWidget(widget)
        actions.addWidget(self.enter)
        actions.addWidget(self.hand_over)
        actions.addWidget(self.print_blank)
        actions.addStretch(1)
        trend = QWidget()
        trend_column = QVBoxLayout(trend)
        trend_column.setContentsMargins(0, 0, 0, 0)
        chooser = QHBoxLayout()
        caption = QLabel("Trend:")
        caption.setBuddy(self.line)
        chooser.addWidget(caption)
        chooser.addWidget(self.line, 1)
        trend_column.addLayout(chooser)
        trend_column.addWidget(self.chart, 1)
        listing = QWidget()
        listing_column = QVBoxLayout(listing)
        listing_column.setContentsMargins(0, 0, 0, 0)
        listing_column.addWidget(self.table, 1)
        listing_column.addWidget(self.delete, 0, Qt.AlignmentFlag.AlignLeft)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(listing)
        split.addWidget(trend)
        split.setStretchFactor(1, 2)
        self.pages = QStackedWidget()
        self.pages.addWidget(split)
        self.pages.addWidget(self.empty)
        column = QVBoxLayout(self)
        column.addLayout(actions)
        column.addWidget(self.why_not)
        column.addWidget(self.printed)
        column.addWidget(self.pages, 1)

    # --- reading ------------------------------------------------------------------------

    def show_client(self, client_id: int, partners: dict[int, str]) -> None:
        """Read and show a client's measures.

        Args:
            client_id: The client.
            partners: The people the client shares (or shared) a unit with, by id, with
                their display names: whom a CSI may be about.
        """
        if client_id != self.client_id:
            self.clear()
        self.client_id, self.partners = client_id, dict(partners)
        chosen = self.partner.currentData()
        self.partner.clear()
        for partner_id, name in sorted(partners.items(), key=lambda p: p[1].casefold()):
            self.partner.addItem(name, partner_id)
        if chosen is not None and self.partner.findData(chosen) >= 0:
            self.partner.setCurrentIndex(self.partner.findData(chosen))
        self.reload()

    def reload(self) -> None:
        """Read the shown client's measures again."""
        client_id = self.client_id
        if client_id is None:
            return
        self.context.read(lambda sessions: read_measures(sessions, client_id),
                          on_success=self._show, parent=self)

    def _show(self, data: MeasuresData) -> None:
        if data.client_id != self.client_id:
            return
        # The line on show stays on show; after an entry, that entry's line is shown.
        wanted = self._wanted or self._line_key()
        self._wanted = None
        self.data = data
        self.model.set_measures(data, self.partners)
        self.table.resizeColumnsToContents()
        self.pages.setCurrentIndex(0 if data.results else 1)
        self.line.blockSignals(True)
        self.line.clear()
        for line in data.trends:
            self.line.addItem(line_title(line, self.partners))
        keys = [(t.instrument, t.partner_id) for t in data.trends]
        if wanted is None and data.results:
            wanted = (data.results[0].instrument, data.results[0].partner_id)
        self.line.setCurrentIndex(keys.index(wanted) if wanted in keys else 0)
        self.line.blockSignals(False)
        self._draw()
        self._show_flags(data)
        self._enable()

    def _line_key(self) -> tuple[str, int | None] | None:
        """The instrument and partner of the trend on show, if any."""
        index = self.line.currentIndex()
        if self.data is None or not 0 <= index < len(self.data.trends):
            return None
        line = self.data.trends[index]
        return line.instrument, line.partner_id

    def _show_flags(self, data: MeasuresData) -> None:
        flags = data.open_flags
        if not flags:
            self.risk_banner.hide()
            return
        more = f" ({len(flags)} flags open; the oldest first.)" if len(flags) > 1 else ""
        self.risk_banner.words.setText(f"Risk flag: {flag_words(flags[0])}{more}")
        self.risk_banner.show()

    def _draw(self) -> None:
        index = self.line.currentIndex()
        if self.data is None or not 0 <= index < len(self.data.trends):
            self.chart.clear_chart()
            return
        line = self.data.trends[index]
        self.chart.show_trend(line, line_title(line, self.partners))

    def _follow_row(self) -> None:
        """Show the trend of the administration chosen in the table."""
        row = self.table.currentIndex().row()
        if self.data is None or not 0 <= row < self.model.rowCount():
            return
        result = self.model.result(row)
        keys = [(t.instrument, t.partner_id) for t in self.data.trends]
        key = (result.instrument, result.partner_id)
        if key in keys:
            self.line.setCurrentIndex(keys.index(key))

    # --- giving a measure ---------------------------------------------------------------

    def chosen_instrument(self) -> Instrument:
        """The instrument chosen to give."""
        return INSTRUMENTS[self.instrument.currentData()]

    def _enable(self) -> None:
        form = self.chosen_instrument()
        about_partner = form.per_relationship
        # Only a measure answered about a partner shows one (a PHQ-9 is about nobody else).
        for widget in (self.partner_caption, self.partner):
            widget.setVisible(about_partner and self.partner.count() > 0)
        missing = about_partner and self.partner.count() == 0
        self.why_not.setText(NO_PARTNER.format(name=form.name) if missing else "")
        self.why_not.setVisible(missing)
        can = self.client_id is not None and self.context.store is not None and not missing
        for button in (self.enter, self.hand_over, self.empty.action):
            button.setEnabled(can)
        self.print_blank.setEnabled(self.context.store is not None)
        self.delete.setEnabled(self.selected() is not None and self.context.store is not None)

    def _partner_id(self, form: Instrument) -> int | None:
        return self.partner.currentData() if form.per_relationship else None

    def enter_answers(self) -> None:
        """Open the form for typing in a completed paper questionnaire."""
        client_id = self.client_id
        if client_id is None or self.form is not None or self.context.store is None:
            return
        self._follow(AnswersForm(self.context, client_id, self.chosen_instrument(),
                                 self.partners, self, partner_id=self.partner.currentData()))

    def _ask_where_to_print(self) -> None:
        form = self.chosen_instrument()
        # The file is named for the instrument only: a blank form says nothing of anyone.
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Print blank form", str(Path.home() / f"{form.key}-blank-form.pdf"),
            "PDF files (*.pdf)")
        if chosen:
            self.print_blank_form(Path(chosen))

    def print_blank_form(self, target: Path) -> None:
        """Write the chosen instrument's blank paper form, with the letterhead, to ``target``.

        Args:
            target: Where the PDF goes (written whole or not at all).
        """
        key = self.chosen_instrument().key

        def work(sessions: sessionmaker[Session]) -> Path:
            from practice.services.measures import blank_form_pdf
            from practice.store.atomic import write_atomically

            write_atomically(target, blank_form_pdf(sessions, key))
            return target

        self.print_blank.setEnabled(False)
        self.printed.clear()
        self.context.read(work, on_success=self._printed, on_failure=self._not_printed,
                          label="Preparing the blank form…", parent=self)

    def _printed(self, target: Path) -> None:
        self.print_blank.setEnabled(True)
        self.printed.setText(f"Blank form saved to {target}.")

    def _not_printed(self, error: BaseException) -> None:
        from ui.errors import show_error

        self.print_blank.setEnabled(True)
        show_error(self, error)

    def start_questionnaire(self) -> None:
        """Hand the laptop over: the chosen questionnaire full screen, then the lock."""
        client_id, form = self.client_id, self.chosen_instrument()
        if client_id is None or self.kiosk is not None or self.context.store is None:
            return
        partner_id = self._partner_id(form)
        if form.per_relationship and partner_id is None:
            return
        kiosk = QuestionnaireWindow(self.context, client_id, form, partner_id,
                                    lambda: lock_app(self), self)
        self.kiosk = kiosk
        kiosk.finished.connect(lambda _result: self._kiosk_closed(kiosk))
        kiosk.showFullScreen()

    def _kiosk_closed(self, kiosk: QuestionnaireWindow) -> None:
        if self.kiosk is kiosk:
            self.kiosk = None
        kiosk.deleteLater()

    def selected(self) -> MeasureResult | None:
        """The administration chosen in the table, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.result(rows[0].row()) if rows else None

    def delete_selected(self) -> None:
        """Ask, then delete the chosen administration (a mistyped entry, to enter again)."""
        result = self.selected()
        if result is None:
            return
        question = (f"Delete the {result.name} of {result.administered_on:%d %b %Y} (total "
                    f"{result.total_text})? Its answers and score are removed; enter it again "
                    "from the paper form if it was typed in wrongly.")
        confirm(self, question, "Delete", lambda: self._delete(result.id))

    def _delete(self, administration_id: int) -> None:
        from practice.services.measures import delete_measure

        self.context.write(lambda sessions: delete_measure(sessions, administration_id),
                           on_success=self._stored, parent=self)

    # --- risk flags ---------------------------------------------------------------------

    def review_flag(self) -> None:
        """Open the review of the oldest open risk flag."""
        if self.data is None or not self.data.open_flags or self.form is not None:
            return
        self._follow(RiskReviewForm(self.context, self.data.open_flags[0], self))

    def _follow(self, form: RecordForm) -> None:
        self.form = form
        form.saved.connect(self._stored)
        form.finished.connect(lambda _result: self._forget(form))

    def _stored(self, result: object) -> None:
        from practice.services.measures import MeasureResult

        if isinstance(result, MeasureResult):
            self._wanted = (result.instrument, result.partner_id)
        self.reload()
        self.changed.emit()

    def _forget(self, form: RecordForm) -> None:
        if self.form is form:
            self.form = None
        form.deleteLater()

    def clear(self) -> None:
        """Forget the client (a form on the lock's shelf stays, to come back after unlock)."""
        form = self.form
        if form is not None and form not in self.context.forms.shelved:
            form.done(QDialog.DialogCode.Rejected)
        self.client_id, self.data, self.partners = None, None, {}
        self.model.set_measures(None, {})
        self.line.clear()
        self.partner.clear()
        self.chart.clear_chart()
        self.risk_banner.hide()
        self.pages.setCurrentIndex(0)
        self._enable()
