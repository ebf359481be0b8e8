"""practice.schedule loads its names on first use, so start-up pays only for what it needs."""

from __future__ import annotations

import importlib
import subprocess
import sys

import practice.schedule as schedule


def test_every_public_name_comes_from_the_submodule_that_defines_it() -> None:
    assert sorted(schedule.__all__) == sorted(schedule._HOMES)
    for name, home in schedule._HOMES.items():
        assert getattr(schedule, name) is getattr(importlib.import_module(home), name)


def test_reading_the_clock_does_not_load_recurrence_or_conflicts() -> None:
    probe = (
        "import sys, practice.schedule.timezones\n"
        "loaded = [m for m in ('dateutil.rrule', 'practice.schedule.recurrence',"
        " 'practice.schedule.conflicts', 'practice.schedule.edits') if m in sys.modules]\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""


def test_an_unknown_name_is_still_an_attribute_error() -> None:
    try:
        schedule.no_such_thing  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as error:
        assert "no_such_thing" in str(error)
    else:
        raise AssertionError("expected AttributeError")
