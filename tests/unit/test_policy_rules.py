"""The cancellation policy window and the patient booking range, without a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scheduling.policy import bookable_range, within_policy_window

START = datetime(2030, 1, 7, 15, tzinfo=UTC)
HOUR = timedelta(hours=1)
TICK = timedelta(microseconds=1)


def test_the_policy_window_is_the_hours_before_the_start() -> None:
    assert not within_policy_window(START, 24, START - 25 * HOUR)
    assert not within_policy_window(START, 24, START - 24 * HOUR)  # exactly the notice: allowed
    assert within_policy_window(START, 24, START - 24 * HOUR + TICK)
    assert within_policy_window(START, 24, START - HOUR)
    assert within_policy_window(START, 24, START + HOUR)  # started already


def test_a_type_without_a_policy_has_no_window() -> None:
    assert not within_policy_window(START, 0, START - TICK)
    assert not within_policy_window(START, 0, START + HOUR)


def test_the_bookable_range_is_after_the_lead_time_and_before_the_window_closes() -> None:
    now = datetime(2030, 1, 1, 12, tzinfo=UTC)
    assert bookable_range(now, 0, 180) == (now, now + timedelta(days=180))
    assert bookable_range(now, 48, 30) == (now + 48 * HOUR, now + timedelta(days=30))
