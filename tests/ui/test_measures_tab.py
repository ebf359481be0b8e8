"""The chart's Measures tab: a PHQ-9 typed in from paper, its table row and trend chart, and
the risk flag of item 9 on the chart and on Today until the therapist records a review."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCharts import QXYSeries
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QTableView, QWidget
from pytestqt.qtbot import QtBot

from practice.measures import INSTRUMENTS
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories
from tests.ui.conftest import ContextFactory, wait_idle
from tests.ui.measures_steps import measures_of, on_screen
from tests.ui.visible import answer, choose, click, dialog, find, open_tab, pick_row, type_into
from ui.context import AppContext
from ui.screens.today import TodayScreen
from ui.widgets.trend_chart import IMPROVED, TrendChart

PHQ9 = "Enter PHQ-9 answers"


@pytest.fixture
def context(make_context: ContextFactory, store_path: Path) -> Iterator[AppContext]:
    """A context with the test's store open (closed by ``make_context``)."""
    made = make_context(store_path)
    made.store = Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    yield made


def _enter_phq9(qtbot: QtBot, context: AppContext, screen: QWidget, answers: list[str],
                day: str) -> None:
    choose(qtbot, screen, "Measure to give", "PHQ-9")
    click(qtbot, screen, "Enter answers")
    form = dialog(qtbot, PHQ9)
    type_into(qtbot, form, "Date answered", day)
    for number, points in enumerate(answers, start=1):
        type_into(qtbot, form, f"Item {number}", points)
    click(qtbot, form, "Save")
    wait_idle(qtbot, context)


def _cells(table: QTableView) -> list[list[str]]:
    model = table.model()
    return [[str(model.data(model.index(r, c))) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def _points(chart: TrendChart, name: str) -> int:
    series = chart.series_named(name)
    assert isinstance(series, QXYSeries), f"no series {name!r} drawn"
    return series.count()


def test_a_phq9_from_paper_is_refused_under_the_wrong_item_then_tabled_and_plotted(
    qtbot: QtBot, context: AppContext,
) -> None:
    assert context.store is not None
    robin = factories.client(context.store.sessions, "Robert Ångström", "Robin")
    screen = measures_of(qtbot, context, robin)

    # Item 4 circled "5" on a 0-3 form: the core's words, right under item 4.
    _enter_phq9(qtbot, context, screen, ["2", "2", "1", "5", "1", "2", "1", "1", "0"],
                "2026-10-01")
    form = dialog(qtbot, PHQ9)
    problem = find(form, QLabel, "Item 4: problem")
    assert problem.text() == "Item 4 of the PHQ-9 must be between 0 and 3."
    assert not find(form, QLabel, "Item 4: problem").text().startswith("Item 3")
    type_into(qtbot, form, "Item 4", "3")
    click(qtbot, form, "Save")
    wait_idle(qtbot, context)
    qtbot.waitUntil(lambda: not on_screen(PHQ9), timeout=5000)

    table = find(screen, QTableView, "Measures, newest first")
    assert _cells(table) == [["2026-10-01", "PHQ-9", "", "13", "moderate", "first", ""]]
    chart = find(screen, TrendChart, "Trend chart")
    assert _points(chart, "PHQ-9 total") == 1
    assert chart.series_named("moderately severe") is not None  # a band drawn behind
    assert chart.series_named("Cutoff 10") is not None

    # Six weeks later, 7 points lower: past the reliable-change threshold of 6.
    _enter_phq9(qtbot, context, screen, ["1", "1", "0", "1", "1", "1", "1", "0", "0"],
                "2026-11-12")
    assert [row[:6] for row in _cells(table)] == [
        ["2026-11-12", "PHQ-9", "", "6", "mild", "reliably improved"],
        ["2026-10-01", "PHQ-9", "", "13", "moderate", "first"],
    ]
    assert _points(chart, "PHQ-9 total") == 2
    assert _points(chart, IMPROVED) == 1
    assert "reliably improved" not in chart.accessibleDescription()  # said as the core words
    assert "improved since the first" in chart.accessibleDescription()
    picture = chart.grab().toImage()
    assert not picture.isNull() and picture.width() > 100
    # Not one colour all over: the bands, the line and the axes were painted.
    assert len({picture.pixel(x, y) for x in range(0, picture.width(), 7)
                for y in range(0, picture.height(), 7)}) > 10


def test_item_9_above_zero_raises_a_flag_on_the_chart_and_today_until_reviewed(
    qtbot: QtBot, context: AppContext,
) -> None:
    assert context.store is not None
    sessions = context.store.sessions
    kai = factories.client(sessions, "Kai Lindqvist")
    screen = measures_of(qtbot, context, kai)
    _enter_phq9(qtbot, context, screen, ["1", "2", "1", "1", "0", "2", "1", "0", "1"],
                date.today().isoformat())

    banner = find(screen, QLabel, "Risk flag to review", qtbot=qtbot)
    assert "item 9 answered above 0" in banner.text()
    open_tab(qtbot, screen, "Identity & contact")  # shown above every tab, not only Measures
    assert find(screen, QLabel, "Risk flag to review").isVisible()
    open_tab(qtbot, screen, "Measures")
    table = find(screen, QTableView, "Measures, newest first")
    assert _cells(table)[0][6] == "review due"

    today = TodayScreen(context)
    qtbot.addWidget(today)
    today.show()
    today.load()
    wait_idle(qtbot, context)
    risks = find(today, QWidget, "Risk flags to review")
    assert [risks.item(r).text() for r in range(risks.count())] == [  # type: ignore[attr-defined]
        f"Kai Lindqvist — PHQ-9 of {date.today():%d %b %Y}: item 9 above 0, review due"]

    click(qtbot, screen, "Review risk flag")
    review = dialog(qtbot, "Review risk flag")
    click(qtbot, review, "Save")
    wait_idle(qtbot, context)
    assert find(review, QLabel, "Review note: problem").text() == "Review note is required."
    type_into(qtbot, review, "Review note", "Asked about item 9: passive thoughts, no plan "
              "or intent. Safety plan reviewed; crisis line given.")
    click(qtbot, review, "Save")
    wait_idle(qtbot, context)
    qtbot.waitUntil(lambda: not on_screen("Review risk flag"), timeout=5000)

    assert not [label for label in screen.findChildren(QLabel)
                if label.isVisible() and label.accessibleName() == "Risk flag to review"]
    assert not [b for b in screen.findChildren(QPushButton)
                if b.isVisible() and b.accessibleName() == "Review risk flag"]
    assert _cells(table)[0][6] == "reviewed"
    today.load()
    wait_idle(qtbot, context)
    assert [risks.item(r).text() for r in range(risks.count())] == [  # type: ignore[attr-defined]
        "No risk flag waits for a review."]


@pytest.mark.parametrize("key", list(INSTRUMENTS))
def test_every_instruments_paper_form_has_one_named_field_per_item(
    qtbot: QtBot, context: AppContext, key: str,
) -> None:
    assert context.store is not None
    sessions = context.store.sessions
    ash, blair = (factories.client(sessions, name) for name in ("Ash Moreno", "Blair Chen"))
    factories.unit(sessions, "couple", ash, blair)
    screen = measures_of(qtbot, context, ash)
    form = INSTRUMENTS[key]
    choose(qtbot, screen, "Measure to give", form.name)
    click(qtbot, screen, "Enter answers")
    entry = dialog(qtbot, f"Enter {form.name} answers")
    for item in form.items:
        field = find(entry, QLineEdit, f"Item {item.number}")
        assert field.placeholderText() == f"{item.low}–{item.high}"
    assert bool([c for c in entry.findChildren(QComboBox) if c.isVisible()
                 and c.accessibleName() == "Partner"]) == form.per_relationship
    click(qtbot, entry, "Cancel")


def test_a_mistyped_phq9_is_deleted_with_its_flag_to_be_entered_again(
    qtbot: QtBot, context: AppContext,
) -> None:
    assert context.store is not None
    noa = factories.client(context.store.sessions, "Noa Feld")
    screen = measures_of(qtbot, context, noa)
    # Item 9 typed as 2 where the paper says 0: a flag that should never have been raised.
    _enter_phq9(qtbot, context, screen, ["0", "1", "1", "0", "0", "1", "0", "0", "2"],
                "2026-11-03")
    assert find(screen, QLabel, "Risk flag to review", qtbot=qtbot).isVisible()
    table = find(screen, QTableView, "Measures, newest first")
    assert not find(screen, QPushButton, "Delete measure").isEnabled()

    pick_row(qtbot, screen, "Measures, newest first", "2026-11-03")
    click(qtbot, screen, "Delete measure")
    asked = answer(qtbot, "Delete")
    wait_idle(qtbot, context)

    assert asked.startswith("Delete the PHQ-9 of 03 Nov 2026 (total 5)?")
    assert _cells(table) == []
    assert find(screen, QLabel, "Nothing here yet").isVisible()
    assert not [label for label in screen.findChildren(QLabel)
                if label.isVisible() and label.accessibleName() == "Risk flag to review"]


def test_a_blank_paper_form_is_printed_from_the_tab_and_names_no_client(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from tests.core.test_letters_builders import pdf_text

    assert context.store is not None
    robin = factories.client(context.store.sessions, "Robert Ångström", "Robin")
    screen = measures_of(qtbot, context, robin)
    target = tmp_path / "gad7-blank-form.pdf"
    asked: list[str] = []

    def save_as(_parent: QWidget, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(target), "PDF files (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    choose(qtbot, screen, "Measure to give", "GAD-7")
    click(qtbot, screen, "Print blank form")
    qtbot.waitUntil(lambda: "saved" in find(screen, QLabel, "Blank form saved").text())
    assert asked and asked[0].endswith("gad7-blank-form.pdf")
    words = pdf_text(target.read_bytes())
    assert "GAD-7" in words or "Generalized Anxiety" in words
    assert "Robin" not in words and "Ångström" not in words
