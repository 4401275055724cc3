"""The demo practice's schedules, without a database: templates match the opening hours,
overrides, note and rule (the LocationSchedules operation on them:
tests/api/test_demo_location_schedules.py)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, time
from types import SimpleNamespace
from typing import Any

import pytest

from db.demo import (
    DEMO_ORG_ID,
    LONDON_LOCATION_ID,
    MAIN_LOCATION_ID,
    REFERENCE_ANCHOR,
    DemoPractice,
    build_demo_practice,
    demo_id,
)
from db.schedule_loaders import date_override, weekly_template
from scheduling.appointment_status import ON_CALENDAR, AppointmentStatus
from scheduling.local_time import zone_named
from scheduling.schedules import (
    DateOverride,
    ScheduleIndex,
    WeeklyTemplate,
    covering_period,
    resolve_provider_days,
)


def template(row: dict[str, Any]) -> WeeklyTemplate:
    return weekly_template(SimpleNamespace(**row))


def override(row: dict[str, Any]) -> DateOverride:
    return date_override(SimpleNamespace(**row))


@pytest.fixture(scope="module")
def practice() -> DemoPractice:
    return build_demo_practice(REFERENCE_ANCHOR)


def resolved(practice: DemoPractice, location: Any, day: date) -> dict[Any, Any]:
    zone = zone_named("America/Chicago" if location == MAIN_LOCATION_ID else "Europe/London")
    templates = [template(r) for r in practice.provider_schedule_templates]
    overrides = [override(r) for r in practice.provider_schedule_overrides]
    days = resolve_provider_days(
        [t for t in templates if t.location_id == location],
        [o for o in overrides if o.location_id == location],
        day,
        zone,
    )
    return {d.provider_id: d for d in days}


def test_every_provider_works_the_opening_hours(practice: DemoPractice) -> None:
    hours: dict[Any, set[tuple[int, time, time]]] = defaultdict(set)
    for row in practice.provider_schedule_templates:
        assert row["organization_id"] == DEMO_ORG_ID
        hours[row["provider_id"]].add((row["weekday"], row["start_time"], row["end_time"]))
    week = {(d, time(7), time(18)) for d in range(5)} | {(5, time(8), time(13))}
    assert len(practice.provider_schedule_templates) == 72  # 12 providers x 6 weekdays
    assert len(practice.provider_schedule_overrides) == 3
    assert len(practice.schedule_notes) == len(practice.appointment_type_overlap_rules) == 1
    assert len(hours) == 12
    assert all(provider_hours == week for provider_hours in hours.values())


def test_overrides_and_the_note(practice: DemoPractice) -> None:
    friday = resolved(practice, MAIN_LOCATION_ID, date(2026, 11, 27))
    okafor = friday[demo_id("provider", 1)]
    assert (okafor.is_override, okafor.periods, okafor.override.reason) == (True, (), "Vacation")
    assert len(friday) == 10
    assert sum(len(d.periods) for d in friday.values()) == 9
    wednesday = resolved(practice, MAIN_LOCATION_ID, date(2026, 11, 25))
    chen = wednesday[demo_id("provider", 5)].periods[0]
    assert (chen.local_start, chen.local_end) == (time(7), time(12))
    london = resolved(practice, LONDON_LOCATION_ID, date(2026, 11, 25))
    hughes = london[demo_id("provider", 11)].periods[0]
    assert (hughes.start_at.hour, hughes.end_at.hour) == (9, 15)  # GMT in November
    (note,) = practice.schedule_notes
    assert (note["location_id"], note["note_date"]) == (MAIN_LOCATION_ID, date(2026, 11, 16))
    (rule,) = practice.appointment_type_overlap_rules
    pair = {rule["appointment_type_a_id"], rule["appointment_type_b_id"]}
    assert pair == {demo_id("appointment-type", 2), demo_id("appointment-type", 6)}
    assert rule["appointment_type_a_id"] < rule["appointment_type_b_id"]


def test_demo_visits_on_the_calendar_pass_the_schedule_rule(practice: DemoPractice) -> None:
    """Booking's rule (covering_period over the templates and overrides, the room a period
    names included) holds for every seeded visit on the calendar; a visit whose provider is
    away that day (an override) is off the calendar."""
    zones = {row["id"]: zone_named(row["time_zone"]) for row in practice.locations}
    indexes = {
        location: ScheduleIndex(
            [template(r) for r in practice.provider_schedule_templates],
            [override(r) for r in practice.provider_schedule_overrides],
            zone,
        )
        for location, zone in zones.items()
    }
    checked: Counter[str] = Counter()
    off: Counter[str] = Counter()
    for a in practice.appointments:
        if a["organization_id"] != DEMO_ORG_ID:
            continue
        day = a["start_at"].astimezone(zones[a["location_id"]]).date()
        theirs = [
            p
            for p in indexes[a["location_id"]].periods_on(day)
            if (p.provider_id, p.location_id) == (a["primary_provider_id"], a["location_id"])
        ]
        covered = covering_period(theirs, a["start_at"], a["end_at"], a["operatory_id"])
        if a["status"] in ON_CALENDAR:
            assert covered is not None, a["id"]
            checked[a["status"]] += 1
        elif covered is None:
            off[a["status"]] += 1
    assert sum(checked.values()) == 8_897
    # Dr. Okafor's day off and the two short days: their visits wait unscheduled.
    assert off == {AppointmentStatus.UNSCHEDULED: 26}
