"""The letter fonts' character maps, read without ReportLab, are exactly the ones it prints with."""

from __future__ import annotations

import struct
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from practice.documents import cmap
from practice.documents.cmap import codepoints
from practice.documents.errors import DocumentError
from practice.documents.fonts import BOLD, REGULAR, ensure_fonts, font_files

ROOT = Path(__file__).resolve().parents[2]


def test_each_letter_font_maps_the_characters_reportlab_finds_in_it() -> None:
    printed = ensure_fonts()
    for name, path in zip((REGULAR, BOLD), font_files(), strict=True):
        assert codepoints(path) == {cp for cp, glyph in printed[name].items() if glyph}


def test_the_basic_plane_table_agrees_with_the_full_one() -> None:
    # Fonts without a full-repertoire table are read from their Basic Multilingual Plane one.
    data = font_files()[0].read_bytes()
    table = cmap._table(data, b"cmap")
    (count,) = struct.unpack_from(">H", table, 2)
    records = [struct.unpack_from(">HHI", table, 4 + 8 * i) for i in range(count)]
    offset = next(off for platform, encoding, off in records if (platform, encoding) == (3, 1))
    basic = cmap._format_4(table[offset:])
    assert basic == {cp for cp in codepoints(font_files()[0]) if cp <= 0xFFFF}
    assert {ord("Z"), ord("ë"), ord("Σ"), ord("Д")} <= basic


@pytest.mark.parametrize("content", [b"\x00\x01\x00\x00\x00\x00" + bytes(64), b"\x00\x01"])
def test_a_file_that_is_not_a_font_is_refused_in_words(tmp_path: Path, content: bytes) -> None:
    fake = tmp_path / "fake.ttf"
    fake.write_bytes(content)
    with pytest.raises(DocumentError, match="reinstall Practice"):
        codepoints(fake)


def test_checking_that_text_prints_loads_no_reportlab() -> None:
    script = textwrap.dedent("""
        import sys
        from practice.documents.glyphs import is_drawable
        assert is_drawable("Zoë Ångström, Σοφία, Дмитрий") and not is_drawable("李小龙")
        print(",".join(sorted(m for m in sys.modules if m.startswith(("reportlab", "PIL")))))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT, timeout=120, check=True)
    assert result.stdout.strip() == ""
