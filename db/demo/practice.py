"""The demo practice as plain rows per table, built from one seeded generator (no database)."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta

from db.demo import names
from db.demo.appointments import SEED_ACTOR, appointment_rows
from db.demo.blockouts import blockout_rows
from db.demo.calendar import DemoCalendar
from db.demo.catalog import (
    APPOINTMENT_REASONS,
    APPOINTMENT_TYPES,
    CONFIRMATION_STATUSES,
    FLOW_DAY_OFFSET,
    FLOW_STATUSES,
    FLOW_VISITS,
    LONDON_OPERATORIES,
    LONDON_PATIENTS_FROM,
    MAIN_OPERATORIES,
    PATIENTS,
    PROVIDERS,
    SEED,
    Row,
)
from db.demo.ids import (
    DEMO_ORG_ID,
    DEMO_ORG_NAME,
    LONDON_LOCATION_ID,
    LONDON_TIME_ZONE,
    MAIN_LOCATION_ID,
    MAIN_TIME_ZONE,
    OWNED,
    demo_id,
)
from db.demo.other import other_tenant_rows
from db.demo.production import production_goal_rows
from db.demo.recalls import recall_tables
from db.demo.schedule import lay_out_bookings
from db.demo.schedules import schedule_tables
from db.demo.waitlist import waitlist_tables
from scheduling.appointment_status import AppointmentStatus
from scheduling.local_time import zone_named


@dataclass(frozen=True, slots=True)
class DemoPractice:
    """Every demo row per table; field order is an insert order the foreign keys accept."""

    organizations: list[Row]
    locations: list[Row]
    operatories: list[Row]
    providers: list[Row]
    patients: list[Row]
    appointment_types: list[Row]
    confirmation_statuses: list[Row]
    patient_flow_statuses: list[Row]
    appointment_reasons: list[Row]
    appointments: list[Row]
    appointment_providers: list[Row]
    appointment_procedures: list[Row]
    appointment_history: list[Row]
    patient_flow_events: list[Row]
    production_goals: list[Row]
    blockout_types: list[Row]
    blockouts: list[Row]
    blockout_templates: list[Row]
    blockout_template_items: list[Row]
    provider_schedule_templates: list[Row]
    provider_schedule_overrides: list[Row]
    schedule_notes: list[Row]
    appointment_type_overlap_rules: list[Row]
    recall_types: list[Row]
    recall_triggers: list[Row]
    recall_booking_types: list[Row]
    patient_recalls: list[Row]
    waitlist_entries: list[Row]
    waitlist_contacts: list[Row]
    waitlist_history: list[Row]

    def tables(self) -> list[tuple[str, list[Row]]]:
        """(table name, rows) pairs in insert order."""
        return [(f.name, getattr(self, f.name)) for f in fields(self)]


def build_demo_practice(anchor: date) -> DemoPractice:
    """Build every row of both tenants around `anchor` (a Monday): identical on every call and
    every machine for one anchor, and the same ids and pattern, shifted, for another."""
    calendar = DemoCalendar(anchor)
    rng = random.Random(SEED)
    # Draw order is part of the output: patients first, then the bookings, then their details.
    patients = patient_rows(rng)
    schedule = appointment_rows(rng, lay_out_bookings(rng, calendar), calendar)
    demo = DemoPractice(
        organizations=[{"id": DEMO_ORG_ID, "name": DEMO_ORG_NAME}],
        locations=location_rows(),
        operatories=operatory_rows(),
        providers=provider_rows(),
        patients=patients,
        appointment_types=appointment_type_rows(),
        confirmation_statuses=confirmation_status_rows(),
        patient_flow_statuses=flow_status_rows(),
        appointment_reasons=reason_rows(),
        appointments=schedule.appointments,
        appointment_providers=schedule.appointment_providers,
        appointment_procedures=schedule.appointment_procedures,
        appointment_history=schedule.appointment_history,
        patient_flow_events=[],
        production_goals=production_goal_rows(calendar),
        **blockout_rows(schedule.appointments, operatory_rows(), calendar),
        **schedule_tables(calendar),
        **recall_tables(schedule.appointments, calendar),
        **waitlist_tables(schedule.appointments, calendar),
    )
    merged = _merged(demo, other_tenant_rows(calendar))
    return _with_patient_flow(merged, calendar.day(FLOW_DAY_OFFSET))


def location_rows() -> list[Row]:
    """Riverside Main (Chicago) and Riverside London."""
    return [
        {**OWNED, "id": MAIN_LOCATION_ID, "name": "Riverside Main", "time_zone": MAIN_TIME_ZONE,
         "address_line1": f"2150 N {names.STREETS[0]}", "city": "Chicago", "region": "IL",
         "postal_code": "60614", "country": "US"},
        {**OWNED, "id": LONDON_LOCATION_ID, "name": "Riverside London",
         "time_zone": LONDON_TIME_ZONE, "address_line1": f"14 {names.STREETS[3]}",
         "city": "London", "region": "Greater London", "postal_code": "SE1 9PP",
         "country": "GB"},
    ]  # fmt: skip


def operatory_rows() -> list[Row]:
    """Op 1..12 at main and Surgery 1..4 in London (UK practices call chairs surgeries)."""
    main = [(MAIN_LOCATION_ID, f"Op {n}", f"OP{n}", n) for n in range(1, MAIN_OPERATORIES + 1)]
    london = [
        (LONDON_LOCATION_ID, f"Surgery {n}", f"SUR{n}", n) for n in range(1, LONDON_OPERATORIES + 1)
    ]
    return [
        {**OWNED, "id": demo_id("operatory", number), "location_id": location_id, "name": name,
         "abbreviation": abbreviation, "sort_order": order, "active": True}
        for number, (location_id, name, abbreviation, order) in enumerate([*main, *london], 1)
    ]  # fmt: skip


def provider_rows() -> list[Row]:
    """The twelve demo providers."""
    return [
        {**OWNED, "id": demo_id("provider", p.n), "first_name": p.first_name,
         "last_name": p.last_name, "abbreviation": p.abbreviation, "color": p.color,
         "active": True}
        for p in PROVIDERS
    ]  # fmt: skip


def appointment_type_rows() -> list[Row]:
    """The eight demo appointment types."""
    return [
        {**OWNED, "id": demo_id("appointment-type", t.n), "name": t.name,
         "abbreviation": t.abbreviation, "description": t.description, "color": t.color,
         "duration_minutes": t.duration_minutes, "max_attendees": t.max_attendees,
         "bookable_online": t.bookable_online,
         "booking_lead_time_hours": t.booking_lead_time_hours,
         "cancellation_policy_hours": t.cancellation_policy_hours, "archived": t.archived,
         "procedure_codes": list(t.procedure_codes)}
        for t in APPOINTMENT_TYPES
    ]  # fmt: skip


def confirmation_status_rows() -> list[Row]:
    """The five demo confirmation statuses, in display order."""
    return [
        {**OWNED, "id": demo_id("confirmation-status", n), "name": name,
         "abbreviation": abbreviation, "color": color, "is_confirmed": confirmed,
         "sort_order": n}
        for n, (name, abbreviation, color, confirmed) in enumerate(CONFIRMATION_STATUSES, 1)
    ]  # fmt: skip


def flow_status_rows() -> list[Row]:
    """The five demo patient flow steps, in flow order."""
    return [
        {**OWNED, "id": demo_id("flow-status", n), "name": name, "abbreviation": abbreviation,
         "color": color, "sort_order": n, "is_terminal": terminal, "active": True}
        for n, (name, abbreviation, color, terminal) in enumerate(FLOW_STATUSES, 1)
    ]  # fmt: skip


def reason_rows() -> list[Row]:
    """The demo's cancellation and no-show reasons, in display order per list."""
    return [
        {**OWNED, "id": demo_id("appointment-reason", n), "kind": kind, "name": name,
         "sort_order": n}
        for n, (kind, name) in enumerate(APPOINTMENT_REASONS, 1)
    ]  # fmt: skip


# When each flow step was entered: minutes after the visit's start or end.
FLOW_TIMES = (("start_at", -10), ("start_at", -2), ("start_at", 3), ("end_at", -5), ("end_at", 5))


def _with_patient_flow(practice: DemoPractice, flow_day: date) -> DemoPractice:
    """The first FLOW_VISITS completed visits at main on `flow_day` walked through every step."""
    zone = zone_named(MAIN_TIME_ZONE)
    visits = [
        a
        for a in practice.appointments
        if a["location_id"] == MAIN_LOCATION_ID
        and a["status"] == AppointmentStatus.COMPLETE
        and a["start_at"].astimezone(zone).date() == flow_day
    ][:FLOW_VISITS]
    events = [
        {**OWNED, "id": demo_id("flow-event", f"{n}-{step}"), "appointment_id": visit["id"],
         "flow_status_id": demo_id("flow-status", step), "actor": SEED_ACTOR,
         "occurred_at": visit[anchor] + timedelta(minutes=minutes),
         "note": "Arrived early" if (n, step) == (1, 1) else None}
        for n, visit in enumerate(visits, 1)
        for step, (anchor, minutes) in enumerate(FLOW_TIMES, 1)
    ]  # fmt: skip
    # Every row gets the column (one executemany per table); the walked-through ones are out.
    done = {visit["id"]: demo_id("flow-status", len(FLOW_STATUSES)) for visit in visits}
    appointments = [{**a, "flow_status_id": done.get(a["id"])} for a in practice.appointments]
    return replace(practice, appointments=appointments, patient_flow_events=events)


def patient_rows(rng: random.Random) -> list[Row]:
    """5,000 demo patients, chart numbers C00001..C05000."""
    return [_patient(rng, n) for n in range(1, PATIENTS + 1)]


def _patient(rng: random.Random, n: int) -> Row:
    """Patient n; those from LONDON_PATIENTS_FROM on have UK phone numbers."""
    first = rng.choice(names.FIRST_NAMES)
    last = rng.choice(names.LAST_NAMES)
    born = date(1938, 1, 1) + timedelta(days=rng.randrange(85 * 365))
    # 555-01xx (US) and 020 7946 0xxx (UK) are number ranges reserved for fiction.
    if n >= LONDON_PATIENTS_FROM:
        phone = f"+44 20 7946 0{rng.randrange(1000):03d}"
    else:
        phone = f"+1 312-555-01{rng.randrange(100):02d}"
    email = f"{_ascii(first)}.{_ascii(last)}{n}@{names.EMAIL_DOMAIN}"
    return {
        **OWNED,
        "id": demo_id("patient", n),
        "first_name": first,
        "last_name": last,
        "date_of_birth": born,
        "phone": phone if rng.random() < 0.95 else None,
        "email": email if rng.random() < 0.85 else None,
        "chart_number": f"C{n:05d}",
    }


def _ascii(name: str) -> str:
    """A name folded to lowercase ASCII letters, for an email local part."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def _merged(practice: DemoPractice, extra: dict[str, list[Row]]) -> DemoPractice:
    """The practice with another tenant's rows appended table by table."""
    return DemoPractice(**{name: rows + extra.get(name, []) for name, rows in practice.tables()})
