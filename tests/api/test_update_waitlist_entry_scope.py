"""updateWaitlistEntry: null clears a field, the location scope changes, bad scopes change nothing."""

from __future__ import annotations

from typing import Any

from tests.support.connections import actions, history
from tests.support.factories import (
    global_id,
    make_location,
    make_organization,
    make_practice,
    make_provider,
)
from tests.support.waitlist_documents import (
    add,
    data,
    entry_error,
    read_entry,
    state,
    update,
    update_input,
)

SCOPE = """mutation ($input: UpdateWaitlistEntryInput!) { updateWaitlistEntry(input: $input) {
  waitlistEntry { version locationScope additionalLocations { id } }
  userErrors { field code message } } }"""
SCOPE_HISTORY = """query ($id: ID!) { node(id: $id) { ... on WaitlistEntry {
  history { edges { node { action changes { field before after } } } } } } }"""
QUICK_FILL = """query ($opening: QuickFillInput!) { quickFill(opening: $opening) {
  entry { id } locationMatch } }"""


async def scope_update(execute: Any, practice: Any, entry: dict[str, Any], **changes: Any) -> Any:
    """The updateWaitlistEntry payload with the entry's scope fields."""
    result = await execute(SCOPE, update_input(entry, **changes), viewer=practice.staff)
    return data(result, "updateWaitlistEntry")


async def test_null_clears_every_field_that_may_be_empty(engine, execute):
    # given an entry with every optional preference set
    practice = await make_practice(engine)
    provider = await make_provider(engine, practice.org, last_name="Ng")
    entry = await add(
        execute, practice,
        providerId=global_id("Provider", provider.id), estimatedDurationMinutes=45,
        dateFrom="2030-01-01", dateTo="2030-03-31", preferredDays=["MONDAY", "WEDNESDAY"],
        preferredStartTime="08:00", preferredEndTime="12:00", treatmentValue="300.00",
        note="Call after 5",
    )  # fmt: skip
    # when staff send null for each of them
    cleared = dict.fromkeys(
        ("providerId", "appointmentTypeId", "estimatedDurationMinutes", "dateFrom", "dateTo",
         "preferredDays", "preferredStartTime", "preferredEndTime", "treatmentValue", "note")
    )  # fmt: skip
    payload = await update(execute, practice, entry, **cleared)
    # then they read back empty, at the next version; priority and urgency stayed
    assert payload == {
        "waitlistEntry": {
            "id": entry["id"], "status": "WAITING", "version": 2, "priority": 0,
            "urgency": "SOON", "dateFrom": None, "dateTo": None, "preferredDays": [],
            "preferredStartTime": None, "preferredEndTime": None,
            "estimatedDurationMinutes": None, "treatmentValue": None, "note": None,
            "provider": None, "appointmentType": None,
        },
        "userErrors": [],
    }  # fmt: skip
    # and the history holds every cleared value before and after
    assert history(await read_entry(execute, practice, entry["id"]))[1]["changes"] == [
        {"field": "estimatedDurationMinutes", "before": 45, "after": None},
        {"field": "dateFrom", "before": "2030-01-01", "after": None},
        {"field": "dateTo", "before": "2030-03-31", "after": None},
        {"field": "preferredDays", "before": ["MONDAY", "WEDNESDAY"], "after": []},
        {"field": "preferredStartTime", "before": "08:00:00", "after": None},
        {"field": "preferredEndTime", "before": "12:00:00", "after": None},
        {"field": "treatmentValue", "before": "300.00", "after": None},
        {"field": "note", "before": "Call after 5", "after": None},
        {"field": "provider", "before": global_id("Provider", provider.id), "after": None},
        {"field": "appointmentType",
         "before": global_id("AppointmentType", practice.appointment_type.id), "after": None},
    ]  # fmt: skip


async def test_clearing_what_is_already_empty_is_no_change(engine, execute):
    # given an entry without a note or provider
    practice = await make_practice(engine)
    entry = await add(execute, practice)
    # when staff clear both
    payload = await update(execute, practice, entry, note=None, providerId=None)
    # then nothing changed: same version, one history row
    assert payload["userErrors"] == []
    assert payload["waitlistEntry"]["version"] == 1
    assert actions(await read_entry(execute, practice, entry["id"])) == ["ADDED"]


async def test_null_for_a_field_that_cannot_be_empty_is_a_typed_error(engine, execute):
    # given an entry
    practice = await make_practice(engine)
    entry = await add(execute, practice)
    before = await state(engine)
    for field in ("urgency", "priority", "locationScope"):
        # when a client sends null for a field the entry must keep
        payload = await update(execute, practice, entry, **{field: None})
        # then it is VALIDATION naming the field
        assert payload == entry_error("VALIDATION", f"{field} cannot be null", field)
    # and nothing changed
    assert await state(engine) == before


async def test_the_scope_widens_to_selected_locations_and_quick_fill_sees_it(engine, execute):
    # given a home-only entry and an opening at another location of the practice
    practice = await make_practice(engine)
    uptown = await make_location(engine, practice.org, name="Uptown")
    entry = await add(execute, practice, appointmentTypeId=None)
    opening = {
        "locationId": global_id("Location", uptown.id), "date": "2030-01-08",
        "startTime": "09:00", "endTime": "10:00", "crossLocation": True,
    }  # fmt: skip
    before = await execute(QUICK_FILL, {"opening": opening}, viewer=practice.staff)
    assert data(before, "quickFill") == []
    # when staff let it take slots at Uptown too (the same location twice counts once)
    uptown_id = global_id("Location", uptown.id)
    payload = await scope_update(
        execute,
        practice,
        entry,
        locationScope="SELECTED",
        additionalLocationIds=[uptown_id, uptown_id],
    )
    # then it reads back SELECTED with Uptown, and quick-fill ranks it for Uptown's opening
    assert payload == {
        "waitlistEntry": {
            "version": 2,
            "locationScope": "SELECTED",
            "additionalLocations": [{"id": uptown_id}],
        },
        "userErrors": [],
    }
    after = await execute(QUICK_FILL, {"opening": opening}, viewer=practice.staff)
    assert data(after, "quickFill") == [
        {"entry": {"id": entry["id"]}, "locationMatch": "ADDITIONAL"}
    ]


async def test_leaving_selected_drops_its_locations_in_the_history(engine, execute):
    # given an entry that accepts Uptown
    practice = await make_practice(engine)
    uptown = await make_location(engine, practice.org, name="Uptown")
    entry = await add(
        execute, practice,
        locationScope="SELECTED", additionalLocationIds=[global_id("Location", uptown.id)],
    )  # fmt: skip
    # when staff make it ANY
    payload = await scope_update(execute, practice, entry, locationScope="ANY")
    # then the additional locations are gone, and the history says so
    assert payload == {
        "waitlistEntry": {"version": 2, "locationScope": "ANY", "additionalLocations": []},
        "userErrors": [],
    }
    result = await execute(SCOPE_HISTORY, {"id": entry["id"]}, viewer=practice.staff)
    assert history(data(result, "node"))[1] == {
        "action": "UPDATED",
        "changes": [
            {"field": "locationScope", "before": "SELECTED", "after": "ANY"},
            {"field": "additionalLocations", "before": [global_id("Location", uptown.id)],
             "after": []},
        ],
    }  # fmt: skip


async def test_scopes_and_locations_that_do_not_fit_change_nothing(engine, execute):
    # given a home-only entry and a SELECTED one
    practice = await make_practice(engine)
    uptown = await make_location(engine, practice.org, name="Uptown")
    uptown_id = global_id("Location", uptown.id)
    home = await add(execute, practice)
    selected = await add(
        execute, practice, appointmentTypeId=None,
        locationScope="SELECTED", additionalLocationIds=[uptown_id],
    )  # fmt: skip
    before = await state(engine)
    cases: list[tuple[dict[str, Any], dict[str, Any], str]] = [
        (home, {"locationScope": "SELECTED"}, "A SELECTED scope needs additionalLocationIds"),
        (home, {"additionalLocationIds": [uptown_id]}, "additionalLocationIds only apply to a SELECTED scope"),
        (selected, {"additionalLocationIds": None}, "A SELECTED scope needs additionalLocationIds"),
        (selected, {"additionalLocationIds": []}, "A SELECTED scope needs additionalLocationIds"),
        (selected, {"locationScope": "ANY", "additionalLocationIds": [uptown_id]}, "additionalLocationIds only apply to a SELECTED scope"),
    ]  # fmt: skip
    for entry, changes, message in cases:
        # when staff send a scope and locations that do not fit together
        payload = await scope_update(execute, practice, entry, **changes)
        # then it is VALIDATION on the locations
        assert payload == entry_error("VALIDATION", message, "additionalLocationIds"), changes
    # and nothing changed
    assert await state(engine) == before


async def test_another_organizations_location_is_not_found(engine, execute):
    # given an entry and a location of another organization
    practice = await make_practice(engine)
    other = await make_organization(engine, name="Other")
    elsewhere = await make_location(engine, other, name="Elsewhere")
    entry = await add(execute, practice)
    before = await state(engine)
    # when staff try to add it to the entry's scope
    payload = await scope_update(
        execute, practice, entry,
        locationScope="SELECTED", additionalLocationIds=[global_id("Location", elsewhere.id)],
    )  # fmt: skip
    # then it is not found and nothing changed
    assert payload == entry_error("NOT_FOUND", "No location with this ID", "additionalLocationIds")
    assert await state(engine) == before


async def test_clearing_the_type_into_an_existing_any_type_entry_is_a_duplicate(engine, execute):
    # given the patient waits for any type and, separately, for the practice's type
    practice = await make_practice(engine)
    await add(execute, practice, appointmentTypeId=None)
    typed = await add(execute, practice)
    before = await state(engine)
    # when staff clear the second entry's type
    payload = await update(execute, practice, typed, appointmentTypeId=None)
    # then the two would be the same active entry: DUPLICATE, nothing changed
    assert payload == entry_error(
        "DUPLICATE",
        "The patient already has an active waitlist entry for this location and type",
        "appointmentTypeId",
    )
    assert await state(engine) == before
