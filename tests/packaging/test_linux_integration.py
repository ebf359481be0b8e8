"""The Linux desktop entry, AppStream metainfo and hicolor icons that ship with the app."""

from __future__ import annotations

import configparser
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

LINUX = Path(__file__).resolve().parents[2] / "packaging" / "linux"
APP_ID = "org.practice.Practice"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
HICOLOR = LINUX / "icons" / "hicolor"
SIZES = (16, 32, 48, 64, 128, 256)


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_the_desktop_entry_launches_the_practice_command_with_its_icon() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Practice"
    assert entry["Exec"].split()[0] == "practice"
    assert entry["Icon"] == "practice"
    assert entry["Terminal"] == "false"


def test_the_desktop_entry_files_the_app_under_office_and_medical_software() -> None:
    categories = desktop_entry()["Categories"].rstrip(";").split(";")
    assert {"Office", "MedicalSoftware"} <= set(categories)
    assert desktop_entry()["Keywords"].endswith(";")


def test_the_metainfo_names_the_desktop_entry_and_the_licence() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("project_license") == "GPL-3.0-or-later"
    assert root.findtext("provides/binary") == "practice"


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli is not installed")
def test_appstream_accepts_the_metainfo_strictly() -> None:
    result = subprocess.run(["appstreamcli", "validate", "--no-net", "--strict", str(METAINFO)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("size", SIZES)
def test_the_icon_is_there_at_each_hicolor_size(size: int) -> None:
    assert png_size(HICOLOR / f"{size}x{size}" / "apps" / "practice.png") == (size, size)


def test_the_scalable_icon_is_an_svg() -> None:
    root = ET.parse(HICOLOR / "scalable" / "apps" / "practice.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
