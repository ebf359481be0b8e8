"""A new practice keeps time on the computer's clock, read without a third-party library."""

from __future__ import annotations

from pathlib import Path

from practice.schedule.timezones import ComputerZone, computer_zone


def _etc(tmp_path: Path, *, link: str | None = None, timezone: str | None = None) -> Path:
    etc = tmp_path / "etc"
    etc.mkdir()
    if link is not None:
        (etc / "localtime").symlink_to(link)
    if timezone is not None:
        (etc / "timezone").write_text(timezone + "\n", encoding="utf-8")
    return etc


def test_the_tz_variable_names_the_zone_first(tmp_path: Path) -> None:
    etc = _etc(tmp_path, link="/usr/share/zoneinfo/America/Denver")
    assert computer_zone({"TZ": "Europe/Lisbon"}, etc) == ComputerZone("Europe/Lisbon", True)
    assert computer_zone({"TZ": ":Asia/Tokyo"}, etc).name == "Asia/Tokyo"
    assert computer_zone({"TZ": "/usr/share/zoneinfo/Australia/Perth"}, etc).name == (
        "Australia/Perth")


def test_the_localtime_link_names_the_zone_on_linux_and_macos(tmp_path: Path) -> None:
    linux = _etc(tmp_path, link="/usr/share/zoneinfo/America/Denver")
    assert computer_zone({}, linux) == ComputerZone("America/Denver", True)
    (tmp_path / "mac").mkdir()
    (tmp_path / "mac" / "localtime").symlink_to("/var/db/timezone/zoneinfo/Europe/Berlin")
    assert computer_zone({}, tmp_path / "mac").name == "Europe/Berlin"


def test_a_posix_rule_in_tz_falls_through_to_the_localtime_link(tmp_path: Path) -> None:
    etc = _etc(tmp_path, link="../usr/share/zoneinfo/posix/America/Phoenix")
    assert computer_zone({"TZ": "CET-1CEST"}, etc).name == "America/Phoenix"


def test_debians_timezone_file_is_read_when_localtime_is_a_copy(tmp_path: Path) -> None:
    etc = _etc(tmp_path, timezone="Pacific/Auckland")
    (etc / "localtime").write_bytes(b"TZif2 copied, not linked")
    assert computer_zone({}, etc) == ComputerZone("Pacific/Auckland", True)


def test_without_any_zone_the_clock_falls_back_to_utc_and_says_so(tmp_path: Path) -> None:
    assert computer_zone({}, _etc(tmp_path)) == ComputerZone("UTC", found=False)
    assert computer_zone({"TZ": "../../etc/passwd"}, tmp_path / "missing").found is False
