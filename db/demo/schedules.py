"""Demo provider schedules: weekly templates, a few date overrides, a note and an overlap rule."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from db.demo.calendar import DemoCalendar
from db.demo.catalog import PROVIDERS, ProviderSpec, Row, operatory_ids
from db.demo.ids import LONDON_LOCATION_ID, MAIN_LOCATION_ID, OWNED, ZONES, demo_id
from scheduling.local_time import zone_named
from scheduling.overlap_rules import ordered_pair
from scheduling.schedules import DateOverride, ScheduleIndex, WeeklyTemplate

# The templates are older than the demo calendar (weeks before the anchor) and open-ended.
TEMPLATES_WEEKS_BEFORE = 45
# (weekday, start, end): the demo opening hours, Mon-Fri 07:00-18:00 and Sat 08:00-13:00.
WEEK = (*((weekday, time(7), time(18)) for weekday in range(5)), (5, time(8), time(13)))
# Days after the anchor: the Friday Dr. Okafor is away and the Wednesday with custom hours for
# RDH Chen and Dr. Hughes (both the week after the anchor), and the day of the calendar note.
DAY_OFF = 11
SHORT_DAY = 9
NOTE_DAY = 0
# Overlap rule: a dentist's periodic exam (type 2) may overlap a hygiene recall (type 6).
OVERLAPPING_TYPES = (2, 6)


def schedule_tables(calendar: DemoCalendar) -> dict[str, list[Row]]:
    """The demo rows of the four schedule tables, by table name."""
    return {
        "provider_schedule_templates": template_rows(calendar),
        "provider_schedule_overrides": override_rows(calendar),
        "schedule_notes": note_rows(calendar),
        "appointment_type_overlap_rules": overlap_rule_rows(),
    }


def template_rows(calendar: DemoCalendar) -> list[Row]:
    """Every demo provider works the opening hours, in a home operatory when they have one."""
    since = calendar.anchor - timedelta(weeks=TEMPLATES_WEEKS_BEFORE)
    return [
        {**OWNED, "id": demo_id("schedule-template", f"{p.n}-{weekday}"),
         "provider_id": demo_id("provider", p.n), "location_id": p.location_id,
         "operatory_id": template_operatory(p), "weekday": weekday,
         "start_time": start, "end_time": end,
         "effective_from": since, "effective_to": None, "note": None}
        for p in PROVIDERS
        for weekday, start, end in WEEK
    ]  # fmt: skip


def template_operatory(provider: ProviderSpec) -> Any:
    """The provider's first home operatory, or None (assistants float)."""
    if not provider.home_operatories:
        return None
    return operatory_ids(provider.location_id)[provider.home_operatories[0]]


def schedule_index(calendar: DemoCalendar, location_id: Any) -> ScheduleIndex:
    """The location's templates and overrides as booking resolves them (its periods)."""
    templates = [
        WeeklyTemplate(
            provider_id=row["provider_id"], location_id=row["location_id"],
            weekday=row["weekday"], start=row["start_time"], end=row["end_time"],
            effective_from=row["effective_from"], effective_to=row["effective_to"],
            operatory_id=row["operatory_id"], template_id=row["id"],
        )
        for row in template_rows(calendar)
        if row["location_id"] == location_id
    ]  # fmt: skip
    overrides = [
        DateOverride(
            provider_id=row["provider_id"], location_id=row["location_id"],
            day=row["override_date"], unavailable=row["is_unavailable"],
            start=row["start_time"], end=row["end_time"], reason=row["reason"],
            note=row["note"], operatory_id=row["operatory_id"], override_id=row["id"],
        )
        for row in override_rows(calendar)
        if row["location_id"] == location_id
    ]  # fmt: skip
    return ScheduleIndex(templates, overrides, zone_named(ZONES[location_id]))


def override_rows(calendar: DemoCalendar) -> list[Row]:
    """Dr. Okafor off on DAY_OFF; RDH Chen (main) and Dr. Hughes (London) short on SHORT_DAY."""
    days = [
        (1, MAIN_LOCATION_ID, DAY_OFF, None, None, "Vacation", None),
        (5, MAIN_LOCATION_ID, SHORT_DAY, time(7), time(12), "Half day", "CE course after noon"),
        (11, LONDON_LOCATION_ID, SHORT_DAY, time(9), time(15), "Training", None),
    ]
    # Ids name the offset from the anchor, not the date: the same ids for every anchor.
    return [
        {**OWNED, "id": demo_id("schedule-override", f"{n}-{day}"),
         "provider_id": demo_id("provider", n), "location_id": location_id,
         "operatory_id": None, "override_date": calendar.day(day), "is_unavailable": start is None,
         "start_time": start, "end_time": end, "reason": reason, "note": note}
        for n, location_id, day, start, end, reason, note in days
    ]  # fmt: skip


def note_rows(calendar: DemoCalendar) -> list[Row]:
    """One note at the top of main's calendar in the busiest week."""
    # The id names the offset, not the date: the same id for every anchor.
    return [
        {**OWNED, "id": demo_id("schedule-note", f"main-{NOTE_DAY}"),
         "location_id": MAIN_LOCATION_ID, "note_date": calendar.day(NOTE_DAY),
         "note": "Staff meeting 12:30-13:00 in the break room"}
    ]  # fmt: skip


def overlap_rule_rows() -> list[Row]:
    """Periodic exams may overlap hygiene recalls at every location."""
    type_a, type_b = ordered_pair(*(demo_id("appointment-type", n) for n in OVERLAPPING_TYPES))
    return [
        {**OWNED, "id": demo_id("overlap-rule", "exam-recall"),
         "appointment_type_a_id": type_a, "appointment_type_b_id": type_b, "location_id": None}
    ]  # fmt: skip
