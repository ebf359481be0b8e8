"""The practice's details: the schedule's clock must be a real time zone, whatever the view."""

from __future__ import annotations

from dataclasses import replace

import pytest

from practice.errors import ValidationError
from practice.services.settings import PracticeProfile, load_profile, save_profile
from practice.store.store import Store


def test_a_time_zone_that_does_not_exist_is_refused_and_nothing_changes(store: Store) -> None:
    save_profile(store.sessions, replace(PracticeProfile(), time_zone="America/Denver"))
    with pytest.raises(ValidationError, match="Practice time zone is not a known time zone"):
        save_profile(store.sessions, replace(PracticeProfile(), time_zone="Mars/Olympus_Mons"))
    assert load_profile(store.sessions).time_zone == "America/Denver"
