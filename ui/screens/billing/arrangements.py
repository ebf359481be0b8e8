"""Who pays and at what fee: a unit's payer arrangement, sliding-scale fees, a client's coverage.

A couple or polycule says once, on the unit's page, who pays for its sessions (one member, a
split by percentage, or each their own) and whose care a joint session bills (the identified
client for 90847). A sliding-scale fee is agreed with a client (chart) or a unit from a date;
a client's coverage (self-pay, out of network) says whether a good-faith estimate is owed.
The core checks each (shares adding up to 100, members only, no fee backwards).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from practice.billing.catalogue import FEE_KEYS
from practice.billing.payers import Arrangement, PayerPlan
from ui.screens.billing.forms import LedgerForm, service_words
from ui.widgets.record_form import RecordForm, Work
from ui.widgets.row_table import named_button

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.billing import Coverage
    from practice.services.units import UnitView
    from ui.context import AppContext

PAYER_TITLE = "Who pays"
SLIDING_TITLE = "Sliding-scale fee"
COVERAGE_TITLE = "Coverage"
ARRANGEMENT_WORDS = {Arrangement.ONE_PAYS: "One member pays",
                     Arrangement.SPLIT: "Split by percentage",
                     Arrangement.EACH_OWN: "Each pays their own"}
COVERAGE_WORDS = {"self_pay": "Self-pay (no insurance used)",
                  "out_of_network": "Out of network (claims with a superbill)",
                  "unknown": "Not known yet"}
NOBODY = "Nobody chosen"
NOT_SET = ("Who pays is not set: each session is charged to its identified client. Choose "
           "who pays, and the identified client joint sessions (90847) bill.")


def _combo(name: str, entries: list[tuple[str, object]]) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    box.view().setAccessibleName(f"{name}: choices")
    for words, data in entries:
        box.addItem(words, data)
    return box


def plan_words(plan: PayerPlan | None, identified: int | None, names: dict[int, str]) -> str:
    """A unit's arrangement in a sentence or two."""
    if plan is None:
        return NOT_SET
    if plan.arrangement is Arrangement.ONE_PAYS:
        who = f"{names.get(plan.payer_id or 0, '?')} pays for the unit's sessions."
    elif plan.arrangement is Arrangement.SPLIT:
        who = "Split: " + ", ".join(f"{names.get(c, '?')} {p}%" for c, p in plan.shares) + "."
    else:
        who = "Each member pays an equal share of the sessions they attend."
    whose = names.get(identified, "?") if identified is not None else "not chosen"
    return f"{who} Identified client for joint sessions (90847): {whose}."


class PayerPlanForm(RecordForm):
    """Say who pays for a unit's sessions and who its identified client is.

    Args:
        context: The application context.
        unit: The unit (its current members are offered).
        plan: The arrangement now, if any.
        identified: The identified client now, if any.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, unit: UnitView, plan: PayerPlan | None,
                 identified: int | None, parent: QWidget | None = None) -> None:
        super().__init__(context, PAYER_TITLE, parent)
        self.unit_id = unit.id
        members = [(m.display_name, m.client_id) for m in unit.current_members]
        self.arrangement = _combo("Arrangement", [(w, a.value)
                                                  for a, w in ARRANGEMENT_WORDS.items()])
        self.payer = _combo("Paying member", list(members))
        self.identified = _combo("Identified client (90847)", [(NOBODY, None), *members])
        self.add_field("Arrangement", self.arrangement)
        self.add_field("Paying member", self.payer)
        self.shares: dict[int, QSpinBox] = {}
        shared = dict(plan.shares) if plan is not None else {}
        for name, client_id in members:
            spin = QSpinBox()
            spin.setRange(0, 100)
            spin.setSuffix(" %")
            spin.setValue(shared.get(client_id, 100 // len(members)))
            self.shares[client_id] = spin
            self.add_field(f"Share of {name}", spin)
        self.add_field("Identified client (90847)", self.identified)
        if plan is not None:
            self.arrangement.setCurrentIndex(self.arrangement.findData(plan.arrangement.value))
            if plan.payer_id is not None:
                self.payer.setCurrentIndex(self.payer.findData(plan.payer_id))
        self.identified.setCurrentIndex(max(0, self.identified.findData(identified)))
        self.arrangement.currentIndexChanged.connect(lambda _i: self._arranged())
        self._arranged()
        self.start()

    def _arranged(self) -> None:
        """Only the fields the arrangement uses can be changed."""
        chosen = Arrangement(self.arrangement.currentData())
        self.payer.setEnabled(chosen is Arrangement.ONE_PAYS)
        for spin in self.shares.values():
            spin.setEnabled(chosen is Arrangement.SPLIT)

    def plan(self) -> PayerPlan:
        """The arrangement the fields describe (refused in words if it cannot be)."""
        chosen = Arrangement(self.arrangement.currentData())
        if chosen is Arrangement.ONE_PAYS:
            return PayerPlan(chosen, payer_id=self.payer.currentData())
        if chosen is Arrangement.SPLIT:
            shares = tuple((c, s.value()) for c, s in self.shares.items() if s.value())
            return PayerPlan(chosen, shares=shares)
        return PayerPlan(chosen)

    def work(self) -> Work:
        """Store the arrangement on the worker (the core checks everyone is a member)."""
        from practice.services.billing import set_payer_plan

        unit_id, plan, identified = self.unit_id, self.plan(), self.identified.currentData()
        return lambda sessions: set_payer_plan(sessions, unit_id, plan,
                                               identified_client_id=identified)


class SlidingFeeForm(LedgerForm):
    """Agree a reduced fee with one client or one unit from a date (blank returns to the schedule).

    Args:
        context: The application context.
        parent: The parent widget.
        client_id: The client (or)
        unit_id: the unit.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None, *,
                 client_id: int | None = None, unit_id: int | None = None) -> None:
        super().__init__(context, SLIDING_TITLE, "Fee", "Effective from", parent)
        self.client_id, self.unit_id = client_id, unit_id
        self.service = _combo("Service", [(service_words(k), k) for k in FEE_KEYS])
        self.service.setCurrentIndex(self.service.findData("90834"))
        self.amount.setPlaceholderText("blank: back to the fee schedule")
        self.add_field("Service", self.service)
        self.add_field("Fee", self.amount)
        self.add_field("Effective from", self.day)
        self.start()

    def work(self) -> Work:
        """Store the sliding-scale fee on the worker."""
        from practice.services.billing import set_sliding_fee

        service, on = str(self.service.currentData()), self.read_day()
        fee = self.amount.text().strip() or None
        client_id, unit_id = self.client_id, self.unit_id
        return lambda sessions: set_sliding_fee(sessions, service, fee, on,
                                                client_id=client_id, unit_id=unit_id)


class CoverageForm(RecordForm):
    """Record how a client pays: self-pay, out of network, or not known yet.

    Args:
        context: The application context.
        client_id: The client.
        coverage: What is recorded now.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, client_id: int, coverage: str,
                 parent: QWidget | None = None) -> None:
        from ui.widgets.organisation_form import line

        super().__init__(context, COVERAGE_TITLE, parent)
        self.client_id = client_id
        self.coverage = _combo("Coverage", [(w, k) for k, w in COVERAGE_WORDS.items()])
        self.coverage.setCurrentIndex(max(0, self.coverage.findData(coverage)))
        self.since = line("From", date.today().isoformat(), placeholder="YYYY-MM-DD")
        self.add_field("Coverage", self.coverage)
        self.add_field("From", self.since)
        self.start()

    def work(self) -> Work:
        """Store the coverage on the worker."""
        from practice.services.billing import set_coverage
        from practice.services.common.dates import parse_day

        since = parse_day(self.since.text(), "From", required=True)
        assert since is not None  # required above
        client_id, coverage = self.client_id, str(self.coverage.currentData())
        return lambda sessions: set_coverage(sessions, client_id, coverage, since)


class FormHost(QWidget):
    """A panel that opens record forms one at a time and reads again once one saves."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.form: RecordForm | None = None

    def reload(self) -> None:
        """Read what the panel shows again (after a form saved)."""
        raise NotImplementedError

    def _opened(self, form: RecordForm) -> None:
        self.form = form
        form.saved.connect(lambda _result: self.reload())
        form.finished.connect(lambda _result: self._forget(form))

    def _forget(self, form: RecordForm) -> None:
        if self.form is form:
            self.form = None
        form.deleteLater()

    def close_form(self) -> None:
        """Close an open form, unless the lock's shelf keeps it to come back after unlock."""
        form = self.form
        if form is not None and form not in self.context.forms.shelved:
            form.done(0)


def _read_plan(sessions: sessionmaker[Session],
               unit_id: int) -> tuple[PayerPlan | None, int | None]:
    from practice.services.billing import payer_plan

    return payer_plan(sessions, unit_id)


class UnitBillingPanel(FormHost):
    """The unit page's Billing tab: who pays, "Who pays…" and "Sliding-scale fee…".

    Args:
        context: The application context.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.unit: UnitView | None = None
        self.plan: PayerPlan | None = None
        self.identified: int | None = None
        self.words = QLabel("")
        self.words.setWordWrap(True)
        self.words.setAccessibleName("Payer arrangement")
        self.outcome = QLabel("")
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName("Sliding-scale fee agreed")
        self.payer_button = named_button("Who pays…", "Who pays")
        self.sliding_button = named_button("Sliding-scale fee…", "Sliding-scale fee")
        self.payer_button.clicked.connect(self.choose_payer)
        self.sliding_button.clicked.connect(self.agree_sliding_fee)
        box = QGroupBox("Who pays")
        column = QVBoxLayout(box)
        column.addWidget(self.words)
        row = QHBoxLayout()
        row.addWidget(self.payer_button)
        row.addWidget(self.sliding_button)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(self.outcome)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addStretch(1)
        self._enable()

    def show_unit(self, unit: UnitView) -> None:
        """Read the unit's arrangement on the worker."""
        if self.unit is None or self.unit.id != unit.id:
            self.outcome.clear()
        self.unit = unit
        unit_id = unit.id
        self.context.read(lambda sessions: _read_plan(sessions, unit_id),
                          on_success=lambda found: self._show(unit_id, found), parent=self)

    def _show(self, unit_id: int, found: tuple[PayerPlan | None, int | None]) -> None:
        if self.unit is None or self.unit.id != unit_id:
            return
        self.plan, self.identified = found
        names = {m.client_id: m.display_name for m in self.unit.members}
        self.words.setText(plan_words(self.plan, self.identified, names))
        self._enable()

    def _enable(self) -> None:
        open_unit = self.unit is not None and self.unit.closed_on is None
        self.payer_button.setEnabled(open_unit and self.unit is not None
                                     and self.unit.kind != "individual")
        self.sliding_button.setEnabled(open_unit)

    def choose_payer(self) -> None:
        """Open the form saying who pays for the unit's sessions."""
        if self.unit is not None and self.form is None:
            self._opened(PayerPlanForm(self.context, self.unit, self.plan, self.identified,
                                       self))

    def agree_sliding_fee(self) -> None:
        """Open the form agreeing a sliding-scale fee with the unit."""
        if self.unit is not None and self.form is None:
            form = SlidingFeeForm(self.context, self, unit_id=self.unit.id)
            form.saved.connect(lambda row: self.outcome.setText(sliding_words(row)))
            self._opened(form)

    def reload(self) -> None:
        """Read the unit's arrangement again."""
        if self.unit is not None:
            self.show_unit(self.unit)

    def clear(self) -> None:
        """Forget the unit (a form on the lock's shelf stays)."""
        self.close_form()
        self.unit, self.plan, self.identified = None, None, None
        self.words.clear()
        self.outcome.clear()
        self._enable()


def sliding_words(row: object) -> str:
    """What a stored sliding-scale fee says: "90834 at $90.00 from 2026-01-05"."""
    from practice.services.billing import FeeRow

    assert isinstance(row, FeeRow)
    fee = "the fee schedule's fee" if row.fee is None else row.fee.display()
    return f"Sliding-scale fee agreed: {row.service} at {fee} from {row.effective_from}."


def coverage_words(coverage: Coverage) -> str:
    """A client's coverage in a sentence: "Coverage: Self-pay (...) since 2026-01-05."."""
    since = f" since {coverage.since.isoformat()}" if coverage.since else ""
    return f"Coverage: {COVERAGE_WORDS.get(coverage.coverage, coverage.coverage)}{since}."


def _read_coverage(sessions: sessionmaker[Session], client_id: int) -> Coverage:
    from practice.services.billing import coverage_of

    return coverage_of(sessions, client_id)


class ClientTermsPanel(FormHost):
    """The chart Billing tab's coverage line, "Coverage…" and "Sliding-scale fee…".

    Args:
        context: The application context.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.client_id: int | None = None
        self.coverage: Coverage | None = None
        self.words = QLabel("")
        self.words.setWordWrap(True)
        self.words.setAccessibleName("Coverage")
        self.outcome = QLabel("")
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName("Sliding-scale fee agreed")
        self.coverage_button = named_button("Coverage…", "Change coverage")
        self.sliding_button = named_button("Sliding-scale fee…", "Sliding-scale fee")
        self.coverage_button.clicked.connect(self.change_coverage)
        self.sliding_button.clicked.connect(self.agree_sliding_fee)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.words, 1)
        row.addWidget(self.outcome, 1)
        row.addWidget(self.coverage_button)
        row.addWidget(self.sliding_button)
        self._enable()

    def show_client(self, client_id: int) -> None:
        """Read the client's coverage on the worker."""
        if client_id != self.client_id:
            self.outcome.clear()
        self.client_id = client_id
        self.context.read(lambda sessions: _read_coverage(sessions, client_id),
                          on_success=self._show, parent=self)

    def _show(self, coverage: Coverage) -> None:
        if coverage.client_id != self.client_id:
            return
        self.coverage = coverage
        self.words.setText(coverage_words(coverage))
        self._enable()

    def _enable(self) -> None:
        self.coverage_button.setEnabled(self.client_id is not None)
        self.sliding_button.setEnabled(self.client_id is not None)

    def change_coverage(self) -> None:
        """Open the coverage form for the client shown."""
        if self.client_id is not None and self.form is None:
            now = self.coverage.coverage if self.coverage is not None else "unknown"
            self._opened(CoverageForm(self.context, self.client_id, now, self))

    def agree_sliding_fee(self) -> None:
        """Open the form agreeing a sliding-scale fee with the client shown."""
        if self.client_id is not None and self.form is None:
            form = SlidingFeeForm(self.context, self, client_id=self.client_id)
            form.saved.connect(lambda row: self.outcome.setText(sliding_words(row)))
            self._opened(form)

    def reload(self) -> None:
        """Read the client's coverage again."""
        if self.client_id is not None:
            self.show_client(self.client_id)

    def clear(self) -> None:
        """Forget the client (a form on the lock's shelf stays)."""
        self.close_form()
        self.client_id, self.coverage = None, None
        self.words.clear()
        self.outcome.clear()
        self._enable()
