"""Demo blockouts: types, lunches where chairs are free, a meeting, holidays and a template."""

# No-schedule blockouts never overlap a demo appointment (of any status), so every demo booking
# stays valid under the BLOCKED_TIME_CONFLICT rule.

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from db.demo.calendar import DemoCalendar
from db.demo.catalog import Row
from db.demo.ids import (
    DEMO_OPERATORY_ID,
    DEMO_ORG_ID,
    MAIN_LOCATION_ID,
    OWNED,
    ZONES,
    demo_id,
)
from scheduling.local_time import resolve_local_time, start_of_local_day, zone_named

# (key, name, abbreviation, color, no_schedule, do_not_copy, hidden), in display order.
BLOCKOUT_TYPES = (
    ("lunch", "Lunch", "LUN", "#8d6e63", True, False, False),
    ("staff-meeting", "Staff meeting", "MTG", "#5c6bc0", True, True, False),
    ("emergency-hold", "Emergency hold", "EMR", "#ef5350", False, False, False),
    ("holiday", "Holiday", "HOL", "#78909c", True, False, False),
)
LUNCH_TYPE_ID = demo_id("blockout-type", "lunch")
MEETING_TYPE_ID = demo_id("blockout-type", "staff-meeting")
EMERGENCY_TYPE_ID = demo_id("blockout-type", "emergency-hold")
HOLIDAY_TYPE_ID = demo_id("blockout-type", "holiday")
STANDARD_DAY_TEMPLATE_ID = demo_id("blockout-template", "standard-day")

LUNCH = (time(12), time(12, 30))
# The staff meeting's wished-for day (days after the anchor: the Tuesday two weeks on), and
# where it goes when the demo bookings fill that hour (the Tuesday of the open week).
MEETING_OFFSET = 15
MEETING = (time(8), time(9))


def _span(location_id: Any, day: date, start: time, end: time) -> tuple[datetime, datetime]:
    zone = zone_named(ZONES[location_id])
    return resolve_local_time(day, start, zone, fold=0), resolve_local_time(day, end, zone, fold=0)


class _Planner:
    """Collects blockout rows, checking no-schedule ones against the demo appointments."""

    def __init__(self, appointments: Sequence[Row]) -> None:
        # By location and local date (demo appointments start and end on one local day).
        self.by_day: dict[tuple[Any, date], list[Row]] = defaultdict(list)
        for a in appointments:
            local = a["start_at"].astimezone(zone_named(ZONES[a["location_id"]]))
            self.by_day[a["location_id"], local.date()].append(a)
        self.rows: list[Row] = []

    def free(self, location_id: Any, operatory_id: Any, start: datetime, end: datetime) -> bool:
        """No demo appointment in the operatory (or anywhere at the location) overlaps."""
        day = start.astimezone(zone_named(ZONES[location_id])).date()
        return not any(
            operatory_id in (None, a["operatory_id"])
            and a["start_at"] < end
            and start < a["end_at"]
            for a in self.by_day.get((location_id, day), ())
        )

    def add(
        self,
        type_id: Any,
        location_id: Any,
        operatory_id: Any,
        span: tuple[datetime, datetime],
        note: str | None = None,
    ) -> None:
        self.rows.append(
            {**OWNED, "id": demo_id("blockout", len(self.rows) + 1), "location_id": location_id,
             "operatory_id": operatory_id, "blockout_type_id": type_id, "start_at": span[0],
             "end_at": span[1], "note": note}
        )  # fmt: skip


def _weekdays(first: date, days: int) -> list[date]:
    return [
        first + timedelta(days=n) for n in range(days) if (first + timedelta(days=n)).weekday() < 5
    ]


def _lunches(
    planner: _Planner, operatories: Sequence[Row], mondays: Sequence[date], closed: Any = None
) -> None:
    """Lunch in each demo operatory that is free at 12:00-12:30 on the weekdays of the weeks."""
    for day in (day for monday in mondays for day in _weekdays(monday, 7) if day != closed):
        for operatory in operatories:
            if operatory["organization_id"] != DEMO_ORG_ID:
                continue
            span = _span(operatory["location_id"], day, *LUNCH)
            if planner.free(operatory["location_id"], operatory["id"], span[0], span[1]):
                planner.add(LUNCH_TYPE_ID, operatory["location_id"], operatory["id"], span)


def blockout_rows(
    appointments: Sequence[Row], operatories: Sequence[Row], calendar: DemoCalendar
) -> dict[str, list[Row]]:
    """The demo blockout tables, built from the demo appointments and operatories."""
    planner = _Planner(appointments)
    weeks = calendar.booked_weeks()
    # Lunch in every operatory the demo bookings leave free at 12:00-12:30 on weekdays: the
    # core weeks first, the weeks ahead last (ids are numbered in this order).
    _lunches(planner, operatories, [monday for monday, fill in weeks if fill is None])
    # The open week: lunch for the whole of both locations (the examples book around it).
    open_week = calendar.open_week
    for day in _weekdays(open_week, 7):
        for location_id in ZONES:
            planner.add(LUNCH_TYPE_ID, location_id, None, _span(location_id, day, *LUNCH))
    meeting = _span(MAIN_LOCATION_ID, calendar.day(MEETING_OFFSET), *MEETING)
    if not planner.free(MAIN_LOCATION_ID, None, *meeting):
        meeting = _span(MAIN_LOCATION_ID, open_week + timedelta(days=1), *MEETING)
    planner.add(MEETING_TYPE_ID, MAIN_LOCATION_ID, None, meeting, "Monthly staff meeting")
    planner.add(
        EMERGENCY_TYPE_ID,
        MAIN_LOCATION_ID,
        DEMO_OPERATORY_ID,
        _span(MAIN_LOCATION_ID, open_week, time(7), time(8)),
        "Kept free for same-day emergencies",
    )
    holiday = calendar.holiday
    for location_id, zone in ZONES.items():
        whole_day = (
            start_of_local_day(holiday, zone_named(zone)),
            start_of_local_day(holiday + timedelta(days=1), zone_named(zone)),
        )
        planner.add(HOLIDAY_TYPE_ID, location_id, None, whole_day, "Practice closed")
    ahead = [monday for monday, fill in weeks if fill is not None]
    _lunches(planner, operatories, ahead, closed=holiday)
    return {
        "blockout_types": [
            {**OWNED, "id": demo_id("blockout-type", key), "name": name, "abbreviation": abbr,
             "color": color, "no_schedule": no_schedule, "do_not_copy": do_not_copy,
             "hidden": hidden, "sort_order": order, "active": True}
            for order, (key, name, abbr, color, no_schedule, do_not_copy, hidden)
            in enumerate(BLOCKOUT_TYPES, 1)
        ],
        "blockouts": planner.rows,
        "blockout_templates": [{**OWNED, "id": STANDARD_DAY_TEMPLATE_ID, "name": "Standard day"}],
        "blockout_template_items": [
            {**OWNED, "id": demo_id("blockout-template-item", "standard-day-lunch"),
             "template_id": STANDARD_DAY_TEMPLATE_ID, "blockout_type_id": LUNCH_TYPE_ID,
             "operatory_id": None, "start_time": LUNCH[0], "end_time": LUNCH[1],
             "note": None, "sort_order": 0},
        ],
    }  # fmt: skip
