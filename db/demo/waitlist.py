"""Demo waitlist: 38 entries at both locations, their contact log and history (no random draws).

Entry 1 (WALKTHROUGH_ENTRY_ID) is the cancel-then-fill walkthrough: the top quick-fill match for
the hygiene visit WALKTHROUGH_APPOINTMENT_ID frees when CancelAppointment cancels it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from db.demo.appointments import SEED_ACTOR
from db.demo.calendar import DemoCalendar
from db.demo.catalog import LONDON_PATIENTS_FROM, TYPES_BY_N, Row
from db.demo.ids import (
    LONDON_LOCATION_ID,
    MAIN_LOCATION_ID,
    OWNED,
    ZONES,
    demo_id,
)
from scheduling.appointment_status import AppointmentStatus
from scheduling.local_time import resolve_local_time, zone_named

# A booking an "appointment_flag" entry can point at: the visit the patient wants moved earlier.
LIVE = frozenset({AppointmentStatus.PLANNED, AppointmentStatus.SCHEDULED})


@dataclass(frozen=True, slots=True)
class Wish:
    """One demo entry: who, what for, added `ago` days before the demo's today, and preferences.

    `since` and `until` (dateFrom, dateTo) are days after the anchor.
    """

    n: int
    patient: int
    type_n: int
    ago: int
    urgency: str = "routine"
    provider: int | None = None
    priority: int = 0
    source: str = "manual"
    days: tuple[int, ...] = ()  # ISO weekdays
    window: tuple[int, int] | None = None  # local whole hours
    since: int | None = None
    until: int | None = None
    value: str | None = None
    minutes: int | None = None  # default: the type's length
    note: str | None = None
    status: str = "waiting"


# Patients 1-200 have recalls: only the recall-sourced entries (39-41) are theirs.
WISHES: tuple[Wish, ...] = (
    Wish(1, 207, 6, 39, "soon", provider=6, priority=10, days=(2, 4), window=(7, 9),
         value="145.00", note="Overdue for a cleaning. Works days: early mornings only. "
         "Prefers Marta."),
    Wish(2, 208, 6, 12, provider=5, source="online", days=(1, 2, 3), window=(7, 10)),
    Wish(3, 482, 6, 9, source="appointment_flag", note="Booked after work; asked for sooner."),
    Wish(4, 214, 5, 2, "urgent", priority=20, since=4, until=11,
         note="Cracked lower molar, sensitive to cold. Any dentist."),
    Wish(5, 219, 3, 20, "soon", provider=2, priority=5, source="treatment_plan", days=(1, 3),
         since=0, until=32, value="390.00", minutes=60,
         note="Two fillings, #30 and #31; one visit."),
    Wish(6, 220, 4, 15, "soon", provider=4, priority=25, source="treatment_plan",
         until=60, value="1150.00", note="Crown prep #19; insurance approved."),
    Wish(7, 223, 1, 6, source="online", days=(6,), window=(8, 13),
         note="New to the area; Saturdays only."),
    Wish(8, 225, 2, 28, "flexible", provider=3, window=(15, 18), note="After school."),
    Wish(9, 229, 7, 17, source="treatment_plan", days=(3, 5), window=(15, 18), value="90.00",
         note="Sealants on the 12-year molars."),
    Wish(10, 236, 6, 45, "flexible", priority=-10, source="online",
         note="Any hygienist, any time."),
    Wish(11, 237, 6, 22, provider=7, days=(1, 2), window=(12, 14), note="Lunch breaks only."),
    Wish(12, 215, 3, 13, source="appointment_flag", days=(1, 2),
         note="Would take a Monday or Tuesday."),
    Wish(13, 245, 2, 3, source="online", days=(5,)),
    Wish(14, 249, 5, 1, "urgent", provider=2, priority=40, since=5,
         until=8, note="Lost a filling; food trapping."),
    Wish(15, 252, 4, 33, "soon", provider=3, priority=10, source="treatment_plan",
         days=(1, 2, 3), value="1150.00", note="Crown prep #3 after root canal."),
    Wish(16, 255, 6, 26, provider=8, status="contacted"),
    Wish(17, 259, 3, 40, source="treatment_plan", value="195.00", status="removed"),
    Wish(18, 262, 2, 35, status="removed", note="Wants an exam this month."),
    Wish(19, 262, 2, 8, note="Called back; re-added after removal."),
    Wish(20, 263, 6, 18, "soon", provider=6, days=(4, 5), window=(13, 17)),
    Wish(21, 270, 7, 14, "flexible", provider=5, source="online"),
    Wish(22, 272, 1, 4, source="online", days=(1, 2, 3, 4, 5), window=(16, 18),
         note="After work."),
    Wish(23, 276, 2, 19, provider=4, priority=5, status="contacted"),
    Wish(24, 233, 6, 5, source="appointment_flag", days=(1, 2)),
    Wish(25, 280, 3, 10, "soon", provider=3, priority=15, source="treatment_plan",
         value="390.00", minutes=60, note="Two fillings upper right in one visit."),
    Wish(26, 282, 2, 41, until=-3, note="Wanted an exam before travelling."),
    Wish(27, 286, 6, 30, "flexible", provider=5, source="online", days=(6,), window=(8, 13),
         note="Saturdays only."),
    Wish(28, 289, 2, 55, "flexible", provider=1, priority=-20,
         note="Will only see Dr. Okafor."),
    Wish(29, 290, 4, 7, provider=2, source="treatment_plan", since=49,
         until=102, value="1150.00", note="After the new benefits year starts."),
    Wish(30, 291, 7, 16, provider=6, status="contacted"),
    Wish(31, 294, 6, 11, provider=6, priority=-5, days=(2,), window=(10, 12)),
    Wish(32, 296, 1, 21, source="online", note="Referred by a friend."),
    Wish(33, 219, 6, 20, days=(1, 3), note="Also due a cleaning; same day as the fillings."),
    Wish(34, 4603, 6, 16, provider=12, source="online", days=(1, 2, 3), window=(9, 12)),
    Wish(35, 4608, 3, 8, "soon", provider=11, priority=10, source="treatment_plan",
         value="195.00"),
    Wish(36, 4617, 5, 2, "urgent", provider=11, priority=30, since=4,
         until=11, note="Swelling lower left; antibiotics started."),
    Wish(37, 4621, 2, 24, "flexible", source="online"),
    Wish(38, 4624, 1, 13, provider=11, source="online", window=(9, 13),
         note="Mornings; new patient from Southwark."),
    # From hygiene recalls that are overdue or due soon (the recall travels with the entry).
    Wish(39, 23, 6, 9, "flexible", source="recall", note="Hygiene recall overdue for weeks."),
    Wish(40, 62, 6, 6, "flexible", source="recall", days=(5,),
         note="Hygiene recall overdue; Fridays suit best."),
    Wish(41, 11, 6, 3, "flexible", source="recall", since=15,
         note="Hygiene recall due in a few weeks; happy to come earlier."),
)  # fmt: skip

# Contacted entries: (entry, days before the demo's today, method, who started it, slot
# offered, note).
CONTACTS = (
    (16, 4, "phone", "staff", True, "Left a voicemail about a Thursday afternoon with RDH Kim."),
    (
        23,
        2,
        "sms",
        "smart_fill",
        True,
        "Texted about a Monday morning with Dr. Lind; no reply yet.",
    ),
    (30, 1, "email", "staff", False, "Emailed to ask whether the sealants are still wanted."),
)
# Removed entries: (entry, days before the demo's today, reason).
REMOVALS = (
    (17, 12, "Moved to a practice closer to work."),
    (18, 14, "Could not reach after three attempts."),
)


def waitlist_tables(appointments: Sequence[Row], calendar: DemoCalendar) -> dict[str, list[Row]]:
    """Rows of waitlist_entries, waitlist_contacts and waitlist_history."""
    flagged = _flagged_bookings(appointments, calendar.today)
    entries = [_entry(w, flagged.get(w.n), calendar) for w in WISHES]
    by_n = {w.n: e for w, e in zip(WISHES, entries, strict=True)}
    history = [_history(w.n, "added", e["created_at"], None, _added(e)) for w, e in
               zip(WISHES, entries, strict=True)]  # fmt: skip
    contacts = []
    for n, ago, method, initiator, offered, note in CONTACTS:
        at = _at(by_n[n]["home_location_id"], calendar.today, ago, time(11, 30))
        contacts.append(
            {**OWNED, "id": demo_id("waitlist-contact", n), "entry_id": by_n[n]["id"],
             "method": method, "initiated_by": initiator, "slot_offered": offered,
             "note": note, "actor": SEED_ACTOR, "occurred_at": at}
        )  # fmt: skip
        history.append(_history(n, "contacted", at, {"status": "waiting"}, {"status": "contacted"}))
        by_n[n].update(version=2, updated_at=at)
    for n, ago, reason in REMOVALS:
        at = _at(by_n[n]["home_location_id"], calendar.today, ago, time(16))
        after = {"status": "removed", "reason": reason}
        history.append(_history(n, "removed", at, {"status": "waiting"}, after))
        by_n[n].update(version=2, updated_at=at)
    return {"waitlist_entries": entries, "waitlist_contacts": contacts,
            "waitlist_history": history}  # fmt: skip


def _flagged_bookings(appointments: Sequence[Row], today: date) -> dict[int, Row]:
    """Each appointment_flag entry's booking: the patient's next live visit of the entry's type."""
    found: dict[int, Row] = {}
    for w in WISHES:
        if w.source != "appointment_flag":
            continue
        patient, kind = demo_id("patient", w.patient), demo_id("appointment-type", w.type_n)
        found[w.n] = min(
            (a for a in appointments
             if a["patient_id"] == patient and a["appointment_type_id"] == kind
             and a["status"] in LIVE and a["start_at"].date() > today),
            key=lambda a: a["start_at"],
        )  # fmt: skip
    return found


def _home(patient: int) -> Any:
    return LONDON_LOCATION_ID if patient >= LONDON_PATIENTS_FROM else MAIN_LOCATION_ID


def _at(location_id: Any, today: date, ago: int, wall: time) -> datetime:
    """A local wall-clock time at a demo location, `ago` days before `today`."""
    return resolve_local_time(today - timedelta(days=ago), wall, zone_named(ZONES[location_id]))


def _entry(w: Wish, booking: Row | None, calendar: DemoCalendar) -> Row:
    """One waitlist_entries row; a flagged entry takes its booking's provider and wants earlier."""
    location_id = _home(w.patient)
    since = calendar.day(w.since) if w.since is not None else None
    until = calendar.day(w.until) if w.until is not None else None
    if booking is not None:
        provider_id = booking["primary_provider_id"]
        local_day = booking["start_at"].astimezone(zone_named(ZONES[location_id])).date()
        until = local_day - timedelta(days=1)
    else:
        provider_id = demo_id("provider", w.provider) if w.provider is not None else None
    # Added during opening hours, at a time that differs per entry (ties rank by age).
    created = _at(location_id, calendar.today, w.ago, time(9 + w.n % 7, w.n * 13 % 60))
    return {
        **OWNED, "id": demo_id("waitlist-entry", w.n),
        "patient_id": demo_id("patient", w.patient), "home_location_id": location_id,
        "location_scope": "home_only", "additional_location_ids": [],
        "provider_id": provider_id,
        "appointment_type_id": demo_id("appointment-type", w.type_n),
        "estimated_duration_minutes": w.minutes or TYPES_BY_N[w.type_n].duration_minutes,
        "date_from": since, "date_to": until, "preferred_days": list(w.days),
        "preferred_start_time": time(w.window[0]) if w.window else None,
        "preferred_end_time": time(w.window[1]) if w.window else None,
        "urgency": w.urgency, "priority": w.priority, "source": w.source,
        "treatment_value": Decimal(w.value) if w.value else None, "note": w.note,
        "linked_appointment_id": booking["id"] if booking is not None else None,
        "recall_id": (
            demo_id("patient-recall", f"{w.patient}-hygiene") if w.source == "recall" else None
        ),
        "status": w.status, "offered_start_at": None, "offered_end_at": None,
        "offered_operatory_id": None, "offered_provider_id": None, "offer_expires_at": None,
        "patient_response": None, "version": 1, "created_at": created, "updated_at": created,
    }  # fmt: skip


def _added(entry: Row) -> dict[str, Any]:
    """The 'added' history's after: the values addToWaitlist would have written."""
    skip = {"organization_id", "id", "version", "created_at", "updated_at"}
    return {
        key: [str(v) for v in value] if isinstance(value, list) else
        value if value is None or isinstance(value, int | str) else str(value)
        for key, value in entry.items()
        if key not in skip and not key.startswith("offer") and key != "patient_response"
    }  # fmt: skip


def _history(n: int, action: str, at: datetime, before: Any, after: Any) -> Row:
    return {**OWNED, "id": demo_id("waitlist-history", f"{n}-{action}"),
            "entry_id": demo_id("waitlist-entry", n), "actor": SEED_ACTOR, "action": action,
            "before": before, "after": after, "occurred_at": at}  # fmt: skip
