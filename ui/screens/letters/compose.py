"""The letter form: about whom, to whom, from which template, and the therapist's own prose."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from practice.services.letters.batch import template_for
from practice.services.letters.fields import PROSE_FIELDS
from ui.models.choices import ChoiceModel
from ui.models.letters import LetterChoices, LetterRequest
from ui.widgets.choices import choice_box

if TYPE_CHECKING:
    from practice.letters.templates import LetterTemplate
    from practice.services.clients import ClientSummary
    from practice.services.letters.drafts import LetterDraftText
    from practice.services.providers import ProviderView

#: Field names in the therapist's words, in the order a letter reads.
PROSE_LABELS: dict[str, str] = {
    "treatment_summary": "Treatment summary",
    "progress_summary": "Progress",
    "recommendations": "Recommendations",
    "risk_summary": "Risk and safety",
}
_ATTENDANCE = "the sessions attended (the record has no signed session note yet)"
_PRONOUNS = "the client's pronouns in forms the letter can use (edit the client's details)"
#: What a field the record fills means, when the record cannot fill it yet.
RECORD_WORDS: dict[str, str] = {
    "start_date": _ATTENDANCE, "session_count": _ATTENDANCE,
    "last_session_date": _ATTENDANCE, "attendance_summary": _ATTENDANCE,
    "diagnosis_summary": "a diagnosis (none is coded on a signed session note yet)",
    "pronoun_subject": _PRONOUNS, "pronoun_object": _PRONOUNS,
    "pronoun_possessive": _PRONOUNS, "pronoun_reflexive": _PRONOUNS,
}


JOINT_HINT = (" Sessions seen together with a partner count only when “Include joint sessions” "
              "is ticked.")


def missing_in_words(fields: tuple[str, ...], *, joint_included: bool = True) -> str:
    """Say which missing letter fields the therapist must supply, in words, not field names.

    Args:
        fields: From ``MissingField.fields``.
        joint_included: Whether the letter already draws on joint sessions; when it does
            not and attendance is missing, say how to count sessions seen together.

    Returns:
        One sentence naming each need once (and the hint, when it applies).
    """
    words = {PROSE_LABELS.get(name) or RECORD_WORDS.get(name) or name.replace("_", " ")
             for name in fields}
    hint = "" if joint_included or _ATTENDANCE not in words else JOINT_HINT
    return "The letter still needs: " + "; ".join(sorted(words)) + "." + hint


def _provider_line(provider: ProviderView) -> str:
    who = ", ".join(p for p in (provider.details.name, provider.details.credentials) if p)
    return f"{who} — {provider.specialty_label}"


class ProseFields:
    """The prose editors a letter asks for, keeping what was typed in fields a change hides.

    Args:
        form: The layout the editors go in (one row each).
        edited: Called whenever any text changes.
        typed: Text already written, by field name.
    """

    def __init__(self, form: QFormLayout, edited: Callable[[], object],
                 typed: Mapping[str, str] | None = None) -> None:
        self.form = form
        self.edits: dict[str, QPlainTextEdit] = {}
        self._typed = dict(typed or {})
        self._edited = edited

    def show(self, needed: Iterable[str]) -> list[str]:
        """Show an editor for each prose field in ``needed``, in the order a letter reads.

        Returns:
            The field names shown.
        """
        wanted = set(needed)
        names = [n for n in PROSE_LABELS if n in wanted and n in PROSE_FIELDS]
        if names == list(self.edits):
            return names
        self._typed = self.texts()
        while self.form.rowCount():
            self.form.removeRow(0)
        self.edits = {}
        for name in names:
            edit = QPlainTextEdit(self._typed.get(name, ""))
            edit.setAccessibleName(PROSE_LABELS[name])
            edit.setTabChangesFocus(True)
            edit.textChanged.connect(self._edited)
            self.form.addRow(PROSE_LABELS[name] + ":", edit)
            self.edits[name] = edit
        return names

    def texts(self) -> dict[str, str]:
        """Every non-blank text, shown or hidden, by field name."""
        typed = {**self._typed, **{n: e.toPlainText() for n, e in self.edits.items()}}
        return {name: text for name, text in typed.items() if text.strip()}

    def forget(self) -> None:
        """Forget every text, shown or hidden."""
        self.fill({})

    def fill(self, texts: Mapping[str, str]) -> None:
        """Put saved texts in the fields, shown or hidden, replacing what was there.

        Args:
            texts: Text by field name; fields not named are emptied.
        """
        self._typed = dict(texts)
        for name, edit in self.edits.items():
            edit.setPlainText(self._typed.get(name, ""))


class ComposeForm(QWidget):
    """Chooses the client, provider, template and date, and holds the typed prose.

    ``recipient_changed`` fires when the client, provider or date changes (the fields asked
    for depend on the release in force); ``edited`` fires on any change at all;
    ``draft_edited`` fires when the therapist changes what a letter draft keeps (the prose,
    the date, the name choice), but not when a saved draft is put back.

    Args:
        parent: The parent widget.
    """

    recipient_changed = Signal()
    client_changed = Signal()
    edited = Signal()
    draft_edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = LetterChoices((), (), ())
        self.scopes: frozenset[str] = frozenset()
        self.client, self.provider = choice_box("Client"), choice_box("Provider")
        # A practice may have thousands of clients: a model, not an item per client.
        self.client_choices: ChoiceModel[ClientSummary] = ChoiceModel(
            lambda c: c.display_name, lambda c: c.id, self)
        self.client.setModel(self.client_choices)
        self.template = choice_box("Template")
        self.letter_date = QDateEdit()
        self.letter_date.setAccessibleName("Letter date")
        self.letter_date.setCalendarPopup(True)
        self.letter_date.setDisplayFormat("d MMM yyyy")
        self.set_date(date.today())
        self.legal_name = QCheckBox("Use legal name in the reference line")
        self.legal_name.setAccessibleName("Use legal name in the reference line")
        # A partner seen only with the couple has no individual notes; the core then checks
        # every other attendee's own release to the recipient.
        self.include_joint = QCheckBox("Include joint sessions")
        self.include_joint.setAccessibleName("Include joint sessions")
        self.include_joint.setToolTip(
            "Draw on sessions the client attended with a partner or other members too. "
            "Everyone else at those sessions needs their own release to this provider.")
        self.fields_note = QLabel("")
        self.fields_note.setWordWrap(True)
        self.fields_form = QFormLayout()
        self._restoring = False
        self.fields = ProseFields(self.fields_form, self._prose_edited)
        form = QFormLayout()
        for label, widget in (("Client:", self.client), ("To:", self.provider),
                              ("Template:", self.template), ("Date:", self.letter_date)):
            form.addRow(label, widget)
        form.addRow(self.legal_name)
        form.addRow(self.include_joint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.fields_note)
        layout.addLayout(self.fields_form)
        layout.addStretch(1)
        self._connect()

    def _connect(self) -> None:
        self.client.currentIndexChanged.connect(self._client_chosen)
        self.provider.currentIndexChanged.connect(self._provider_chosen)
        self.letter_date.dateChanged.connect(lambda _d: self.recipient_changed.emit())
        self.template.currentIndexChanged.connect(lambda _i: self._template_chosen())
        self.legal_name.toggled.connect(lambda _on: self.edited.emit())
        self.include_joint.toggled.connect(lambda _on: self.edited.emit())
        for changed in (self.letter_date.dateChanged, self.legal_name.toggled):
            changed.connect(lambda _value: self._draft_edited())
        for signal in (self.recipient_changed, self.client_changed):
            signal.connect(self.edited)

    def set_choices(self, choices: LetterChoices) -> None:
        """Fill the pickers, keeping the current client and provider when they remain.

        Args:
            choices: Clients, providers and templates read on the worker.
        """
        client, provider = self.client_id(), self.provider_id()
        self.choices = choices
        for combo in (self.client, self.provider, self.template):
            combo.blockSignals(True)
        for combo in (self.provider, self.template):
            combo.clear()
        self.client_choices.set_values(choices.clients)
        for view in choices.providers:
            self.provider.addItem(_provider_line(view), view.id)
        for template in choices.templates:
            self.template.addItem(template.title, template.key)
        self.client.setCurrentIndex(max(self.client.findData(client), 0))
        self.provider.setCurrentIndex(max(self.provider.findData(provider), 0))
        self._match_template()
        for combo in (self.client, self.provider, self.template):
            combo.blockSignals(False)
        self.client_changed.emit()
        self.recipient_changed.emit()

    def choose(self, *, client_id: int | None = None, provider_id: int | None = None,
               template_key: str | None = None) -> None:
        """Pick a client, provider or template by id or key (what a click would pick).

        Args:
            client_id: The client to pick.
            provider_id: The provider to pick (its specialty's template follows).
            template_key: The template to pick.
        """
        for combo, wanted in ((self.client, client_id), (self.provider, provider_id),
                              (self.template, template_key)):
            if wanted is not None:
                combo.setCurrentIndex(combo.findData(wanted))

    def set_date(self, day: date) -> None:
        """Date the letter (never later than today)."""
        self.letter_date.setMaximumDate(QDate.currentDate())
        self.letter_date.setDate(QDate(day.year, day.month, day.day))

    def client_id(self) -> int | None:
        """The chosen client's id."""
        value = self.client.currentData()
        return int(value) if value is not None else None

    def provider_id(self) -> int | None:
        """The chosen provider's id."""
        value = self.provider.currentData()
        return int(value) if value is not None else None

    def letter_day(self) -> date:
        """The letter's date."""
        value = self.letter_date.date()
        return date(value.year(), value.month(), value.day())

    def template_chosen(self) -> LetterTemplate | None:
        """The chosen template."""
        key = self.template.currentData()
        return next((t for t in self.choices.templates if t.key == key), None)

    def request(self) -> LetterRequest | None:
        """The letter as chosen and typed, or None until a client and provider are chosen."""
        client, provider, template = self.client_id(), self.provider_id(), self.template_chosen()
        if client is None or provider is None or template is None:
            return None
        typed = {name: edit.toPlainText() for name, edit in self.prose.items()}
        return LetterRequest(client, provider, template.key, self.letter_day(),
                             self.legal_name.isChecked(), typed,
                             include_joint=self.include_joint.isChecked())

    @property
    def prose(self) -> dict[str, QPlainTextEdit]:
        """The prose editors shown, by field name."""
        return self.fields.edits

    def typed_prose(self) -> dict[str, str]:
        """Everything typed in the prose fields, including fields the template now hides."""
        return self.fields.texts()

    def restore_draft(self, draft: LetterDraftText) -> None:
        """Put a saved draft's date, name choice and prose back (not counted as typing).

        Args:
            draft: As read from the store.
        """
        self._restoring = True
        try:
            if draft.letter_date is not None:
                self.set_date(draft.letter_date)
            self.legal_name.setChecked(draft.use_legal_name)
            self.fields.fill(draft.prose)
        finally:
            self._restoring = False
        self.edited.emit()

    def _prose_edited(self) -> None:
        self._draft_edited()
        self.edited.emit()

    def _draft_edited(self) -> None:
        if not self._restoring:
            self.draft_edited.emit()

    def set_scopes(self, scopes: frozenset[str]) -> None:
        """Ask for the prose the template prints under a release with these scopes.

        Args:
            scopes: The release in force's scopes (empty when there is none).
        """
        self.scopes = scopes
        self._rebuild_fields()
        self.edited.emit()

    def _client_chosen(self, _index: int) -> None:
        self.client_changed.emit()
        self.recipient_changed.emit()

    def _provider_chosen(self, _index: int) -> None:
        self.template.blockSignals(True)
        self._match_template()
        self.template.blockSignals(False)
        self._rebuild_fields()
        self.recipient_changed.emit()

    def _template_chosen(self) -> None:
        self._rebuild_fields()
        self.edited.emit()

    def _match_template(self) -> None:
        """Pick the template written for the provider's specialty (else the general one)."""
        provider = next((p for p in self.choices.providers if p.id == self.provider_id()), None)
        label = provider.specialty_label if provider is not None else ""
        key = template_for(label, self.choices.templates)
        found = self.template.findData(key)
        if found >= 0:
            self.template.setCurrentIndex(found)

    def _rebuild_fields(self) -> None:
        template = self.template_chosen()
        needed = set() if template is None else template.fields_needed(self.scopes)
        names = self.fields.show(needed)
        self.fields_note.setText(
            "In your own words (only what the client's release covers is asked for):"
            if names else "")

    def clear(self) -> None:
        """Forget the choices and everything typed (quietly: nothing is left to preview)."""
        self.blockSignals(True)
        self.set_choices(LetterChoices((), (), ()))
        self.scopes = frozenset()
        self._rebuild_fields()
        self.fields.forget()
        self.legal_name.setChecked(False)
        self.include_joint.setChecked(False)
        self.blockSignals(False)
