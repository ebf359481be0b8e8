"""Errors: the therapist's problems in their own words, bugs with a report free of client data."""

from __future__ import annotations

import sys

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from practice.errors import StoreInUse
from ui.errors import BUG_TEXT, build_report, install_excepthook, show_error, strip_literals

CANARY = "Zephyrine Quillfeather-Okonkwo"


class ChartSaveFailed(Exception):
    """A stand-in bug whose message quotes a client's name, as careless code might."""


def _save_chart(client_name: str) -> None:
    date_of_birth = "1984-02-29"  # a local that must not leak
    raise ChartSaveFailed(f"could not save the chart of {client_name} ({date_of_birth})")


def _raise_canary_bug() -> BaseException:
    try:
        try:
            _save_chart(CANARY)
        except ChartSaveFailed as inner:
            raise RuntimeError(f"wrapped: {inner} Zephyrine") from inner
    except RuntimeError as error:
        return error
    raise AssertionError("unreachable")


def test_a_bug_report_names_where_it_happened_but_not_the_client() -> None:
    report = build_report(_raise_canary_bug())
    assert CANARY not in report
    assert "Zephyrine" not in report
    assert "1984" not in report
    assert "ChartSaveFailed" in report and "RuntimeError" in report
    assert "_save_chart" in report
    assert "tests/ui/test_errors.py" in report
    # The cause comes first, as Python prints it.
    assert report.index("ChartSaveFailed") < report.index("RuntimeError")


def test_a_report_keeps_no_home_folder_in_its_paths() -> None:
    report = build_report(_raise_canary_bug())
    assert "/home/" not in report and "/root/" not in report and "/work/" not in report


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1))
def test_any_string_literal_is_blanked_from_a_line_of_code(secret: str) -> None:
    line = f"save(client, note={secret!r})  # {secret}"
    stripped = strip_literals(line)
    assert stripped in ("save(client, note='…')", "(line hidden)")


def test_code_without_literals_is_kept_as_written() -> None:
    assert strip_literals("store.close()") == "store.close()"
    assert strip_literals('raise ValueError(f"bad {name}")') in (
        "raise ValueError('…')", "raise ValueError(f'…')")  # Python 3.11 / 3.12+
    assert strip_literals("call(a,") == "(line hidden)"


def test_a_practice_error_is_shown_in_its_own_words(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    box = show_error(parent, StoreInUse("This store is already open in another window."))
    assert box.text() == "This store is already open in another window."
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.detailedText() == ""
    box.close()


def test_a_bug_offers_the_report_and_the_same_failure_never_stacks_dialogs(
    qtbot: QtBot,
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    first = show_error(parent, _raise_canary_bug())
    second = show_error(parent, _raise_canary_bug())
    assert first is second
    assert first.text() == BUG_TEXT
    assert "ChartSaveFailed" in first.detailedText()
    assert CANARY not in first.detailedText()
    first.close()


def test_the_excepthook_shows_uncaught_errors_and_can_be_put_back(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    before = sys.excepthook
    previous = install_excepthook(lambda: parent)
    try:
        error = _raise_canary_bug()
        sys.excepthook(type(error), error, error.__traceback__)
    finally:
        sys.excepthook = previous
    assert previous is before
    boxes = [b for b in parent.findChildren(QMessageBox) if b.isVisible()]
    assert [b.text() for b in boxes] == [BUG_TEXT]
    boxes[0].close()
