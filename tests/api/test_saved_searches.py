"""createSavedSearch/updateSavedSearch/deleteSavedSearch and mySavedSearches: an appointments
filter validated on save and given back in the shape `appointments(filter:)` takes, owned by
the token's subject, unique names per owner (also under concurrency), refusals that change
nothing."""

from __future__ import annotations

import asyncio

from tests.support.factories import global_id, make_practice
from tests.support.settings_documents import (
    CREATE_SEARCH,
    DELETE_SEARCH,
    MY_SEARCHES,
    UPDATE_SEARCH,
    colleague,
    only_error,
    settings_state,
)


def search_input(practice, **extra) -> dict:
    return {
        "name": "Unconfirmed this week",
        "filter": {
            "locationIds": [global_id("Location", practice.location.id)],
            "providerIds": [global_id("Provider", practice.provider.id)],
            "statuses": ["SCHEDULED"],
            "from": "2026-12-07",
            "to": "2026-12-11",
        },
        **extra,
    }


async def create(execute, practice, viewer=None, **extra) -> dict:
    result = await execute(
        CREATE_SEARCH, {"input": search_input(practice, **extra)}, viewer=viewer or practice.staff
    )
    assert result.errors is None
    return result.data["createSavedSearch"]


async def test_a_saved_filter_runs_as_the_appointments_filter(engine, execute):
    practice = await make_practice(engine)
    payload = await create(execute, practice)
    search = payload["savedSearch"]
    assert payload["userErrors"] == []
    assert search["appointmentFilter"] == {
        "locationIds": [global_id("Location", practice.location.id)],
        "providerIds": [global_id("Provider", practice.provider.id)],
        "patientIds": [],
        "operatoryIds": [],
        "statuses": ["SCHEDULED"],
        "from": "2026-12-07",
        "to": "2026-12-11",
    }
    # what it gives back is what appointments(filter:) takes
    ran = await execute(
        "query ($filter: AppointmentFilter) { appointments(filter: $filter, first: 5) "
        "{ edges { node { id } } } }",
        {"filter": search["appointmentFilter"]},
        viewer=practice.staff,
    )
    assert ran.errors is None
    changed = await execute(
        UPDATE_SEARCH,
        {
            "input": {
                "savedSearchId": search["id"],
                "baseVersion": 1,
                "name": "Next week",
                "filter": {"from": "2026-12-14T08:00:00-06:00"},
            }
        },
        viewer=practice.staff,
    )
    saved = changed.data["updateSavedSearch"]["savedSearch"]
    assert (saved["name"], saved["version"]) == ("Next week", 2)
    assert saved["appointmentFilter"]["from"] == "2026-12-14T08:00:00-06:00"
    assert saved["appointmentFilter"]["locationIds"] == []
    listed = await execute(MY_SEARCHES, viewer=practice.staff)
    assert listed.data["mySavedSearches"]["totalCount"] == 1
    gone = await execute(
        DELETE_SEARCH,
        {"input": {"savedSearchId": search["id"], "baseVersion": 2}},
        viewer=practice.staff,
    )
    assert gone.data["deleteSavedSearch"] == {"deletedId": search["id"], "userErrors": []}
    empty = await execute(MY_SEARCHES, viewer=practice.staff)
    assert empty.data["mySavedSearches"]["totalCount"] == 0


async def test_saved_search_refusals_change_nothing(engine, execute):
    practice = await make_practice(engine)
    foreign = await make_practice(engine)
    await create(execute, practice)
    before = await settings_state(engine)
    reversed_range = search_input(practice)["filter"] | {"from": "2026-12-11", "to": "2026-12-07"}
    cases = [
        ({}, ["input", "name"], "DUPLICATE"),
        ({"name": ""}, ["input", "name"], "VALIDATION"),
        ({"name": "Late", "filter": reversed_range}, ["input", "filter", "to"], "VALIDATION"),
        (
            {
                "name": "Theirs",
                "filter": {"patientIds": [global_id("Patient", foreign.patient.id)]},
            },
            ["input", "filter", "patientIds"],
            "NOT_FOUND",
        ),
        (
            {
                "name": "Wrong",
                "filter": {"operatoryIds": [global_id("Provider", practice.provider.id)]},
            },
            ["input", "filter", "operatoryIds"],
            "VALIDATION",
        ),
    ]
    for extra, field, code in cases:
        payload = await create(execute, practice, **extra)
        assert payload["savedSearch"] is None
        assert only_error(payload) == (field, code), extra
    patient = await create(execute, practice, viewer=practice.patient_viewer(), name="Mine")
    assert only_error(patient) == (None, "FORBIDDEN")
    assert await settings_state(engine) == before


async def test_saved_searches_are_their_owners_alone(engine, execute):
    practice = await make_practice(engine)
    mine = (await create(execute, practice))["savedSearch"]
    other = colleague(practice.staff)
    assert (await execute(MY_SEARCHES, viewer=other)).data["mySavedSearches"]["totalCount"] == 0
    node = await execute(
        "query ($id: ID!) { node(id: $id) { id } }", {"id": mine["id"]}, viewer=other
    )
    assert node.data["node"] is None
    before = await settings_state(engine)
    renamed = await execute(
        UPDATE_SEARCH,
        {"input": {"savedSearchId": mine["id"], "baseVersion": 1, "name": "Taken over"}},
        viewer=other,
    )
    assert renamed.data["updateSavedSearch"] == {
        "savedSearch": None,
        "userErrors": [
            {
                "field": ["input", "savedSearchId"],
                "code": "NOT_FOUND",
                "message": "No saved search with this ID",
            }
        ],
    }
    removed = await execute(
        DELETE_SEARCH, {"input": {"savedSearchId": mine["id"], "baseVersion": 1}}, viewer=other
    )
    assert only_error(removed.data["deleteSavedSearch"]) == (
        ["input", "savedSearchId"],
        "NOT_FOUND",
    )
    stale = await execute(
        UPDATE_SEARCH,
        {"input": {"savedSearchId": mine["id"], "baseVersion": 5, "name": "x"}},
        viewer=practice.staff,
    )
    assert only_error(stale.data["updateSavedSearch"])[1] == "VERSION_CONFLICT"
    assert await settings_state(engine) == before
    assert (await create(execute, practice, viewer=other))["userErrors"] == []


async def test_concurrent_searches_of_one_name_make_one(engine, execute):
    practice = await make_practice(engine)
    payloads = await asyncio.gather(*(create(execute, practice) for _ in range(4)))
    assert sum(p["savedSearch"] is not None for p in payloads) == 1
    assert [only_error(p) for p in payloads if p["savedSearch"] is None] == [
        (["input", "name"], "DUPLICATE")
    ] * 3
    # renames into a taken name are refused as well
    other = (await create(execute, practice, name="Second"))["savedSearch"]
    clash = await execute(
        UPDATE_SEARCH,
        {
            "input": {
                "savedSearchId": other["id"],
                "baseVersion": 1,
                "name": "Unconfirmed this week",
            }
        },
        viewer=practice.staff,
    )
    assert only_error(clash.data["updateSavedSearch"]) == (["input", "name"], "DUPLICATE")
