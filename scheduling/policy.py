"""The cancellation policy window of an appointment type."""

from __future__ import annotations

from datetime import datetime, timedelta


def within_policy_window(start_at: datetime, policy_hours: int, now: datetime) -> bool:
    """Whether `now` is too close to the start for a patient to cancel or move on their own."""
    return policy_hours > 0 and now > start_at - timedelta(hours=policy_hours)


def bookable_range(
    now: datetime, lead_time_hours: int, window_days: int
) -> tuple[datetime, datetime]:
    """[earliest, latest) starts a patient may book: after the lead time, within the window."""
    return now + timedelta(hours=lead_time_hours), now + timedelta(days=window_days)
