"""Demo recalls: three recall types, two triggers and recalls of the first 200 patients."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from db.demo.calendar import DemoCalendar
from db.demo.catalog import Row
from db.demo.ids import (
    LONDON_LOCATION_ID,
    LONDON_TIME_ZONE,
    MAIN_TIME_ZONE,
    OWNED,
    demo_id,
)
from scheduling.appointment_status import AppointmentStatus
from scheduling.local_time import zone_named
from scheduling.recalls import add_months

# (key, name, default interval in months)
RECALL_TYPES = (("hygiene", "Hygiene", 6), ("exam", "Periodic exam", 12),
                ("perio", "Perio maintenance", 3))  # fmt: skip
TRIGGERS = (("D1110", "hygiene"), ("D0120", "exam"))
RECALL_PATIENTS = 200
# Due dates spread over 120 days from FIRST_DUE days after the anchor (two weeks before it).
FIRST_DUE = -15
SPREAD_DAYS = 120
# The appointment type that books each kind of recall: hygiene and perio maintenance are
# "Recall Exam & Clean" (6) visits, the periodic exam a "Periodic Exam" (2).
BOOKED_BY_TYPE = {"hygiene": 6, "exam": 2, "perio": 6}
# Appointments that still book a recall: a scheduled recall must point at one of these.
LIVE = frozenset({AppointmentStatus.PLANNED, AppointmentStatus.SCHEDULED})


def recall_tables(appointments: Sequence[Row], calendar: DemoCalendar) -> dict[str, list[Row]]:
    """Rows of recall_types, recall_triggers, recall_booking_types and patient_recalls (no
    random draws).

    A recall is 'scheduled' exactly when its patient has a live visit of the recall's type after
    the demo's today: it links the first such appointment and falls due on its local date.
    """
    types = [
        {**OWNED, "id": demo_id("recall-type", key), "name": name,
         "default_interval_months": months, "active": True, "sort_order": n}
        for n, (key, name, months) in enumerate(RECALL_TYPES, 1)
    ]  # fmt: skip
    triggers = [
        {**OWNED, "id": demo_id("recall-trigger", code), "procedure_code": code,
         "recall_type_id": demo_id("recall-type", key)}
        for code, key in TRIGGERS
    ]  # fmt: skip
    # Each recall type is booked by the appointment type its visits are of.
    booking_types = [
        {**OWNED, "recall_type_id": demo_id("recall-type", key),
         "appointment_type_id": demo_id("appointment-type", type_n)}
        for key, type_n in BOOKED_BY_TYPE.items()
    ]  # fmt: skip
    intervals = {key: months for key, _, months in RECALL_TYPES}
    booked = _next_visits(appointments, calendar.today)
    first_due = calendar.day(FIRST_DUE)
    recalls = []
    for n in range(1, RECALL_PATIENTS + 1):
        # Everyone has hygiene; every 4th patient a periodic exam, every 10th perio maintenance.
        kinds = ["hygiene"] + ["exam"] * (n % 4 == 0) + ["perio"] * (n % 10 == 0)
        for offset, key in enumerate(kinds):
            due = first_due + timedelta(days=(n * 37 + offset * 11) % SPREAD_DAYS)
            visit = booked.get((n, BOOKED_BY_TYPE[key]))
            if visit is not None:
                due = visit[1]
            months = intervals[key]
            recalls.append(
                {**OWNED, "id": demo_id("patient-recall", f"{n}-{key}"),
                 "patient_id": demo_id("patient", n), "recall_type_id": demo_id("recall-type", key),
                 "due_date": due, "previous_date": add_months(due, -months),
                 "interval_months": months, "status": "scheduled" if visit else "due",
                 "appointment_id": visit[0] if visit else None,
                 "disabled": n % 50 == 7, "note": "Prefers mornings" if n % 9 == 0 else None,
                 "version": 1}
            )  # fmt: skip
    return {
        "recall_types": types,
        "recall_triggers": triggers,
        "recall_booking_types": booking_types,
        "patient_recalls": recalls,
    }


def _next_visits(
    appointments: Sequence[Row], today: date
) -> dict[tuple[int, int], tuple[Any, date]]:
    """(patient n, type n) -> (id, local date) of the recall patients' first live future visit."""
    patients = {demo_id("patient", n): n for n in range(1, RECALL_PATIENTS + 1)}
    kinds = {demo_id("appointment-type", t): t for t in set(BOOKED_BY_TYPE.values())}
    visits: dict[tuple[int, int], tuple[Any, date]] = {}
    for a in sorted(appointments, key=lambda a: (a["start_at"], str(a["id"]))):
        n, t = patients.get(a["patient_id"]), kinds.get(a["appointment_type_id"])
        if n is None or t is None or a["status"] not in LIVE:
            continue
        zone = LONDON_TIME_ZONE if a["location_id"] == LONDON_LOCATION_ID else MAIN_TIME_ZONE
        day = a["start_at"].astimezone(zone_named(zone)).date()
        if day > today:
            visits.setdefault((n, t), (a["id"], day))
    return visits
