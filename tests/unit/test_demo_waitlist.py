"""The demo waitlist and recall links, without a database: valid rows, a realistic mix, and the
walkthrough's top match (the seed on PostgreSQL: tests/db/test_demo_seed.py)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from db.demo import (
    DEMO_ORG_ID,
    LONDON_LOCATION_ID,
    MAIN_LOCATION_ID,
    REFERENCE_ANCHOR,
    DemoCalendar,
    DemoPractice,
    build_demo_practice,
    demo_id,
)
from db.demo.catalog import LONDON_PATIENTS_FROM, PROVIDERS
from db.demo.ids import WALKTHROUGH_APPOINTMENT_ID, WALKTHROUGH_ENTRY_ID
from db.demo.recalls import BOOKED_BY_TYPE
from db.schedule_loaders import weekly_template
from scheduling.appointment_status import AppointmentStatus
from scheduling.conflicts import Booking, find_conflicts
from scheduling.local_time import zone_named
from scheduling.quick_fill import Candidate, Opening, rank
from scheduling.schedules import covering_period, resolve_provider_days

Row = dict[str, Any]
CHICAGO = zone_named("America/Chicago")
ACTIVE = ("waiting", "contacted", "offered")
SLOT_HOLDING = {AppointmentStatus.PLANNED, AppointmentStatus.SCHEDULED, AppointmentStatus.COMPLETE}

# The reference demo's today (the Sunday of the anchor week), which the checks below read.
DEMO_TODAY = DemoCalendar(REFERENCE_ANCHOR).today


@pytest.fixture(scope="module")
def practice() -> DemoPractice:
    return build_demo_practice(REFERENCE_ANCHOR)


def number(entry: Row) -> int:
    return next(n for n in range(1, 100) if demo_id("waitlist-entry", n) == entry["id"])


def candidate(e: Row) -> Candidate:
    return Candidate(
        id=e["id"], status=e["status"], urgency=e["urgency"], priority=e["priority"],
        created_at=e["created_at"], home_location_id=e["home_location_id"],
        location_scope=e["location_scope"], provider_id=e["provider_id"],
        appointment_type_id=e["appointment_type_id"],
        estimated_duration_minutes=e["estimated_duration_minutes"], date_from=e["date_from"],
        date_to=e["date_to"], preferred_days=tuple(e["preferred_days"]),
        preferred_start_time=e["preferred_start_time"],
        preferred_end_time=e["preferred_end_time"],
    )  # fmt: skip


def walkthrough_opening(practice: DemoPractice) -> tuple[Row, Opening]:
    freed = next(a for a in practice.appointments if a["id"] == WALKTHROUGH_APPOINTMENT_ID)
    opening = Opening(
        location_id=freed["location_id"], day=freed["start_at"].astimezone(CHICAGO).date(),
        start_at=freed["start_at"], end_at=freed["end_at"], zone=CHICAGO,
        provider_id=freed["primary_provider_id"], appointment_type_id=freed["appointment_type_id"],
    )  # fmt: skip
    return freed, opening


def test_counts_and_mix(practice: DemoPractice) -> None:
    entries = practice.waitlist_entries
    assert len(entries) == 41
    assert Counter(e["home_location_id"] for e in entries) == {
        MAIN_LOCATION_ID: 36, LONDON_LOCATION_ID: 5}  # fmt: skip
    assert Counter(e["status"] for e in entries) == {"waiting": 36, "contacted": 3, "removed": 2}
    assert Counter(e["urgency"] for e in entries) == {
        "urgent": 3, "soon": 7, "routine": 22, "flexible": 9}  # fmt: skip
    assert Counter(e["source"] for e in entries) == {
        "manual": 16, "online": 11, "treatment_plan": 8, "appointment_flag": 3,
        "recall": 3}  # fmt: skip
    assert sum(e["provider_id"] is not None for e in entries) == 25
    assert sum(bool(e["preferred_days"]) for e in entries) == 17
    assert sum(e["preferred_start_time"] is not None for e in entries) == 12
    assert sum(e["treatment_value"] is not None for e in entries) == 9
    assert sum(e["date_from"] is not None or e["date_to"] is not None for e in entries) == 11
    # one reads EXPIRED at once: its dateTo is before the demo today
    assert sum(e["date_to"] is not None and e["date_to"] < DEMO_TODAY for e in entries) == 1
    assert (len(practice.waitlist_contacts), len(practice.waitlist_history)) == (3, 46)


def test_entries_keep_the_table_rules(practice: DemoPractice) -> None:
    types = {t["id"]: t for t in practice.appointment_types}
    works_at = {demo_id("provider", p.n): p.location_id for p in PROVIDERS}
    for e in practice.waitlist_entries:
        assert e["organization_id"] == DEMO_ORG_ID
        assert e["location_scope"] == "home_only"
        assert e["additional_location_ids"] == []
        assert e["date_from"] is None or e["date_to"] is None or e["date_from"] <= e["date_to"]
        assert set(e["preferred_days"]) <= set(range(1, 8))
        if e["preferred_start_time"] is not None:
            assert e["preferred_start_time"] < e["preferred_end_time"]
        assert -100 <= e["priority"] <= 100
        assert 5 <= (e["estimated_duration_minutes"] or 5) <= 480
        kind = types[e["appointment_type_id"]]
        assert not kind["archived"]
        assert e["estimated_duration_minutes"] >= kind["duration_minutes"]
        if e["provider_id"] is not None:
            assert works_at[e["provider_id"]] == e["home_location_id"]
    # one active entry per patient, home location and type (the partial unique index)
    active = Counter(
        (e["patient_id"], e["home_location_id"], e["appointment_type_id"])
        for e in practice.waitlist_entries
        if e["status"] in ACTIVE
    )
    assert max(active.values()) == 1


def test_patients_live_near_their_home_and_recall_entries_carry_an_open_recall(
    practice: DemoPractice,
) -> None:
    patient_n = {demo_id("patient", n): n for n in range(1, 5001)}
    recalls = {r["id"]: r for r in practice.patient_recalls}
    recall_patients = {r["patient_id"] for r in practice.patient_recalls}
    for e in practice.waitlist_entries:
        london = patient_n[e["patient_id"]] >= LONDON_PATIENTS_FROM
        assert e["home_location_id"] == (LONDON_LOCATION_ID if london else MAIN_LOCATION_ID)
        if e["source"] != "recall":
            assert (e["recall_id"], e["patient_id"] in recall_patients) == (None, False)
            continue
        recall = recalls[e["recall_id"]]
        assert recall["patient_id"] == e["patient_id"]
        assert (recall["status"], recall["disabled"], recall["appointment_id"]) == (
            "due", False, None)  # fmt: skip


def test_history_contacts_and_versions(practice: DemoPractice) -> None:
    history = Counter((h["entry_id"], h["action"]) for h in practice.waitlist_history)
    contacts = Counter(c["entry_id"] for c in practice.waitlist_contacts)
    for e in practice.waitlist_entries:
        changes = 1 if e["status"] in ("contacted", "removed") else 0
        assert history[(e["id"], "added")] == 1
        assert history[(e["id"], e["status"])] == changes
        assert contacts[e["id"]] == (e["status"] == "contacted")
        assert e["version"] == 1 + changes
        assert e["created_at"] <= e["updated_at"]
        assert e["updated_at"].astimezone(CHICAGO).date() < DEMO_TODAY
    removed = [h for h in practice.waitlist_history if h["action"] == "removed"]
    assert all(h["after"]["reason"] for h in removed)
    assert {h["actor"] for h in practice.waitlist_history} == {"demo-seed"}


def test_days_waiting_are_spread_over_past_weeks(practice: DemoPractice) -> None:
    days = [(DEMO_TODAY - e["created_at"].astimezone(CHICAGO).date()).days
            for e in practice.waitlist_entries]  # fmt: skip
    assert (min(days), max(days)) == (1, 55)
    assert len(set(days)) >= 25


def test_flagged_entries_want_an_earlier_visit_than_their_booking(practice: DemoPractice) -> None:
    appointments = {a["id"]: a for a in practice.appointments}
    flagged = [e for e in practice.waitlist_entries if e["source"] == "appointment_flag"]
    for e in flagged:
        booking = appointments[e["linked_appointment_id"]]
        assert booking["status"] in (AppointmentStatus.PLANNED, AppointmentStatus.SCHEDULED)
        assert (booking["patient_id"], booking["appointment_type_id"]) == (
            e["patient_id"], e["appointment_type_id"])  # fmt: skip
        assert booking["primary_provider_id"] == e["provider_id"]
        day = booking["start_at"].astimezone(CHICAGO).date()
        assert e["date_to"] == day - timedelta(days=1)
        assert day > DEMO_TODAY
    others = [e for e in practice.waitlist_entries if e["source"] != "appointment_flag"]
    assert all(e["linked_appointment_id"] is None for e in others)


def test_walkthrough_entry_tops_the_freed_slot(practice: DemoPractice) -> None:
    _, opening = walkthrough_opening(practice)
    candidates = [candidate(e) for e in practice.waitlist_entries]
    ranked = rank(candidates, opening, today=DEMO_TODAY)
    by_id = {e["id"]: number(e) for e in practice.waitlist_entries}
    assert [by_id[m.candidate.id] for m in ranked[:5]] == [1, 20, 11, 16, 33]
    top = ranked[0]
    assert top.candidate.id == WALKTHROUGH_ENTRY_ID
    assert (top.score.urgency, top.score.priority, top.score.days_waiting, top.score.fit) == (
        30, 2, 30, 35)  # fmt: skip
    assert (top.quality.value, top.misses) == ("EXCELLENT", ())
    # waiting days are capped at 30 and entry 1 has them all: it stays first on later days too
    for later in range(0, 120, 7):
        ranked = rank(candidates, opening, today=DEMO_TODAY + timedelta(days=later))
        assert ranked[0].candidate.id == WALKTHROUGH_ENTRY_ID
        assert ranked[0].score.total > ranked[1].score.total


def test_walkthrough_slot_is_bookable_for_the_entry_once_freed(practice: DemoPractice) -> None:
    freed, opening = walkthrough_opening(practice)
    entry = next(e for e in practice.waitlist_entries if e["id"] == WALKTHROUGH_ENTRY_ID)
    assert freed["status"] == AppointmentStatus.SCHEDULED
    assert (opening.day, opening.start_at.astimezone(CHICAGO).time().isoformat()) == (
        date(2026, 11, 24), "07:00:00")  # fmt: skip
    assert entry["estimated_duration_minutes"] == opening.minutes == 45
    assert freed["patient_id"] != entry["patient_id"]
    extra: dict[Any, set[Any]] = {}
    for p in practice.appointment_providers:
        extra.setdefault(p["appointment_id"], set()).add(p["provider_id"])
    existing = [
        Booking(a["id"], a["operatory_id"],
                frozenset({a["primary_provider_id"], *extra.get(a["id"], ())}),
                a["start_at"], a["end_at"])
        for a in practice.appointments
        if a["status"] in SLOT_HOLDING and a["id"] != freed["id"]
    ]  # fmt: skip
    candidate_booking = Booking(None, freed["operatory_id"], frozenset({entry["provider_id"]}),
                                freed["start_at"], freed["end_at"])  # fmt: skip
    assert find_conflicts(candidate_booking, existing) == []
    # the patient has nothing else then, the hygienist works then, and no blockout is in the way
    assert not [a for a in practice.appointments if a["patient_id"] == entry["patient_id"]
                and a["start_at"] < freed["end_at"] and freed["start_at"] < a["end_at"]]  # fmt: skip
    templates = [weekly_template(SimpleNamespace(**r))
                 for r in practice.provider_schedule_templates
                 if r["location_id"] == MAIN_LOCATION_ID]  # fmt: skip
    periods = [p for d in resolve_provider_days(templates, [], opening.day, CHICAGO)
               for p in d.periods]  # fmt: skip
    theirs = [p for p in periods if p.provider_id == entry["provider_id"]]
    assert (
        covering_period(theirs, freed["start_at"], freed["end_at"], freed["operatory_id"])
        is not None
    )
    assert not [b for b in practice.blockouts
                if b["start_at"] < freed["end_at"] and freed["start_at"] < b["end_at"]
                and b["operatory_id"] in (None, freed["operatory_id"])]  # fmt: skip


def test_scheduled_recalls_link_a_live_visit_of_their_kind(practice: DemoPractice) -> None:
    appointments = {a["id"]: a for a in practice.appointments}
    kinds = {demo_id("recall-type", key): demo_id("appointment-type", t)
             for key, t in BOOKED_BY_TYPE.items()}  # fmt: skip
    recalls = practice.patient_recalls
    assert Counter(r["status"] for r in recalls) == {"due": 250, "scheduled": 20}
    for r in recalls:
        if r["status"] == "due":
            assert r["appointment_id"] is None
            continue
        visit = appointments[r["appointment_id"]]
        assert visit["status"] in (AppointmentStatus.PLANNED, AppointmentStatus.SCHEDULED)
        assert visit["patient_id"] == r["patient_id"]
        assert visit["appointment_type_id"] == kinds[r["recall_type_id"]]
        assert r["due_date"] == visit["start_at"].astimezone(CHICAGO).date() > DEMO_TODAY
