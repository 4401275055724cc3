"""The cancellation policy window of an appointment type."""

from __future__ import annotations

from datetime import datetime, timedelta


def within_policy_window(start_at: datetime, policy_hours: int, now: datetime) -> bool:
    """Whether `now` is too close to the start for a patient to cancel or move on their own."""
    return policy_hours > 0 and now > start_at - timedelta(hours=policy_hours)
