"""Forms of the Measures tab: answers typed from a paper form, and a risk flag's review.

The answers form has one field per item, named "Item 1", "Item 2", ... as the core's
messages begin ("Item 4 of the PHQ-9 must be between 0 and 3"), so a refused answer is
explained right under the item that is wrong. Nothing is scored here: the core scores and
checks what was typed, and the form only reads whole numbers out of the fields.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)

from practice.errors import ValidationError
from practice.services.common.dates import parse_day
from ui.screens.chart.record_tab import DATE_HINT
from ui.widgets.record_form import RecordForm, Work

if TYPE_CHECKING:
    from practice.measures import Instrument
    from practice.services.measures import RiskFlagView
    from ui.context import AppContext

REVIEW_TITLE = "Review risk flag"
DATE_LABEL = "Date answered"
PARTNER_LABEL = "Partner"


def answers_title(instrument: Instrument) -> str:
    """The answers form's title ("Enter PHQ-9 answers")."""
    return f"Enter {instrument.name} answers"


def flag_words(flag: RiskFlagView) -> str:
    """What a risk flag is about, in words that name items, never the answers' meaning."""
    items = ", ".join(str(n) for n in flag.items)
    noun = "item" if len(flag.items) == 1 else "items"
    return (f"{flag.name} of {flag.administered_on:%d %b %Y}: {noun} {items} answered "
            "above 0. Review it with the client and record what you did.")


def read_answers(instrument: Instrument, typed: list[str]) -> list[int]:
    """Read one whole number per item out of what was typed (the core checks the ranges).

    Raises:
        ValidationError: An item left empty or not a whole number (the message names it).
    """
    answers = []
    for item, text in zip(instrument.items, typed, strict=True):
        cleaned = text.strip()
        where = f"Item {item.number} of the {instrument.name}"
        if not cleaned:
            raise ValidationError(f"{where} has no answer; type the points circled on the "
                                  "paper form.")
        if not (cleaned.isascii() and cleaned.lstrip("-").isdigit()):
            raise ValidationError(f"{where} must be a whole number.")
        answers.append(int(cleaned))
    return answers


class AnswersForm(RecordForm):
    """Type a completed paper questionnaire in, item by item, and store it through the core.

    Args:
        context: The application context.
        client_id: Who answered.
        instrument: The instrument answered.
        partners: For a per-relationship instrument (the CSI), the client's unit partners
            by id, one of whom the answers are about; ignored otherwise.
        parent: The parent widget.
        partner_id: The partner chosen at first, if any.
    """

    def __init__(self, context: AppContext, client_id: int, instrument: Instrument,
                 partners: dict[int, str], parent: QWidget | None = None, *,
                 partner_id: int | None = None) -> None:
        super().__init__(context, answers_title(instrument), parent)
        self.client_id = client_id
        self.instrument = instrument
        self.day = QLineEdit(date.today().isoformat())
        self.day.setPlaceholderText(DATE_HINT)
        self.add_field(DATE_LABEL, self.day)
        self.partner: QComboBox | None = None
        if instrument.per_relationship:
            self.partner = QComboBox()
            self.partner.view().setAccessibleName("Partners to choose from")
            for pid, name in sorted(partners.items(), key=lambda p: p[1].casefold()):
                self.partner.addItem(name, pid)
            self.partner.setCurrentIndex(max(0, self.partner.findData(partner_id)))
            self.add_field(PARTNER_LABEL, self.partner)
        low = min(i.low for i in instrument.items)
        high = max(i.high for i in instrument.items)
        hint = QLabel(f"Type the points circled on the paper form for each item "
                      f"({low} to {high}; the form's own range for each item is shown in "
                      "its field).")
        hint.setWordWrap(True)
        hint.setAccessibleName("How to enter the answers")
        self.fields.addRow(hint)
        self.items = self._item_fields()
        self.resize(560, 640)
        self.start()

    def _item_fields(self) -> list[QLineEdit]:
        holder = QWidget()
        layout = QFormLayout(holder)
        fields = []
        for item in self.instrument.items:
            field = QLineEdit()
            field.setMaxLength(3)
            field.setPlaceholderText(f"{item.low}–{item.high}")
            field.setAccessibleName(f"Item {item.number}")
            field.setAccessibleDescription(item.text or item.label)
            field.setToolTip(item.text or item.label)
            self.add_field(f"Item {item.number}", field, layout=layout)
            holder_of = field.parentWidget()
            caption = layout.labelForField(holder_of) if holder_of is not None else None
            if isinstance(caption, QLabel):  # the number people find on the paper, then words
                caption.setText(f"Item {item.number} ({item.label}):")
            fields.append(field)
        scroll = QScrollArea()
        scroll.setAccessibleName("Answers by item")
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        self.body.insertWidget(1, scroll, 1)
        return fields

    def work(self) -> Work:
        """Read the date, partner and answers, then record them on the worker."""
        from practice.services.measures import record_measure

        on = parse_day(self.day.text(), DATE_LABEL, required=True)
        assert on is not None  # required above
        partner_id: int | None = None
        if self.partner is not None:
            partner_id = self.partner.currentData()
            if partner_id is None:
                raise ValidationError(f"{PARTNER_LABEL}: choose whom the answers are about.")
        answers = read_answers(self.instrument, [f.text() for f in self.items])
        client_id, key = self.client_id, self.instrument.key
        return lambda sessions: record_measure(sessions, client_id, key, answers, on=on,
                                               partner_id=partner_id)


class RiskReviewForm(RecordForm):
    """Record the therapist's review of a risk flag, which closes it for good.

    Args:
        context: The application context.
        flag: The open flag.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, flag: RiskFlagView,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, REVIEW_TITLE, parent)
        self.flag_id = flag.id
        which = QLabel(flag_words(flag))
        which.setWordWrap(True)
        which.setAccessibleName("Risk flag")
        self.fields.addRow(which)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("What you asked, what the client said, the safety plan "
                                     "or referral made.")
        self.add_field("Review note", self.note)
        self.start()

    def work(self) -> Work:
        """Read the note, then record the review on the worker (the core checks it)."""
        from practice.services.measures import review_risk_flag

        note, flag_id = self.note.toPlainText(), self.flag_id
        return lambda sessions: review_risk_flag(sessions, flag_id, note)
