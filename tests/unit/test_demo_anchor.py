"""The demo's anchor: other anchors give the same rows shifted, DST windows included, and the
example variables move with it (no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from db.demo import (
    LONDON_LOCATION_ID,
    MAIN_LOCATION_ID,
    REFERENCE_ANCHOR,
    DemoCalendar,
    DemoPractice,
    build_demo_practice,
)
from db.demo.calendar import current_anchor, parse_anchor
from db.demo.examples import moved_example

Row = dict[str, Any]


@pytest.fixture(scope="module")
def practice() -> DemoPractice:
    return build_demo_practice(REFERENCE_ANCHOR)


def test_the_anchor_is_a_monday() -> None:
    # the default is this week's Monday in Chicago; any day given names its week's Monday
    assert current_anchor(datetime(2026, 12, 7, 5, tzinfo=UTC)) == date(2026, 11, 30)  # Sun 23:00
    assert current_anchor(datetime(2026, 12, 7, 6, tzinfo=UTC)) == date(2026, 12, 7)
    assert parse_anchor("2026-11-22") == parse_anchor("2026-11-16") == REFERENCE_ANCHOR
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_anchor("16/11/2026")
    with pytest.raises(ValueError, match="Monday"):
        DemoCalendar(date(2026, 11, 17))


# A spring anchor: Chicago springs forward on Sun 2027-03-14 (in the anchor's week before),
# London on Sun 2027-03-28 (two weeks after); the window of a June anchor holds no change.
SPRING_ANCHOR = date(2027, 3, 15)
OTHER_ANCHORS = [SPRING_ANCHOR, date(2026, 6, 15), date(2027, 1, 4)]
# Columns that are not laid out relative to the anchor: birthdays stay put, history keeps
# instants as text, and a recall's previous date is whole months before its due date.
UNSHIFTED = frozenset({"date_of_birth", "changes", "after", "previous_date"})


def shape(practice: DemoPractice, anchor: date) -> dict[str, list[Row]]:
    """Every row with dates as days from the anchor and instants as (day, wall time) there."""
    zones = {row["id"]: ZoneInfo(row["time_zone"]) for row in practice.locations}
    main = zones[MAIN_LOCATION_ID]
    # Rows without a location are read in their appointment's or waitlist entry's zone.
    homes = {a["id"]: a["location_id"] for a in practice.appointments}
    homes |= {e["id"]: e["home_location_id"] for e in practice.waitlist_entries}

    def relative(row: Row, value: Any) -> Any:
        if isinstance(value, datetime):
            where = row.get("location_id") or row.get("home_location_id")
            where = where or homes.get(row.get("appointment_id") or row.get("entry_id"))
            local = value.astimezone(zones.get(where, main))
            return (local.date() - anchor).days, local.time()
        if isinstance(value, date):
            return (value - anchor).days
        return value

    return {
        name: [{k: relative(r, v) for k, v in r.items() if k not in UNSHIFTED} for r in rows]
        for name, rows in practice.tables()
    }


@pytest.mark.parametrize("anchor", OTHER_ANCHORS, ids=str)
def test_other_anchors_give_the_same_shape_shifted(practice: DemoPractice, anchor: date) -> None:
    # the same ids, statuses, people and chairs, on the same local days and wall-clock times
    # relative to the anchor, whatever DST does to the UTC instants
    other = build_demo_practice(anchor)
    assert shape(other, anchor) == shape(practice, REFERENCE_ANCHOR)
    assert [len(rows) for _, rows in other.tables()] == [len(r) for _, r in practice.tables()]


@pytest.fixture(scope="module")
def spring() -> DemoPractice:
    return build_demo_practice(SPRING_ANCHOR)


@pytest.mark.parametrize(
    ("location", "day", "first_start_utc"),
    [
        # Chicago: CST (UTC-6) until Sun 2027-03-14, then CDT (UTC-5).
        (MAIN_LOCATION_ID, date(2027, 3, 12), datetime(2027, 3, 12, 13, tzinfo=UTC)),
        (MAIN_LOCATION_ID, date(2027, 3, 13), datetime(2027, 3, 13, 14, tzinfo=UTC)),
        (MAIN_LOCATION_ID, date(2027, 3, 15), datetime(2027, 3, 15, 12, tzinfo=UTC)),
        # London: GMT until Sun 2027-03-28, then BST (UTC+1).
        (LONDON_LOCATION_ID, date(2027, 3, 26), datetime(2027, 3, 26, 7, tzinfo=UTC)),
        (LONDON_LOCATION_ID, date(2027, 3, 30), datetime(2027, 3, 30, 6, tzinfo=UTC)),
    ],
)
def test_a_spring_window_crosses_the_spring_forward(
    spring: DemoPractice, location: Any, day: date, first_start_utc: datetime
) -> None:
    zone = ZoneInfo("America/Chicago" if location == MAIN_LOCATION_ID else "Europe/London")
    starts = [
        a["start_at"]
        for a in spring.appointments
        if a["location_id"] == location and a["start_at"].astimezone(zone).date() == day
    ]
    assert len(starts) > (30 if location == MAIN_LOCATION_ID else 5)
    assert min(starts) == first_start_utc


def test_example_dates_move_with_the_anchor() -> None:
    # whole weeks: the same weekday, the same wall-clock time at Riverside Main, DST's offset
    example = {"slot": {"date": "2026-12-08", "startTime": "09:00"}, "note": "2026-12-08 ok",
               "startAt": "2026-11-24T07:00:00-06:00", "first": 5, "month": None}  # fmt: skip
    assert moved_example(example, SPRING_ANCHOR) == {
        "slot": {"date": "2027-04-06", "startTime": "09:00"}, "note": "2026-12-08 ok",
        "startAt": "2027-03-23T07:00:00-05:00", "first": 5, "month": None}  # fmt: skip
    assert moved_example(example, REFERENCE_ANCHOR) == example
