"""Which characters a TrueType font has glyphs for, read from its ``cmap`` table alone.

Checking that text is printable needs only each font's character map, not the PDF
engine: reading it here keeps ReportLab (about 15 MB and 100 ms to import, and the fonts'
parsing) off every screen that merely checks text, such as the letter templates' list.
ReportLab is loaded when a PDF is made, and reads the same table then.
"""

from __future__ import annotations

import struct
from pathlib import Path

from practice.documents.errors import DocumentError

_PLATFORM_SUBTABLES = ((3, 10), (0, 4), (3, 1), (0, 3))  # Unicode full repertoire, then BMP
_NO_CMAP = "A bundled font has no character map; reinstall Practice."


def codepoints(path: Path) -> frozenset[int]:
    """Return every code point the font at ``path`` maps to a glyph other than .notdef.

    Args:
        path: A TrueType font file.

    Returns:
        The mapped code points, from the font's Unicode ``cmap`` subtable (format 4 or 12).

    Raises:
        DocumentError: The file has no Unicode character map in format 4 or 12.
    """
    try:
        return _read(path.read_bytes())
    except struct.error as error:  # cut short: a damaged or truncated file
        raise DocumentError(_NO_CMAP) from error


def _read(data: bytes) -> frozenset[int]:
    cmap = _table(data, b"cmap")
    (count,) = struct.unpack_from(">H", cmap, 2)
    offsets = {}
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * index)
        offsets[(platform, encoding)] = offset
    for key in _PLATFORM_SUBTABLES:
        if key in offsets:
            subtable = cmap[offsets[key]:]
            (fmt,) = struct.unpack_from(">H", subtable, 0)
            if fmt == 12:
                return _format_12(subtable)
            if fmt == 4:
                return _format_4(subtable)
    raise DocumentError(_NO_CMAP)


def _table(data: bytes, tag: bytes) -> bytes:
    (count,) = struct.unpack_from(">H", data, 4)
    for index in range(count):
        name, _checksum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        if name == tag:
            return data[offset:offset + length]
    raise DocumentError(_NO_CMAP)


def _format_4(table: bytes) -> frozenset[int]:
    (segments,) = struct.unpack_from(">H", table, 6)
    segments //= 2
    ends = struct.unpack_from(f">{segments}H", table, 14)
    starts = struct.unpack_from(f">{segments}H", table, 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", table, 16 + 4 * segments)
    range_at = 16 + 6 * segments
    range_offsets = struct.unpack_from(f">{segments}H", table, range_at)
    found: set[int] = set()
    for seg, (start, end, delta, range_offset) in enumerate(
            zip(starts, ends, deltas, range_offsets, strict=True)):
        for code in range(start, min(end, 0xFFFE) + 1):
            if range_offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                # The offset counts from this segment's own idRangeOffset entry.
                at = range_at + 2 * seg + range_offset + 2 * (code - start)
                (glyph,) = struct.unpack_from(">H", table, at)
                if glyph:
                    glyph = (glyph + delta) & 0xFFFF
            if glyph:
                found.add(code)
    return frozenset(found)


def _format_12(table: bytes) -> frozenset[int]:
    (groups,) = struct.unpack_from(">I", table, 12)
    found: set[int] = set()
    for index in range(groups):
        start, end, glyph = struct.unpack_from(">III", table, 16 + 12 * index)
        # A group's first code point may map to glyph 0 (.notdef); the rest count up.
        found.update(range(start + (glyph == 0), end + 1))
    return frozenset(found)
