"""A fee applies from its date on, never before; a sliding scale comes before the schedule."""

from __future__ import annotations

from datetime import date

import pytest

from practice.billing import FeeEntry, check_service, fee_for
from practice.errors import ValidationError

SCHEDULE = [FeeEntry("90834", 15000, date(2025, 1, 1)), FeeEntry("90834", 16000, date(2026, 1, 1)),
            FeeEntry("90837", 20000, date(2025, 1, 1))]


def test_a_fee_change_applies_from_its_date_and_never_to_sessions_before_it() -> None:
    assert fee_for("90834", date(2025, 12, 31), SCHEDULE) == 15000
    assert fee_for("90834", date(2026, 1, 1), SCHEDULE) == 16000
    assert fee_for("90834", date(2024, 12, 31), SCHEDULE) is None
    assert fee_for("90847", date(2026, 3, 1), SCHEDULE) is None


def test_the_units_sliding_scale_wins_then_the_clients_then_the_schedule() -> None:
    unit = [FeeEntry("90834", 9000, date(2026, 2, 1)), FeeEntry("90834", None, date(2026, 6, 1))]
    client = [FeeEntry("90834", 11000, date(2026, 1, 15))]
    assert fee_for("90834", date(2026, 1, 20), SCHEDULE, unit, client) == 11000
    assert fee_for("90834", date(2026, 3, 1), SCHEDULE, unit, client) == 9000
    # The unit's scale ended: the client's own still holds.
    assert fee_for("90834", date(2026, 7, 1), SCHEDULE, unit, client) == 11000
    assert fee_for("90834", date(2026, 7, 1), SCHEDULE, unit) == 16000


def test_only_catalogue_services_and_policy_fees_can_be_priced() -> None:
    assert check_service(" 90847 ") == "90847"
    assert check_service("late_cancel") == "late_cancel"
    with pytest.raises(ValidationError, match="CPT codes of the catalogue"):
        check_service("99213")
