"""Importing practice.letters loads neither Qt nor ReportLab: the UI pays for them on use."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_letters_package_loads_no_qt_and_no_reportlab() -> None:
    script = textwrap.dedent("""
        import sys
        import practice.letters
        heavy = ("PySide6", "shiboken6", "reportlab", "pypdf", "PIL")
        print(",".join(sorted(m for m in sys.modules if m.startswith(heavy))))
    """)
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    assert result.stdout.strip() == ""


def test_rendering_a_letter_loads_no_qt() -> None:
    script = textwrap.dedent("""
        import sys
        from practice.documents.protect import protect_pdf
        from practice.letters.render import render_letter
        from practice.letters.specimen import specimen_letter
        protect_pdf(render_letter(specimen_letter()), "pw")
        print(",".join(sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6")))))
    """)
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    assert result.stdout.strip() == ""
