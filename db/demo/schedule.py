"""The demo appointments, laid out week by week on local wall-clock time without double bookings."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from db.demo.calendar import DemoCalendar
from db.demo.catalog import (
    APPOINTMENT_TYPES,
    ARCHIVED_TYPE_LAST_OFFSET,
    LONDON_PATIENTS_FROM,
    PATIENTS,
    PROVIDERS,
    SEED,
    TYPES_BY_N,
    ProviderSpec,
    operatory_ids,
)
from db.demo.ids import BUSIEST_WEEK_APPOINTMENTS, LONDON_LOCATION_ID, MAIN_LOCATION_ID, demo_id
from db.demo.recalls import RECALL_PATIENTS
from db.demo.schedules import schedule_index, template_operatory
from scheduling.appointment_status import ON_CALENDAR
from scheduling.appointment_status import AppointmentStatus as Status
from scheduling.local_time import resolve_local_time
from scheduling.schedules import ScheduleIndex, covering_period

# Local opening hours as minutes after midnight: Mon-Fri 07:00-18:00, Sat 08:00-13:00.
WEEKDAY_HOURS = (7 * 60, 18 * 60)
SATURDAY_HOURS = (8 * 60, 13 * 60)

# On-calendar appointments per week (outside the busiest week), and off-calendar extras.
MAIN_WEEK_RANGE = (615, 670)
LONDON_WEEK_RANGE = (85, 115)
MAIN_OFF_CALENDAR_RANGE = (6, 14)
LONDON_OFF_CALENDAR_RANGE = (1, 3)

# (chance, lengths in minutes) of idle time before a booking: clinicians run nearly back to
# back; assistants keep most of the day free so they can join appointments chairside.
IDLE: dict[str, tuple[float, tuple[int, ...]]] = {
    "dentist": (0.04, (10, 15, 30)),
    "hygienist": (0.04, (15, 30)),
    "assistant": (0.95, (120, 180, 240)),
}
# Weeks after the first Monday on whose Monday the demo patient sees the demo dentist; the
# last one is DEMO_APPOINTMENT_ID.
DEMO_PATIENT_WEEKS = (0, 4, 6)
PROVIDERS_BY_N = {p.n: p for p in PROVIDERS}
# Visits not yet held: one whose provider is away is taken off the calendar (unscheduled).
UPCOMING = frozenset({Status.SCHEDULED, Status.PLANNED, Status.HOLD})


@dataclass(slots=True)
class Booking:
    """One appointment while it is being laid out, in local minutes after midnight."""

    location_id: Any
    day: date
    provider: int
    start: int
    end: int
    type_n: int
    status: Status = Status.SCHEDULED
    operatory_id: Any = None
    assistant: int | None = None
    patient: int = 0
    key: str | None = None  # a named id instead of the running number


def opening_hours(day: date) -> tuple[int, int] | None:
    """Local (open, close) minutes of a demo location on a day, or None on Sunday."""
    if day.weekday() < 5:
        return WEEKDAY_HOURS
    return SATURDAY_HOURS if day.weekday() == 5 else None


def lay_out_bookings(rng: random.Random, calendar: DemoCalendar) -> list[Booking]:
    """All demo bookings of both demo locations, week by week (calendar.booked_weeks())."""
    # The weeks ahead draw from their own generator, so the core weeks' draws (and every later
    # draw of the caller's generator, in booking order) are the same as without them.
    ahead = random.Random(SEED + 1)
    locations = (MAIN_LOCATION_ID, LONDON_LOCATION_ID)
    schedules = {location_id: schedule_index(calendar, location_id) for location_id in locations}
    bookings: list[Booking] = []
    for monday, fill in calendar.booked_weeks():
        for location_id in locations:
            week_rng = rng if fill is None else ahead
            location = (location_id, schedules[location_id])
            bookings += _book_week(week_rng, location, monday, calendar, fill)
    _book_demo_patient(bookings, calendar)
    return bookings


def _book_week(
    rng: random.Random,
    location: tuple[Any, ScheduleIndex],
    monday: date,
    calendar: DemoCalendar,
    fill: float | None,
) -> list[Booking]:
    """Fill every provider's days, then keep a random subset sized to the week's target;
    `location`: its id and its schedules, which the bookings' operatories follow."""
    location_id, schedule = location
    days = [monday + timedelta(days=offset) for offset in range(7)]
    providers = [p for p in PROVIDERS if p.location_id == location_id]
    candidates = [
        b for day in days for p in providers for b in _provider_day(rng, p, day, calendar)
    ]
    main = location_id == MAIN_LOCATION_ID
    if main and monday == calendar.busiest_week_start:
        on_calendar = BUSIEST_WEEK_APPOINTMENTS
    else:
        on_calendar = rng.randint(*(MAIN_WEEK_RANGE if main else LONDON_WEEK_RANGE))
    if fill is not None:
        on_calendar = round(on_calendar * fill)
    off_calendar = rng.randint(*(MAIN_OFF_CALENDAR_RANGE if main else LONDON_OFF_CALENDAR_RANGE))
    if on_calendar + off_calendar > len(candidates):
        raise RuntimeError(f"demo week {monday} at {location_id} has too few free slots")
    # Dropping bookings from conflict-free timelines can never create a conflict.
    kept = sorted(rng.sample(range(len(candidates)), on_calendar + off_calendar))
    off = set(rng.sample(kept, off_calendar))
    chosen = [candidates[i] for i in kept]
    for i, booking in zip(kept, chosen, strict=True):
        booking.status = _status(rng, booking.day < calendar.today, off_calendar=i in off)
    for day in days:
        # The weeks ahead leave the recall patients' visits as the core weeks lay them out.
        first = 2 if fill is None else RECALL_PATIENTS + 1
        _place_day(rng, [b for b in chosen if b.day == day], location_id, first, schedule)
    return chosen


def _provider_day(
    rng: random.Random, provider: ProviderSpec, day: date, calendar: DemoCalendar
) -> list[Booking]:
    """One provider's back-to-back bookings for a day, with some idle gaps."""
    hours = opening_hours(day)
    if hours is None or day == calendar.holiday:
        return []
    archived_until = calendar.day(ARCHIVED_TYPE_LAST_OFFSET)
    minute, close = hours
    chance, idle = IDLE[provider.role]
    offered = [
        (t.n, weight)
        for t in APPOINTMENT_TYPES
        for role, weight in t.booked_by
        if role == provider.role and (not t.archived or day <= archived_until)
    ]
    bookings: list[Booking] = []
    while True:
        if rng.random() < chance:
            minute += rng.choice(idle)
        fitting = [(n, w) for n, w in offered if minute + TYPES_BY_N[n].duration_minutes <= close]
        if not fitting:
            return bookings
        n = rng.choices([n for n, _ in fitting], weights=[w for _, w in fitting])[0]
        end = minute + TYPES_BY_N[n].duration_minutes
        bookings.append(Booking(provider.location_id, day, provider.n, minute, end, n))
        minute = end


def _status(rng: random.Random, past: bool, *, off_calendar: bool) -> Status:
    """History is mostly complete, bookings mostly scheduled; a few fall off the calendar."""
    if off_calendar:
        if past:
            return Status.CANCELLED
        return rng.choices([Status.CANCELLED, Status.UNSCHEDULED, Status.PINBOARD], [2, 1, 1])[0]
    if past:
        return Status.BROKEN if rng.random() < 0.03 else Status.COMPLETE
    return Status.PLANNED if rng.random() < 0.12 else Status.SCHEDULED


def _place_day(
    rng: random.Random,
    bookings: list[Booking],
    location_id: Any,
    first_patient: int,
    schedule: ScheduleIndex,
) -> None:
    """Give a day's bookings an operatory, maybe a free assistant, and a patient."""
    operatories = operatory_ids(location_id)
    # Bookings are visited by start time, so an operatory is free once its last booking ended.
    free_from = [0] * len(operatories)
    busy: dict[int, list[tuple[int, int]]] = {}
    for b in bookings:
        busy.setdefault(b.provider, []).append((b.start, b.end))
    assistants = [p.n for p in PROVIDERS if p.role == "assistant" and p.location_id == location_id]
    chairs = _Chairs(operatories, bookings, schedule)
    seen_patients: set[int] = set()
    for b in sorted(bookings, key=lambda b: (b.start, b.provider)):
        index = chairs.choose(b, free_from)
        free_from[index] = b.end
        b.operatory_id = operatories[index]
        if b.provider not in assistants and rng.random() < TYPES_BY_N[b.type_n].assist_chance:
            for a in rng.sample(assistants, len(assistants)):
                if all(end <= b.start or start >= b.end for start, end in busy.get(a, [])):
                    busy.setdefault(a, []).append((b.start, b.end))
                    b.assistant = a
                    break
        b.patient = _patient(rng, location_id, seen_patients, first_patient)


class _Chairs:
    """Where a day's bookings may sit: by the rule booking applies (covering_period), in an
    operatory their provider's period allows; a chair a template names is kept for the
    bookings of its provider, so floating providers (assistants) sit elsewhere meanwhile."""

    def __init__(self, operatories: list[Any], bookings: list[Booking], schedule: ScheduleIndex):
        self.operatories = operatories
        self.schedule = schedule
        # chair index -> (provider, start, end) of the bookings of the provider it is kept for
        self.kept: dict[int, list[tuple[int, int, int]]] = {}
        for b in bookings:
            named = template_operatory(PROVIDERS_BY_N[b.provider])
            if named is not None:
                index = operatories.index(named)
                self.kept.setdefault(index, []).append((b.provider, b.start, b.end))

    def choose(self, b: Booking, free_from: list[int]) -> int:
        """The first free chair (home ones first) the provider's schedule allows; if none
        does (the provider is away then), the visit is taken off the calendar."""
        home = PROVIDERS_BY_N[b.provider].home_operatories
        order = [*home, *(i for i in range(len(self.operatories)) if i not in home)]
        free = [i for i in order if free_from[i] <= b.start and not self._kept_from(i, b)]
        zone = self.schedule.zone
        start_at = resolve_local_time(b.day, time(b.start // 60, b.start % 60), zone)
        end_at = resolve_local_time(b.day, time(b.end // 60, b.end % 60), zone)
        provider_id = demo_id("provider", b.provider)
        theirs = [p for p in self.schedule.periods_on(b.day) if p.provider_id == provider_id]
        for index in free:
            if covering_period(theirs, start_at, end_at, self.operatories[index]) is not None:
                return index
        if b.status in ON_CALENDAR:
            b.status = Status.UNSCHEDULED if b.status in UPCOMING else Status.CANCELLED
        return free[0]

    def _kept_from(self, index: int, b: Booking) -> bool:
        """Whether the chair is kept for another provider's booking overlapping `b`."""
        return any(
            provider != b.provider and start < b.end and b.start < end
            for provider, start, end in self.kept.get(index, [])
        )


def _patient(rng: random.Random, location_id: Any, seen: set[int], first: int) -> int:
    """A local patient not yet booked that day; patient 1 is kept for the demo bookings."""
    low, high = (first, LONDON_PATIENTS_FROM - 1)
    if location_id == LONDON_LOCATION_ID:
        low, high = LONDON_PATIENTS_FROM, PATIENTS
    while (n := rng.randint(low, high)) in seen:
        pass
    seen.add(n)
    return n


def _book_demo_patient(bookings: list[Booking], calendar: DemoCalendar) -> None:
    """Give the demo patient visits with the demo dentist, the last one a future booking."""
    for week in DEMO_PATIENT_WEEKS:
        day = calendar.first_day + timedelta(weeks=week)
        first = min(
            (b for b in bookings if b.day == day and b.provider == 1 and b.status in ON_CALENDAR),
            key=lambda b: b.start,
        )
        first.patient = 1
        if day < calendar.today:
            first.status = Status.COMPLETE
        else:
            first.status, first.key = Status.SCHEDULED, "demo"
