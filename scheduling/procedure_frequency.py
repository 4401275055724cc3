"""How often a procedure may be done: when it was last done, and when it is allowed again.

A procedure code's frequency is the shortest interval of the active recall types it
triggers (a cleaning that sets a 6-month hygiene recall is allowed again 6 months after it
was done); a code that triggers no recall has no limit. "Done" means on a COMPLETE
appointment of the same patient, on its local date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from scheduling.recalls import add_months


@dataclass(frozen=True, slots=True)
class FrequencyCheck:
    """The frequency rule's answer for one procedure on one day."""

    interval_months: int | None  # None: the code has no frequency limit
    last_done_on: date | None  # the latest completed date before the day checked
    allowed_again_on: date | None  # None: no limit, or never done
    allowed: bool
    days_since: int | None  # days from last_done_on to the day checked (None: never done)


def shortest_interval(intervals: Iterable[int]) -> int | None:
    """The frequency limit of a code from the intervals of the recalls it triggers."""
    return min(intervals, default=None)


def frequency_check(
    interval_months: int | None, done_on: Iterable[date], on: date
) -> FrequencyCheck:
    """Whether the procedure may be done on `on`, given the days it was done before.

    Only days before `on` count (what happens on `on` itself or later is not "last done"
    for it); allowed again `interval_months` after the last of them, month ends clamped."""
    last = max((day for day in done_on if day < on), default=None)
    since = None if last is None else (on - last).days
    if interval_months is None or last is None:
        return FrequencyCheck(interval_months, last, None, True, since)
    again = add_months(last, interval_months)
    return FrequencyCheck(interval_months, last, again, on >= again, since)
