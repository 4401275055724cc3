"""Demo provider schedules: weekly templates, a few date overrides, a note and an overlap rule."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from db.demo.catalog import PROVIDERS, ProviderSpec, Row, operatory_ids
from db.demo.ids import DEMO_ORG_ID, LONDON_LOCATION_ID, MAIN_LOCATION_ID, demo_id
from scheduling.overlap_rules import ordered_pair

OWNED = {"organization_id": DEMO_ORG_ID}
# The templates are older than the demo calendar and open-ended.
TEMPLATES_FROM = date(2026, 1, 5)
# (weekday, start, end): the demo opening hours, Mon-Fri 07:00-18:00 and Sat 08:00-13:00.
WEEK = (*((weekday, time(7), time(18)) for weekday in range(5)), (5, time(8), time(13)))
# The day Dr. Okafor is away, and the one with custom hours for RDH Chen and Dr. Hughes.
DAY_OFF = date(2026, 11, 27)
SHORT_DAY = date(2026, 11, 25)
NOTE_DAY = date(2026, 11, 16)
# Overlap rule: a dentist's periodic exam (type 2) may overlap a hygiene recall (type 6).
OVERLAPPING_TYPES = (2, 6)


def schedule_tables() -> dict[str, list[Row]]:
    """The demo rows of the four schedule tables, by table name."""
    return {
        "provider_schedule_templates": template_rows(),
        "provider_schedule_overrides": override_rows(),
        "schedule_notes": note_rows(),
        "appointment_type_overlap_rules": overlap_rule_rows(),
    }


def template_rows() -> list[Row]:
    """Every demo provider works the opening hours, in a home operatory when they have one."""
    return [
        {**OWNED, "id": demo_id("schedule-template", f"{p.n}-{weekday}"),
         "provider_id": demo_id("provider", p.n), "location_id": p.location_id,
         "operatory_id": _home(p), "weekday": weekday, "start_time": start, "end_time": end,
         "effective_from": TEMPLATES_FROM, "effective_to": None, "note": None}
        for p in PROVIDERS
        for weekday, start, end in WEEK
    ]  # fmt: skip


def _home(provider: ProviderSpec) -> Any:
    """The provider's first home operatory, or None (assistants float)."""
    if not provider.home_operatories:
        return None
    return operatory_ids(provider.location_id)[provider.home_operatories[0]]


def override_rows() -> list[Row]:
    """Dr. Okafor off on DAY_OFF; RDH Chen (main) and Dr. Hughes (London) short on SHORT_DAY."""
    days = [
        (1, MAIN_LOCATION_ID, DAY_OFF, None, None, "Vacation", None),
        (5, MAIN_LOCATION_ID, SHORT_DAY, time(7), time(12), "Half day", "CE course after noon"),
        (11, LONDON_LOCATION_ID, SHORT_DAY, time(9), time(15), "Training", None),
    ]
    return [
        {**OWNED, "id": demo_id("schedule-override", f"{n}-{day}"),
         "provider_id": demo_id("provider", n), "location_id": location_id,
         "operatory_id": None, "override_date": day, "is_unavailable": start is None,
         "start_time": start, "end_time": end, "reason": reason, "note": note}
        for n, location_id, day, start, end, reason, note in days
    ]  # fmt: skip


def note_rows() -> list[Row]:
    """One note at the top of main's calendar in the busiest week."""
    return [
        {**OWNED, "id": demo_id("schedule-note", f"main-{NOTE_DAY}"),
         "location_id": MAIN_LOCATION_ID, "note_date": NOTE_DAY,
         "note": "Staff meeting 12:30-13:00 in the break room"}
    ]  # fmt: skip


def overlap_rule_rows() -> list[Row]:
    """Periodic exams may overlap hygiene recalls at every location."""
    type_a, type_b = ordered_pair(*(demo_id("appointment-type", n) for n in OVERLAPPING_TYPES))
    return [
        {**OWNED, "id": demo_id("overlap-rule", "exam-recall"),
         "appointment_type_a_id": type_a, "appointment_type_b_id": type_b, "location_id": None}
    ]  # fmt: skip
