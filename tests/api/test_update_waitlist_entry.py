"""updateWaitlistEntry through the schema: changes read back exactly, bad input changes nothing."""

from __future__ import annotations

import uuid

import pytest

from tests.support.connections import actions, changes, history
from tests.support.factories import global_id, make_appointment_type, make_practice, make_provider
from tests.support.waitlist_documents import (
    REMOVE,
    RESPOND,
    UPDATE,
    add,
    contacted,
    data,
    entry_error,
    offered,
    read_entry,
    respond_input,
    state,
    update,
    update_input,
)


async def test_every_preference_changes_and_the_history_holds_before_and_after(engine, execute):
    # given a waiting entry with the defaults of addToWaitlist
    practice = await make_practice(engine)
    provider = await make_provider(engine, practice.org, last_name="Ng")
    other_type = await make_appointment_type(engine, practice.org, minutes=90)
    entry = await add(execute, practice, preferredDays=["MONDAY"])
    # when staff change every preference at once
    payload = await update(
        execute, practice, entry,
        priority=40, urgency="URGENT", dateFrom="2030-02-01", dateTo="2030-03-15",
        preferredDays=["TUESDAY", "THURSDAY"], providerId=global_id("Provider", provider.id),
        appointmentTypeId=global_id("AppointmentType", other_type.id),
        estimatedDurationMinutes=90, note="Mornings only", treatmentValue="1250.50",
    )  # fmt: skip
    # then the entry reads back with exactly the new values and the next version
    expected = {
        "id": entry["id"], "status": "WAITING", "version": 2, "priority": 40, "urgency": "URGENT",
        "dateFrom": "2030-02-01", "dateTo": "2030-03-15",
        "preferredDays": ["TUESDAY", "THURSDAY"],
        "preferredStartTime": None, "preferredEndTime": None, "estimatedDurationMinutes": 90,
        "treatmentValue": "1250.50", "note": "Mornings only",
        "provider": {"id": global_id("Provider", provider.id)},
        "appointmentType": {"id": global_id("AppointmentType", other_type.id)},
    }  # fmt: skip
    assert payload == {"waitlistEntry": expected, "userErrors": []}
    read = await read_entry(execute, practice, entry["id"])
    assert {k: v for k, v in read.items() if k != "history"} == expected
    # and one "updated" history row holds the changed fields before and after
    assert actions(read) == ["ADDED", "UPDATED"]
    assert history(read)[1] == {
        "action": "UPDATED",
        "actor": "staff-test",
        "changes": [
            {"field": "estimatedDurationMinutes", "before": None, "after": 90},
            {"field": "dateFrom", "before": None, "after": "2030-02-01"},
            {"field": "dateTo", "before": None, "after": "2030-03-15"},
            {"field": "preferredDays", "before": ["MONDAY"], "after": ["TUESDAY", "THURSDAY"]},
            {"field": "urgency", "before": "SOON", "after": "URGENT"},
            {"field": "priority", "before": 0, "after": 40},
            {"field": "treatmentValue", "before": None, "after": "1250.50"},
            {"field": "note", "before": None, "after": "Mornings only"},
            {"field": "provider", "before": None, "after": global_id("Provider", provider.id)},
            {"field": "appointmentType",
             "before": global_id("AppointmentType", practice.appointment_type.id),
             "after": global_id("AppointmentType", other_type.id)},
        ],
    }  # fmt: skip


async def test_omitted_fields_stay_and_each_change_bumps_the_version(engine, execute):
    # given an entry with a note and a priority
    practice = await make_practice(engine)
    entry = await add(execute, practice, note="Any weekday", priority=10)
    # when the priority changes, then the date range
    first = (await update(execute, practice, entry, priority=-20))["waitlistEntry"]
    second = (await update(execute, practice, first, dateTo="2030-06-30"))["waitlistEntry"]
    # then only the given field changed each time, and the version went 1 -> 2 -> 3
    assert (first["version"], first["priority"], first["note"], first["dateTo"]) == (
        2, -20, "Any weekday", None
    )  # fmt: skip
    assert (second["version"], second["priority"], second["note"], second["dateTo"]) == (
        3, -20, "Any weekday", "2030-06-30"
    )  # fmt: skip
    entries = history(await read_entry(execute, practice, entry["id"]))
    assert [(h["action"], changes(h)) for h in entries[1:]] == [
        ("UPDATED", {"priority": {"before": 10, "after": -20}}),
        ("UPDATED", {"dateTo": {"before": None, "after": "2030-06-30"}}),
    ]


async def test_a_stale_base_version_is_a_conflict_and_changes_nothing(engine, execute):
    # given an entry that was contacted since the caller read it (version 2)
    practice = await make_practice(engine)
    entry = await add(execute, practice)
    await contacted(execute, practice, entry)
    before = await state(engine)
    # when an update is based on version 1
    payload = await update(execute, practice, entry, priority=50)
    # then it is a version conflict and nothing changed
    assert payload == entry_error(
        "VERSION_CONFLICT", "The entry is at version 2, not 1", "baseVersion"
    )
    assert await state(engine) == before


@pytest.mark.parametrize(
    ("stored", "changes"),
    [
        ({}, {"dateFrom": "2030-05-10", "dateTo": "2030-05-09"}),
        ({"dateFrom": "2030-05-10"}, {"dateTo": "2030-05-09"}),
        ({"dateTo": "2030-05-09"}, {"dateFrom": "2030-05-10"}),
    ],
    ids=["both-given", "date-to-before-stored-date-from", "date-from-after-stored-date-to"],
)
async def test_a_date_range_ending_before_it_starts_changes_nothing(
    engine, execute, stored, changes
):
    # given an entry with the stored side of the range
    practice = await make_practice(engine)
    entry = await add(execute, practice, **stored)
    before = await state(engine)
    # when the update would leave dateTo before dateFrom
    payload = await update(execute, practice, entry, **changes)
    # then it is a validation error and nothing changed
    assert payload == entry_error("VALIDATION", "dateTo must not be before dateFrom", "dateTo")
    assert await state(engine) == before


DURATION = "estimatedDurationMinutes must be 5 to 480"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"priority": 101}, "priority", "priority must be between -100 and 100"),
        ({"priority": -101}, "priority", "priority must be between -100 and 100"),
        ({"estimatedDurationMinutes": 4}, "estimatedDurationMinutes", DURATION),
        ({"estimatedDurationMinutes": 481}, "estimatedDurationMinutes", DURATION),
        ({"treatmentValue": "-0.01"}, "treatmentValue", "treatmentValue must be 0 to 10000000"),
        ({"note": "x" * 2001}, "note", "note may be at most 2000 characters"),
    ],
)
async def test_out_of_range_values_change_nothing(engine, execute, changes, field, message):
    # given a waiting entry
    practice = await make_practice(engine)
    entry = await add(execute, practice)
    before = await state(engine)
    # when an update carries a value out of range
    payload = await update(execute, practice, entry, **changes)
    # then it is a validation error naming the field and nothing changed
    assert payload == entry_error("VALIDATION", message, field)
    assert await state(engine) == before


async def test_numbered_days_are_refused_by_graphql_and_change_nothing(engine, execute):
    # given a waiting entry
    practice = await make_practice(engine)
    entry = await add(execute, practice)
    before = await state(engine)
    # when an update names a day the old way, by its ISO number
    variables = update_input(entry, preferredDays=["MONDAY", 3])
    result = await execute(UPDATE, variables, viewer=practice.staff)
    # then GraphQL refuses the variable before the resolver runs, and nothing changed
    assert (result.data, [e.message for e in result.errors or []]) == (
        None,
        ["Variable '$input' has invalid value at .preferredDays[1]: Enum 'DayOfWeek' cannot "
         "represent non-string value: 3."],
    )  # fmt: skip
    assert await state(engine) == before


async def test_unknown_and_foreign_references_are_not_found(engine, execute):
    # given an entry, and another organization with its own provider and type
    practice = await make_practice(engine)
    stranger = await make_practice(engine)
    entry = await add(execute, practice)
    before = await state(engine)
    unknown_type = global_id("AppointmentType", uuid.uuid4())
    foreign_type = global_id("AppointmentType", stranger.appointment_type.id)
    for value in (unknown_type, foreign_type):
        # when the update names an unknown or foreign appointment type
        payload = await update(execute, practice, entry, appointmentTypeId=value)
        # then it is NOT_FOUND
        assert payload == entry_error(
            "NOT_FOUND", "No appointment type with this ID", "appointmentTypeId"
        )
    for value in (global_id("Provider", uuid.uuid4()), global_id("Provider", stranger.provider.id)):
        # when it names an unknown or foreign provider, then it is NOT_FOUND (the field path is
        # checked by the next test)
        payload = await update(execute, practice, entry, providerId=value)
        assert payload["waitlistEntry"] is None
        assert [(e["code"], e["message"]) for e in payload["userErrors"]] == [
            ("NOT_FOUND", "No provider with this ID")
        ]
    # and nothing changed
    assert await state(engine) == before


async def test_an_unknown_provider_error_names_the_input_field(engine, execute):
    practice = await make_practice(engine)
    entry = await add(execute, practice)
    payload = await update(execute, practice, entry, providerId=global_id("Provider", uuid.uuid4()))
    assert payload == entry_error("NOT_FOUND", "No provider with this ID", "providerId")


async def test_a_removed_or_scheduled_entry_cannot_be_changed(engine, execute):
    # given one removed entry (version 2) and one scheduled from an accepted offer (version 4)
    practice = await make_practice(engine)
    stranger = await make_practice(engine)
    removal = {"input": {"waitlistEntryId": (await add(execute, practice))["id"]}}
    removed = data(await execute(REMOVE, removal, viewer=practice.staff), "removeFromWaitlist")
    scheduled = await offered(
        execute, stranger, await contacted(execute, stranger, await add(execute, stranger))
    )
    accepted = data(
        await execute(RESPOND, respond_input(scheduled, "ACCEPTED"), viewer=stranger.staff),
        "recordWaitlistResponse",
    )["waitlistEntry"]
    removed = removed["waitlistEntry"]
    assert (removed["status"], accepted["status"]) == ("REMOVED", "SCHEDULED")
    before = await state(engine)
    # when either is updated at its current version
    for who, entry, status in ((practice, removed, "REMOVED"), (stranger, accepted, "SCHEDULED")):
        payload = await update(execute, who, entry, priority=5)
        # then it is an invalid transition
        assert payload == entry_error(
            "INVALID_TRANSITION", f"A {status} entry cannot be changed", None
        )
    # and nothing changed
    assert await state(engine) == before


async def test_patients_may_not_update_entries(engine, execute):
    # given a waiting entry of the practice's patient
    practice = await make_practice(engine)
    entry = await add(execute, practice)
    before = await state(engine)
    # when the patient tries to change it
    result = await execute(
        UPDATE, update_input(entry, priority=100), viewer=practice.patient_viewer()
    )
    # then it is forbidden and nothing changed
    assert data(result, "updateWaitlistEntry") == entry_error(
        "FORBIDDEN", "Only staff and integrations may use the waitlist", None
    )
    assert await state(engine) == before


async def test_a_type_the_patient_already_waits_for_is_a_duplicate(engine, execute):
    # given two active entries of one patient at one location, for two appointment types
    practice = await make_practice(engine)
    other_type = await make_appointment_type(engine, practice.org)
    first = await add(execute, practice)
    second = await add(
        execute, practice, appointmentTypeId=global_id("AppointmentType", other_type.id)
    )
    before = await state(engine)
    # when the second is changed to the first one's type
    type_id = global_id("AppointmentType", practice.appointment_type.id)
    payload = await update(execute, practice, second, appointmentTypeId=type_id, priority=9)
    # then the partial unique index makes it DUPLICATE and nothing changed
    assert payload == entry_error(
        "DUPLICATE",
        "The patient already has an active waitlist entry for this location and type",
        "appointmentTypeId",
    )
    assert await state(engine) == before
    # and once the first is removed (no longer active) the same change is made
    await execute(REMOVE, {"input": {"waitlistEntryId": first["id"]}}, viewer=practice.staff)
    payload = await update(execute, practice, second, appointmentTypeId=type_id, priority=9)
    assert payload["userErrors"] == []
    changed = payload["waitlistEntry"]
    assert (changed["appointmentType"], changed["priority"], changed["version"]) == (
        {"id": type_id}, 9, 2
    )  # fmt: skip


async def test_a_value_equal_to_the_stored_one_is_not_a_change(engine, execute):
    # given an entry with priority 5 and urgency SOON
    practice = await make_practice(engine)
    entry = await add(execute, practice, priority=5)
    # when the update repeats the priority and changes the urgency
    payload = await update(execute, practice, entry, priority=5, urgency="URGENT")
    # then the history holds only the urgency
    last = history(await read_entry(execute, practice, entry["id"]))[-1]
    assert changes(last) == {"urgency": {"before": "SOON", "after": "URGENT"}}
    # and an update repeating every stored value changes nothing
    before = await state(engine)
    again = await update(execute, practice, payload["waitlistEntry"], priority=5, urgency="URGENT")
    assert again["waitlistEntry"]["version"] == 2
    assert await state(engine) == before


async def test_the_preferred_time_window_can_be_changed(engine, execute):
    practice = await make_practice(engine)
    entry = await add(execute, practice, preferredStartTime="08:00:00", preferredEndTime="12:00:00")
    payload = await update(
        execute, practice, entry, preferredStartTime="13:00:00", preferredEndTime="17:00:00"
    )
    assert (payload["waitlistEntry"]["preferredStartTime"], payload["waitlistEntry"]["preferredEndTime"]) == (
        "13:00:00", "17:00:00"
    )  # fmt: skip


async def test_a_window_ending_before_the_stored_start_changes_nothing(engine, execute):
    # given an entry preferring 13:00 to 17:00
    practice = await make_practice(engine)
    entry = await add(execute, practice, preferredStartTime="13:00:00", preferredEndTime="17:00:00")
    before = await state(engine)
    # when only the end moves before the stored start
    payload = await update(execute, practice, entry, preferredEndTime="12:00:00")
    # then it is refused on that field and nothing changed
    assert payload == entry_error(
        "VALIDATION", "preferredEndTime must be after preferredStartTime", "preferredEndTime"
    )
    assert await state(engine) == before
