"""The demo's dates as a function of one anchor: the Monday of the week it is seeded in.

Every demo date is a whole number of days from the anchor, so any anchor gives the same ids,
the same pattern and the same local wall-clock times, shifted (the UTC instants follow each
zone's DST rules, so a window that holds a DST change crosses it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from db.demo.ids import MAIN_TIME_ZONE
from scheduling.local_time import zone_named

# The anchor the example variables (graphql/operations/*.json), the README's figures and the
# row-level tests are written for; tests/api/test_operations.py shifts them to any other anchor.
REFERENCE_ANCHOR = date(2026, 11, 16)

# Laid out weeks, from the first Monday: history, the anchor week (also history: the demo's
# "today" is its Sunday) and two weeks of bookings, as the demo always had ...
HISTORY_WEEKS = 5
CORE_WEEKS = 8
# ... then a week with open schedules and no bookings, which the example mutations book into ...
OPEN_WEEKS = 1
# ... then bookings that thin out the further ahead they lie (a calendar fills as days near).
AHEAD_FILL = (0.85, 0.75, 0.65, 0.55, 0.45, 0.4, 0.35)


@dataclass(frozen=True, slots=True)
class DemoCalendar:
    """The demo's dates for one anchor (a Monday)."""

    anchor: date

    def __post_init__(self) -> None:
        if self.anchor.weekday() != 0:
            raise ValueError(f"the demo anchor must be a Monday, not {self.anchor:%A %Y-%m-%d}")

    def day(self, offset: int) -> date:
        """The date `offset` days after the anchor (negative: before)."""
        return self.anchor + timedelta(days=offset)

    @property
    def first_day(self) -> date:
        """The first laid-out Monday."""
        return self.day(-7 * HISTORY_WEEKS)

    @property
    def today(self) -> date:
        """The demo's "today": days before it are history (mostly complete), later ones bookings."""
        return self.day(6)

    @property
    def busiest_week_start(self) -> date:
        """The anchor week holds the most appointments at Riverside Main."""
        return self.anchor

    @property
    def open_week(self) -> date:
        """The Monday of the week without bookings that the example mutations book into."""
        return self.first_day + timedelta(weeks=CORE_WEEKS)

    @property
    def holiday(self) -> date:
        """A whole-day closure of both locations among the bookings ahead (a Friday)."""
        return self.day(39)

    @property
    def last_day(self) -> date:
        """The day after the last laid-out day."""
        weeks = CORE_WEEKS + OPEN_WEEKS + len(AHEAD_FILL)
        return self.first_day + timedelta(weeks=weeks)

    def booked_weeks(self) -> list[tuple[date, float | None]]:
        """Each Monday with bookings and its fill (None: the core weeks' own volume)."""
        core = [(self.first_day + timedelta(weeks=n), None) for n in range(CORE_WEEKS)]
        ahead_from = self.open_week + timedelta(weeks=OPEN_WEEKS)
        ahead: list[tuple[date, float | None]] = [
            (ahead_from + timedelta(weeks=n), fill) for n, fill in enumerate(AHEAD_FILL)
        ]
        return core + ahead

    def reference_day(self, day: date) -> date:
        """The date at REFERENCE_ANCHOR that `day` corresponds to (same offset)."""
        return REFERENCE_ANCHOR + (day - self.anchor)


def week_start(day: date) -> date:
    """The Monday of the week that holds `day`."""
    return day - timedelta(days=day.weekday())


def current_anchor(now: datetime | None = None) -> date:
    """The Monday of the current week in the main location's zone (the default anchor)."""
    moment = now if now is not None else datetime.now(UTC)
    return week_start(moment.astimezone(zone_named(MAIN_TIME_ZONE)).date())


def parse_anchor(text: str) -> date:
    """An anchor from `YYYY-MM-DD`; any day names the Monday of its week. ValueError if bad."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"the demo anchor must be a date YYYY-MM-DD, not {text!r}") from None
    return week_start(day)
