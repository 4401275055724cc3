"""updatePatientSchedulingPreferences and Patient.schedulingPreferences: staff set any
patient's, a patient token only its own (another's is NOT_FOUND), versions from 0, refusals
that change nothing, one first save under concurrency; and availableSlots(forPatientId:)
offering the slots that meet the preferences first."""

from __future__ import annotations

import asyncio
from datetime import date, time
from typing import Any

from tests.support.factories import (
    global_id,
    make_patient,
    make_practice,
    make_provider,
    make_schedule,
)
from tests.support.lifecycle_documents import soon
from tests.support.settings_documents import (
    PATIENT_PREFERENCES,
    UPDATE_PREFERENCES,
    only_error,
    settings_state,
)
from tests.support.setup_documents import audit_trail

SLOTS = """
query ($l: ID!, $t: ID!, $day: Date!, $first: Int!, $patient: ID) {
  availableSlots(locationId: $l, appointmentTypeId: $t, from: $day, to: $day, first: $first,
                 forPatientId: $patient) {
    localStartTime provider { id }
  }
}
"""


def prefs_input(practice, patient=None, **extra) -> dict:
    return {
        "patientId": global_id("Patient", (patient or practice.patient).id),
        "baseVersion": None,
        "daysOfWeek": ["TUESDAY", "MONDAY"],
        "timeWindows": [{"start": "13:00", "end": "17:00"}, {"start": "08:00", "end": "11:30"}],
        "preferredProviderIds": [global_id("Provider", practice.provider.id)],
        "preferredLocationIds": [global_id("Location", practice.location.id)],
        **extra,
    }


async def save(execute, practice, viewer=None, **extra) -> dict:
    result = await execute(
        UPDATE_PREFERENCES,
        {"input": prefs_input(practice, **extra)},
        viewer=viewer or practice.staff,
    )
    assert result.errors is None, result.errors
    return result.data["updatePatientSchedulingPreferences"]


async def test_staff_set_and_change_a_patients_preferences(engine, execute):
    practice = await make_practice(engine)
    patient_id = global_id("Patient", practice.patient.id)
    empty = await execute(PATIENT_PREFERENCES, {"id": patient_id}, viewer=practice.staff)
    assert empty.data["node"]["schedulingPreferences"] == {
        "daysOfWeek": [],
        "timeWindows": [],
        "version": None,
        "preferredProviders": [],
        "preferredLocations": [],
    }
    first = await save(execute, practice)
    assert first == {
        "patient": {
            "id": patient_id,
            "schedulingPreferences": {
                "daysOfWeek": ["MONDAY", "TUESDAY"],
                "timeWindows": [
                    {"start": "08:00:00", "end": "11:30:00"},
                    {"start": "13:00:00", "end": "17:00:00"},
                ],
                "version": 1,
                "preferredProviders": [{"id": global_id("Provider", practice.provider.id)}],
                "preferredLocations": [{"id": global_id("Location", practice.location.id)}],
            },
        },
        "userErrors": [],
    }
    second = await save(
        execute, practice, baseVersion=1, daysOfWeek=["FRIDAY"], preferredProviderIds=[]
    )
    saved = second["patient"]["schedulingPreferences"]
    assert (saved["daysOfWeek"], saved["preferredProviders"], saved["version"]) == (
        ["FRIDAY"],
        [],
        2,
    )
    trail = await audit_trail(engine, practice.patient.id)
    assert [(action, changes["days_of_week"]) for action, _, changes in trail] == [
        ("CREATED", [1, 2]),
        ("UPDATED", [5]),
    ]


async def test_a_patient_reads_and_sets_only_their_own(engine, execute):
    practice = await make_practice(engine)
    other = await make_patient(engine, practice.org)
    me = practice.patient_viewer()
    mine = await save(execute, practice, viewer=me)
    assert mine["userErrors"] == []
    own = await execute(
        PATIENT_PREFERENCES, {"id": global_id("Patient", practice.patient.id)}, viewer=me
    )
    assert own.data["node"]["schedulingPreferences"]["version"] == 1
    before = await settings_state(engine)
    theirs = await save(execute, practice, viewer=me, patient=other)
    unknown = await save(
        execute,
        practice,
        viewer=me,
        patientId=global_id("Patient", "00000000-0000-0000-0000-000000000002"),
    )
    # another patient reads exactly as a patient that does not exist
    assert (
        theirs
        == unknown
        == {
            "patient": None,
            "userErrors": [
                {
                    "field": ["input", "patientId"],
                    "code": "NOT_FOUND",
                    "message": "No patient with this ID",
                }
            ],
        }
    )
    assert await settings_state(engine) == before


async def test_preference_refusals_change_nothing(engine, execute):
    practice = await make_practice(engine)
    foreign = await make_practice(engine)
    await save(execute, practice)
    before = await settings_state(engine)
    cases: list[tuple[dict[str, Any], list[str], str]] = [
        ({"baseVersion": None}, ["input", "baseVersion"], "VERSION_CONFLICT"),
        (
            {"baseVersion": 1, "timeWindows": [{"start": "12:00", "end": "09:00"}]},
            ["input", "timeWindows"],
            "VALIDATION",
        ),
        (
            {
                "baseVersion": 1,
                "preferredProviderIds": [global_id("Provider", foreign.provider.id)],
            },
            ["input", "preferredProviderIds"],
            "NOT_FOUND",
        ),
        (
            {
                "baseVersion": 1,
                "preferredLocationIds": [global_id("Provider", practice.provider.id)],
            },
            ["input", "preferredLocationIds"],
            "VALIDATION",
        ),
        (
            {"baseVersion": None, "patientId": global_id("Patient", foreign.patient.id)},
            ["input", "patientId"],
            "NOT_FOUND",
        ),
    ]
    for extra, field, code in cases:
        payload = await save(execute, practice, **extra)
        assert payload["patient"] is None
        assert only_error(payload) == (field, code), extra
    assert await settings_state(engine) == before


async def test_concurrent_first_saves_make_one(engine, execute):
    practice = await make_practice(engine)
    payloads = await asyncio.gather(*(save(execute, practice) for _ in range(4)))
    assert sum(p["patient"] is not None for p in payloads) == 1
    assert [only_error(p)[1] for p in payloads if p["patient"] is None] == ["VERSION_CONFLICT"] * 3


def next_weekday(iso_weekday: int) -> str:
    """A local date at least a week ahead falling on the ISO weekday."""
    day = date.fromisoformat(soon(7))
    while day.isoweekday() != iso_weekday:
        day = day.replace(day=day.day) + (date(2000, 1, 2) - date(2000, 1, 1))
    return day.isoformat()


async def test_slot_search_offers_the_preferred_slots_first(engine, execute, count_statements):
    practice = await make_practice(engine)
    second = await make_provider(engine, practice.org, last_name="Ng")
    for provider in (practice.provider, second):
        await make_schedule(engine, provider, practice.location, start=time(9), end=time(12))
    day = next_weekday(3)
    variables = {
        "l": global_id("Location", practice.location.id),
        "t": global_id("AppointmentType", practice.appointment_type.id),
        "day": day,
        "first": 100,
    }
    with count_statements() as plain_counter:
        plain = await execute(SLOTS, variables, viewer=practice.staff)
    earliest = plain.data["availableSlots"]
    assert earliest[0]["localStartTime"] == "09:00:00"
    # no preferences saved yet: the same answer
    patient = global_id("Patient", practice.patient.id)
    same = await execute(SLOTS, {**variables, "patient": patient}, viewer=practice.staff)
    assert same.data["availableSlots"] == earliest
    await save(
        execute,
        practice,
        daysOfWeek=["WEDNESDAY"],
        timeWindows=[{"start": "10:00", "end": "11:30"}],
        preferredProviderIds=[global_id("Provider", second.id)],
    )
    with count_statements() as ordered_counter:
        ordered = await execute(
            SLOTS, {**variables, "patient": patient, "first": 3}, viewer=practice.staff
        )
    best = ordered.data["availableSlots"]
    assert best == [
        {"localStartTime": start, "provider": {"id": global_id("Provider", second.id)}}
        for start in ("10:00:00", "10:15:00", "10:30:00")
    ]
    # the same slots, reordered: nothing offered that the plain search does not offer
    everything = await execute(SLOTS, {**variables, "patient": patient}, viewer=practice.staff)
    key = lambda slot: (slot["localStartTime"], slot["provider"]["id"])  # noqa: E731
    assert sorted(everything.data["availableSlots"], key=key) == sorted(earliest, key=key)
    # the patient and the preferences: two statements more than the plain search
    assert ordered_counter.count == plain_counter.count + 2
    refused = await execute(
        SLOTS,
        {**variables, "patient": patient},
        viewer=practice.patient_viewer(await make_patient(engine, practice.org)),
    )
    assert refused.errors is not None
    assert refused.errors[0].message == "No patient with this ID"
