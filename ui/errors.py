"""The only place that builds message boxes: plain words for the therapist, a report for bugs.

A PracticeError carries a message written for the therapist, shown as it is. Anything
else is a bug: the dialog says so and offers a report holding where it happened (types,
files, lines, functions, code with its literals blanked) and nothing else, because an
exception's message or a local variable may hold a client's name.
"""

from __future__ import annotations

import io
import logging
import platform
import sys
import tokenize
import traceback
from collections.abc import Callable, Iterator
from pathlib import PurePath
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from practice import __version__
from practice.errors import PracticeError

log = logging.getLogger(__name__)

BUG_TITLE = "Something went wrong"
BUG_TEXT = (
    "Practice ran into a problem it did not expect. This is a bug in Practice, not "
    "something you did. Your saved records were not changed by it.\n\n"
    "If it keeps happening, open \"Show Details\" and send that report to the developers: "
    "it says only where in the program the problem happened and holds no client data."
)
_HIDDEN_LINE = "(line hidden)"
_OWN_PACKAGES = ("practice", "ui", "tests")

Hook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def show_error(parent: QWidget | None, error: BaseException) -> QMessageBox:
    """Tell the therapist about an error without blocking the event loop.

    A dialog already showing the same words is reused, so a failure repeated in a loop
    never stacks up a pile of dialogs.

    Args:
        parent: The window the dialog belongs to.
        error: What went wrong.

    Returns:
        The (open) dialog.
    """
    if isinstance(error, PracticeError):
        return _open_once(parent, QMessageBox.Icon.Warning, "Practice", error.message, "")
    log.error("unexpected %s\n%s", type(error).__name__, build_report(error))
    return _open_once(parent, QMessageBox.Icon.Critical, BUG_TITLE, BUG_TEXT, build_report(error))


def build_report(error: BaseException) -> str:
    """Describe a bug for the developers with no client data in it.

    Args:
        error: The exception (with its cause and context chain).

    Returns:
        Versions, then each exception's type and its frames (file, line, function and the
        code with string literals and comments blanked). No messages, no local variables.
    """
    lines = [
        f"Practice {__version__}",
        f"Python {platform.python_version()} on {platform.system()} {platform.release()}",
        "",
    ]
    for exc in _chain(error):
        lines.append(_type_line(exc))
        for frame in traceback.extract_tb(exc.__traceback__):
            lines.append(f"  {_short_path(frame.filename)}:{frame.lineno} in {frame.name}")
            if frame.line:
                lines.append(f"    {strip_literals(frame.line.strip())}")
    return "\n".join(lines)


def strip_literals(code: str) -> str:
    """Blank every string literal and comment in one line of Python.

    Args:
        code: One line of source.

    Returns:
        The line with literals as ``'…'`` and comments removed, or a placeholder when the
        line cannot be read on its own (a multi-line statement, say).
    """
    if len(code.splitlines()) > 1:
        return _HIDDEN_LINE  # line breaks the tokenizer and splitlines() disagree about
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return _HIDDEN_LINE
    pieces: list[str] = []
    last = 0
    depth = 0  # inside an f-string (Python 3.12+ splits them into several tokens)
    for token in tokens:
        if token.start[0] != 1 or token.end[0] != 1:
            if token.type in (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER):
                continue
            return _HIDDEN_LINE
        start, end = token.start[1], token.end[1]
        name = tokenize.tok_name[token.type]
        if name == "FSTRING_START":
            if depth == 0:
                pieces.append(code[last:start] + "f'…'")
            depth += 1
        elif name == "FSTRING_END":
            depth -= 1
        elif depth == 0 and token.type == tokenize.STRING:
            pieces.append(code[last:start] + "'…'")
        elif depth == 0 and token.type == tokenize.COMMENT:
            pieces.append(code[last:start].rstrip())
        else:
            continue
        last = end
    if depth:
        return _HIDDEN_LINE
    pieces.append(code[last:])
    return "".join(pieces).rstrip()


def install_excepthook(parent: Callable[[], QWidget | None]) -> Hook:
    """Show uncaught main-thread errors as dialogs instead of letting them vanish.

    Args:
        parent: Returns the window that dialogs should belong to, at the time of the error.

    Returns:
        The hook that was replaced, so it can be put back.
    """
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException,
             tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, tb)
            return
        show_error(parent(), error.with_traceback(tb))

    sys.excepthook = hook
    return previous


def _open_once(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
               details: str) -> QMessageBox:
    if parent is not None:
        for box in parent.window().findChildren(QMessageBox):
            if box.isVisible() and box.text() == text:
                return box
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAccessibleName(title)
    if details:
        box.setDetailedText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def _chain(error: BaseException) -> Iterator[BaseException]:
    """The exceptions behind ``error``, root cause first (as Python prints them)."""
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and all(current is not s for s in seen):
        seen.append(current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return reversed(seen)


def _type_line(error: BaseException) -> str:
    kind = type(error)
    name = kind.__qualname__ if kind.__module__ == "builtins" else (
        f"{kind.__module__}.{kind.__qualname__}"
    )
    errno = getattr(error, "errno", None)
    return f"{name} (errno {errno})" if isinstance(errno, int) else name


def _short_path(filename: str) -> str:
    """Trim a path to the package it belongs to (no home folder, so no user name)."""
    parts = PurePath(filename).parts
    if "site-packages" in parts:
        last = len(parts) - 1 - parts[::-1].index("site-packages")
        return "/".join(parts[last + 1:])
    for index in range(len(parts) - 1):
        if parts[index] in _OWN_PACKAGES:
            return "/".join(parts[index:])
    return parts[-1] if parts else filename


def confirm(parent: QWidget | None, question: str, action: str,
            on_confirm: Callable[[], object]) -> QMessageBox:
    """Ask the therapist to confirm an action, without blocking the event loop.

    Args:
        parent: The window the question belongs to.
        question: What is asked, in plain words.
        action: The confirming button's text ("Sign"); the other button cancels.
        on_confirm: Called once, on the main thread, if the therapist confirms.

    Returns:
        The (open) question.
    """
    box = QMessageBox(QMessageBox.Icon.Question, "Practice", question,
                      QMessageBox.StandardButton.Cancel, parent)
    box.setAccessibleName("Confirm")
    yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.buttonClicked.connect(lambda button: on_confirm() if button is yes else None)
    box.open()
    return box


def say_why(label: QLabel, error: BaseException, otherwise: str) -> None:
    """Put the therapist's problem in words on ``label``; a bug also gets its report dialog.

    Args:
        label: Where the dialog or panel tells what happened.
        error: What stopped the work.
        otherwise: The words for a bug ("Nothing was exported.").
    """
    if isinstance(error, PracticeError):
        label.setText(error.message)
        return
    label.setText(otherwise)
    show_error(label.window(), error)
