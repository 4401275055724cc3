"""The demo practice rows, checked without a database: stable, complete and conflict-free.

Most checks read the demo laid out around REFERENCE_ANCHOR (the dates quoted below); other
anchors give the same rows shifted (tests/unit/test_demo_anchor.py).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from db.demo import (
    BUSIEST_WEEK_APPOINTMENTS,
    DEMO_APPOINTMENT_ID,
    DEMO_APPOINTMENT_TYPE_ID,
    DEMO_OPERATORY_ID,
    DEMO_ORG_ID,
    DEMO_PATIENT_ID,
    DEMO_PROVIDER_ID,
    LONDON_LOCATION_ID,
    MAIN_LOCATION_ID,
    OTHER_ORG_ID,
    REFERENCE_ANCHOR,
    DemoCalendar,
    DemoPractice,
    build_demo_practice,
)
from db.demo.calendar import AHEAD_FILL, CORE_WEEKS
from db.models import Base
from scheduling.appointment_status import ON_CALENDAR, AppointmentStatus
from tests.support.paths import REPO_ROOT

Row = dict[str, Any]

# The HARD RULE's statuses: these occupy their slot (a later exclusion constraint enforces it).
BLOCKING = frozenset(
    {AppointmentStatus.PLANNED, AppointmentStatus.SCHEDULED, AppointmentStatus.COMPLETE}
)
DEMO = DemoCalendar(REFERENCE_ANCHOR)
FIRST_DAY, DEMO_TODAY, BUSIEST_WEEK_START = DEMO.first_day, DEMO.today, DEMO.busiest_week_start
LAST_DAY = DEMO.last_day


@pytest.fixture(scope="module")
def practice() -> DemoPractice:
    return build_demo_practice(REFERENCE_ANCHOR)


@pytest.fixture(scope="module")
def zones(practice: DemoPractice) -> dict[Any, ZoneInfo]:
    return {row["id"]: ZoneInfo(row["time_zone"]) for row in practice.locations}


def demo(rows: list[Row]) -> list[Row]:
    return [row for row in rows if row.get("organization_id", row.get("id")) == DEMO_ORG_ID]


def local_start(appointment: Row, zones: dict[Any, ZoneInfo]) -> datetime:
    return appointment["start_at"].astimezone(zones[appointment["location_id"]])


def on_calendar_per_week(
    practice: DemoPractice, zones: dict[Any, ZoneInfo], location: Any
) -> Counter[date]:
    """On-calendar (planned, scheduled, complete, broken) appointments per local week."""
    weeks: Counter[date] = Counter()
    for a in practice.appointments:
        if a["location_id"] == location and a["status"] in ON_CALENDAR:
            day = local_start(a, zones).date()
            weeks[day - timedelta(days=day.weekday())] += 1
    return weeks


def fingerprint(practice: DemoPractice) -> str:
    return hashlib.sha256(repr(practice.tables()).encode()).hexdigest()


def test_the_same_rows_on_every_build(practice: DemoPractice) -> None:
    assert build_demo_practice(REFERENCE_ANCHOR) == practice


def test_the_same_rows_in_other_processes(practice: DemoPractice) -> None:
    # A fresh interpreter with another hash seed: set iteration must not leak into the output.
    code = (
        "from db.demo import build_demo_practice, REFERENCE_ANCHOR; import hashlib; "
        "print(hashlib.sha256(repr(build_demo_practice(REFERENCE_ANCHOR).tables()).encode())"
        ".hexdigest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.strip() == fingerprint(practice)


def test_stable_ids_and_dates() -> None:
    # Examples and docs quote these; a change here breaks them.
    assert str(DEMO_ORG_ID) == "180defdc-eb33-5f0f-b72a-61b84a0a4df4"
    assert REFERENCE_ANCHOR.isoformat() == "2026-11-16"
    assert (FIRST_DAY.isoformat(), DEMO_TODAY.isoformat()) == ("2026-10-12", "2026-11-22")
    assert (DEMO.open_week.isoformat(), LAST_DAY.isoformat()) == ("2026-12-07", "2027-02-01")
    assert BUSIEST_WEEK_START == REFERENCE_ANCHOR
    assert FIRST_DAY.weekday() == BUSIEST_WEEK_START.weekday() == 0  # Mondays


def test_counts(practice: DemoPractice) -> None:
    patients = demo(practice.patients)
    assert len(patients) == 5000
    assert len({p["chart_number"] for p in patients}) == 5000
    assert all(re.fullmatch(r"C\d{5}", p["chart_number"]) for p in patients)
    operatories = Counter(o["location_id"] for o in practice.operatories)
    assert operatories[MAIN_LOCATION_ID] == 12
    assert operatories[LONDON_LOCATION_ID] == 4
    assert len(demo(practice.locations)) == 2
    assert len(demo(practice.providers)) == 12
    types = demo(practice.appointment_types)
    assert len(types) == 8
    assert sum(t["archived"] for t in types) == 1
    statuses = demo(practice.confirmation_statuses)
    assert len(statuses) == 5
    assert [s["name"] for s in statuses if s["is_confirmed"]] == ["Confirmed"]
    flow = [(s["name"], s["is_terminal"]) for s in demo(practice.patient_flow_statuses)]
    assert flow[::4] == [("Checked in", False), ("Checked out", True)]
    assert len(practice.patient_flow_events) == 15  # 3 visits through all 5 steps
    goals = practice.production_goals  # 10 main providers x 80 weekdays (16 weeks)
    assert len(goals) == 800
    assert {g["goal_date"].weekday() for g in goals} == {0, 1, 2, 3, 4}
    assert (min(g["goal_date"] for g in goals), max(g["goal_date"] for g in goals)) == (
        FIRST_DAY, LAST_DAY - timedelta(days=3))  # fmt: skip
    # lunches where the bookings leave chairs free, open-week lunches, meeting, hold, holidays
    assert (len(practice.blockout_types), len(practice.blockouts)) == (4, 662)
    assert len(practice.blockout_templates) == len(practice.blockout_template_items) == 1


def test_other_tenant_is_tiny(practice: DemoPractice) -> None:
    expected = {"organizations": 1, "locations": 1, "operatories": 1, "providers": 1,
                "patients": 3, "appointment_types": 1, "confirmation_statuses": 1,
                "appointments": 5, "appointment_providers": 0, "appointment_procedures": 0,
                "appointment_history": 0, "patient_flow_statuses": 0, "appointment_reasons": 0,
                "patient_flow_events": 0, "production_goals": 0,
                "provider_schedule_templates": 0, "provider_schedule_overrides": 0,
                "schedule_notes": 0, "appointment_type_overlap_rules": 0,
                "blockout_types": 0, "blockouts": 0, "blockout_templates": 0,
                "blockout_template_items": 0, "recall_types": 0, "recall_triggers": 0, "recall_booking_types": 0,
                "patient_recalls": 0, "waitlist_entries": 0, "waitlist_contacts": 0,
                "waitlist_history": 0}  # fmt: skip
    for name, rows in practice.tables():
        owned = [r for r in rows if r.get("organization_id", r.get("id")) == OTHER_ORG_ID]
        assert len(owned) == expected[name], name


def test_rows_fit_the_tables(practice: DemoPractice) -> None:
    for name, rows in practice.tables():
        columns = set(Base.metadata.tables[name].c.keys())
        keys = {frozenset(row) for row in rows}
        assert len(keys) == 1, f"{name}: rows differ in their keys (one executemany each)"
        assert keys.pop() <= columns, name


def test_weekly_volume(practice: DemoPractice, zones: dict[Any, ZoneInfo]) -> None:
    main = on_calendar_per_week(practice, zones, MAIN_LOCATION_ID)
    london = on_calendar_per_week(practice, zones, LONDON_LOCATION_ID)
    weeks = [FIRST_DAY + timedelta(weeks=n) for n in range(CORE_WEEKS)]
    ahead = [DEMO.open_week + timedelta(weeks=n + 1) for n in range(len(AHEAD_FILL))]
    # every week from the first Monday has bookings but the open week (the examples' week)
    assert sorted(main) == sorted(london) == weeks + ahead
    assert DEMO.open_week not in main
    assert main[BUSIEST_WEEK_START] == BUSIEST_WEEK_APPOINTMENTS
    assert 690 <= main[BUSIEST_WEEK_START] <= 720
    assert max(main, key=main.__getitem__) == BUSIEST_WEEK_START
    for monday in weeks:
        assert 80 <= london[monday] <= 120
        if monday != BUSIEST_WEEK_START:
            assert 600 <= main[monday] <= 680
    # the weeks ahead thin out: at least 8 weeks of bookings after the demo's today
    for monday, fill in zip(ahead, AHEAD_FILL, strict=True):
        assert 600 * fill - 1 <= main[monday] <= 680 * fill + 1
        assert 80 * fill - 1 <= london[monday] <= 120 * fill + 1
    assert len([m for m in main if m > DEMO_TODAY]) >= 8


# The HARD RULE covers BLOCKING; the demo keeps every status apart, so a constraint that also
# counts broken (ON_CALENDAR) or any status would hold as well.
@pytest.mark.parametrize("statuses", [BLOCKING, ON_CALENDAR, frozenset(AppointmentStatus)])
def test_no_double_booking(practice: DemoPractice, statuses: frozenset[AppointmentStatus]) -> None:
    blocking = {a["id"]: a for a in practice.appointments if a["status"] in statuses}
    lanes: defaultdict[tuple[str, Any], list[tuple[datetime, datetime]]] = defaultdict(list)
    for a in blocking.values():
        span = (a["start_at"], a["end_at"])
        lanes["operatory", a["operatory_id"]].append(span)
        lanes["provider", a["primary_provider_id"]].append(span)
    for extra in practice.appointment_providers:
        if (joined := blocking.get(extra["appointment_id"])) is not None:
            lanes["provider", extra["provider_id"]].append((joined["start_at"], joined["end_at"]))
    assert len(lanes) > 20
    for lane, spans in lanes.items():
        spans.sort()
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end <= start, f"{lane} double-booked at {start}"  # half-open intervals


def test_inside_opening_hours(practice: DemoPractice, zones: dict[Any, ZoneInfo]) -> None:
    for a in practice.appointments:
        zone = zones[a["location_id"]]
        start, end = a["start_at"].astimezone(zone), a["end_at"].astimezone(zone)
        assert start.date() == end.date()
        assert FIRST_DAY <= start.date() < LAST_DAY
        assert start.date() != DEMO.holiday
        assert not DEMO.open_week <= start.date() < DEMO.open_week + timedelta(weeks=1)
        opening = {5: (time(8), time(13)), 6: None}.get(start.weekday(), (time(7), time(18)))
        assert opening is not None, f"open on a Sunday: {start}"  # e.g. the DST fall-backs
        assert opening[0] <= start.time() < end.time() <= opening[1]
        assert start.minute % 5 == end.minute % 5 == 0


@pytest.mark.parametrize(
    ("location", "day", "first_start_utc"),
    [
        # London: BST (UTC+1) until Sun 2026-10-25, then GMT. Sundays are closed (checked
        # by test_inside_opening_hours), so the fall-back days themselves have no bookings.
        (LONDON_LOCATION_ID, date(2026, 10, 23), datetime(2026, 10, 23, 6, tzinfo=UTC)),
        (LONDON_LOCATION_ID, date(2026, 10, 24), datetime(2026, 10, 24, 7, tzinfo=UTC)),
        (LONDON_LOCATION_ID, date(2026, 10, 26), datetime(2026, 10, 26, 7, tzinfo=UTC)),
        # Chicago: CDT (UTC-5) until Sun 2026-11-01, then CST (UTC-6).
        (MAIN_LOCATION_ID, date(2026, 10, 30), datetime(2026, 10, 30, 12, tzinfo=UTC)),
        (MAIN_LOCATION_ID, date(2026, 10, 31), datetime(2026, 10, 31, 13, tzinfo=UTC)),
        (MAIN_LOCATION_ID, date(2026, 11, 2), datetime(2026, 11, 2, 13, tzinfo=UTC)),
    ],
)
def test_days_around_dst_open_at_local_time(
    practice: DemoPractice,
    zones: dict[Any, ZoneInfo],
    location: Any,
    day: date,
    first_start_utc: datetime,
) -> None:
    starts = [
        a["start_at"]
        for a in practice.appointments
        if a["location_id"] == location and local_start(a, zones).date() == day
    ]
    assert len(starts) > (30 if location == MAIN_LOCATION_ID else 5)
    assert min(starts) == first_start_utc


def test_statuses_follow_the_demo_today(practice: DemoPractice, zones: dict[Any, ZoneInfo]) -> None:
    past: Counter[AppointmentStatus] = Counter()
    future: Counter[AppointmentStatus] = Counter()
    for a in demo(practice.appointments):
        (past if local_start(a, zones).date() < DEMO_TODAY else future)[a["status"]] += 1
    assert past.most_common(1)[0][0] == AppointmentStatus.COMPLETE
    assert set(past) == {"complete", "broken", "cancelled"}
    assert future.most_common(1)[0][0] == AppointmentStatus.SCHEDULED
    assert set(future) == {"scheduled", "planned", "unscheduled", "pinboard", "cancelled"}


def test_appointment_details(practice: DemoPractice) -> None:
    appointments = demo(practice.appointments)
    assert len({a["id"] for a in practice.appointments}) == len(practice.appointments)
    for a in appointments:
        assert a["production_amount"] >= 0
        assert a["production_amount"] == a["production_amount"].quantize(Decimal("0.01"))
        assert a["version"] == 1
    confirmed = sum(a["confirmation_status_id"] is not None for a in appointments)
    assert confirmed > 0.8 * len(appointments)
    assert 0 < sum(a["priority"] > 0 for a in appointments) < 0.1 * len(appointments)
    assert 0 < sum(a["note"] is not None for a in appointments) < 0.2 * len(appointments)
    assert any(a["is_new_patient"] for a in appointments)
    assert all(re.fullmatch(r"#[0-9a-fA-F]{6}", p["color"]) for p in practice.providers)


def test_additional_providers(practice: DemoPractice) -> None:
    appointments = {a["id"]: a for a in practice.appointments}
    main = [a for a in appointments.values() if a["location_id"] == MAIN_LOCATION_ID]
    extras = practice.appointment_providers
    assert 0.10 * len(main) <= len(extras) <= 0.20 * len(main)
    positions: defaultdict[Any, list[int]] = defaultdict(list)
    for extra in extras:
        appointment = appointments[extra["appointment_id"]]
        assert extra["provider_id"] != appointment["primary_provider_id"]
        assert extra["organization_id"] == appointment["organization_id"]
        positions[extra["appointment_id"]].append(extra["position"])
    assert all(sorted(p) == list(range(len(p))) for p in positions.values())


def test_references_stay_inside_the_tenant(practice: DemoPractice) -> None:
    owner = {
        row["id"]: row["organization_id"]
        for name, rows in practice.tables()
        if name
        not in (
            "organizations",
            "appointment_providers",
            "appointment_history",
            "recall_booking_types",
        )  # link rows, without an id of their own
        for row in rows
    }
    operatory_location = {o["id"]: o["location_id"] for o in practice.operatories}
    references = ("location_id", "operatory_id", "patient_id", "appointment_type_id",
                  "primary_provider_id", "confirmation_status_id", "flow_status_id")  # fmt: skip
    for a in practice.appointments:
        for column in references:
            if a[column] is not None:
                assert owner[a[column]] == a["organization_id"], column
        assert operatory_location[a["operatory_id"]] == a["location_id"]
    for row in [*practice.appointment_history, *practice.patient_flow_events]:
        assert owner[row["appointment_id"]] == row["organization_id"]
        assert owner[row.get("flow_status_id", row["appointment_id"])] == row["organization_id"]


def test_named_demo_rows(practice: DemoPractice) -> None:
    ids = {name: {row.get("id") for row in rows} for name, rows in practice.tables()}
    assert DEMO_OPERATORY_ID in ids["operatories"]
    assert DEMO_PROVIDER_ID in ids["providers"]
    assert DEMO_PATIENT_ID in ids["patients"]
    assert DEMO_APPOINTMENT_TYPE_ID in ids["appointment_types"]
    booking = next(a for a in practice.appointments if a["id"] == DEMO_APPOINTMENT_ID)
    assert booking["status"] == AppointmentStatus.SCHEDULED
    assert booking["patient_id"] == DEMO_PATIENT_ID
    assert booking["primary_provider_id"] == DEMO_PROVIDER_ID
    assert booking["start_at"].date() > DEMO_TODAY
    visits = [a for a in practice.appointments if a["patient_id"] == DEMO_PATIENT_ID]
    assert len(visits) == len(practice.appointment_history) == 3
    assert {h["actor"] for h in practice.appointment_history} == {"demo-seed"}
