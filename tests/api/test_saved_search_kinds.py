"""Saved searches of two kinds: appointment filters and free-time slot searches (typed as
availableSlots' arguments, runnable as they are); one default per owner and kind, replaced by
a new one and guarded by a partial unique index; mySavedSearches(kind:); refusals with the full
input path that change nothing; another organization's search NOT_FOUND."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from db.queries.user_settings import saved_searches
from tests.support.factories import global_id, make_practice
from tests.support.settings_documents import ERRORS, only_error, settings_state
from tests.support.tokens import bearer

SLOT_FIELDS = "locationId appointmentTypeId providerIds forPatientId from to first"
SEARCH = f"id name kind isDefault appointmentFilter {{ statuses }} slotSearch {{ {SLOT_FIELDS} }}"
CREATE = f"""
mutation ($input: CreateSavedSearchInput!) {{
  createSavedSearch(input: $input) {{ savedSearch {{ {SEARCH} }} {ERRORS} }}
}}
"""
UPDATE = f"""
mutation ($input: UpdateSavedSearchInput!) {{
  updateSavedSearch(input: $input) {{ savedSearch {{ {SEARCH} }} {ERRORS} }}
}}
"""
LIST = """
query ($kind: SavedSearchKind) {
  mySavedSearches(first: 10, kind: $kind) { totalCount edges { node { name isDefault } } }
}
"""
SLOTS = """
query ($l: ID!, $t: ID!, $from: Date!, $to: Date!, $p: [ID!], $first: Int!) {
  availableSlots(locationId: $l, appointmentTypeId: $t, from: $from, to: $to, providerIds: $p,
                 first: $first) { localStartTime }
}
"""


def slot_search(practice, **extra) -> dict[str, Any]:
    return {
        "locationId": global_id("Location", practice.location.id),
        "appointmentTypeId": global_id("AppointmentType", practice.appointment_type.id),
        "providerIds": [global_id("Provider", practice.provider.id)],
        "from": "2026-12-07",
        "to": "2026-12-11",
        "first": 20,
        **extra,
    }


async def create(execute, practice, name, **criteria) -> dict[str, Any]:
    result = await execute(CREATE, {"input": {"name": name, **criteria}}, viewer=practice.staff)
    assert result.errors is None, result.errors
    return result.data["createSavedSearch"]


async def test_a_free_time_search_keeps_slot_search_arguments_over_http(engine, http, execute):
    practice = await make_practice(engine)
    variables = {"input": {"name": "Cleanings", "slotSearch": slot_search(practice)}}
    response = await http.post(
        "/graphql",
        json={"query": CREATE, "variables": variables},
        headers=bearer(practice.staff),
    )
    body = response.json()["data"]["createSavedSearch"]
    body["savedSearch"].pop("id")
    assert body == {
        "savedSearch": {
            "name": "Cleanings",
            "kind": "FREE_TIME",
            "isDefault": False,
            "appointmentFilter": None,
            "slotSearch": {**slot_search(practice), "forPatientId": None},
        },
        "userErrors": [],
    }
    saved = body["savedSearch"]["slotSearch"]
    ran = await execute(
        SLOTS,
        {
            "l": saved["locationId"],
            "t": saved["appointmentTypeId"],
            "p": saved["providerIds"],
            "from": saved["from"],
            "to": saved["to"],
            "first": saved["first"],
        },
        viewer=practice.staff,
    )
    assert ran.errors is None
    assert ran.data["availableSlots"] == []  # no provider schedule in this practice


async def test_one_default_per_kind(engine, execute):
    practice = await make_practice(engine)
    filter_ = {"statuses": ["SCHEDULED"]}
    first = await create(execute, practice, "A", filter=filter_, isDefault=True)
    await create(execute, practice, "B", slotSearch=slot_search(practice), isDefault=True)
    await create(execute, practice, "C", filter=filter_, isDefault=True)
    listed = await execute(LIST, {}, viewer=practice.staff)
    assert listed.data["mySavedSearches"]["edges"] == [
        {"node": {"name": "A", "isDefault": False}},
        {"node": {"name": "B", "isDefault": True}},
        {"node": {"name": "C", "isDefault": True}},
    ]
    again = await execute(
        UPDATE,
        {
            "input": {
                "savedSearchId": first["savedSearch"]["id"],
                "baseVersion": 1,
                "isDefault": True,
            }
        },
        viewer=practice.staff,
    )
    assert again.data["updateSavedSearch"]["savedSearch"]["isDefault"] is True
    appointments = await execute(LIST, {"kind": "APPOINTMENTS"}, viewer=practice.staff)
    assert appointments.data["mySavedSearches"] == {
        "totalCount": 2,
        "edges": [
            {"node": {"name": "A", "isDefault": True}},
            {"node": {"name": "C", "isDefault": False}},
        ],
    }
    free = await execute(LIST, {"kind": "FREE_TIME"}, viewer=practice.staff)
    assert free.data["mySavedSearches"]["totalCount"] == 1


async def test_the_database_refuses_a_second_default_of_a_kind(engine, execute):
    practice = await make_practice(engine)
    await create(execute, practice, "A", slotSearch=slot_search(practice), isDefault=True)
    row = {
        "organization_id": practice.org.id,
        "owner": practice.staff.subject,
        "name": "B",
        "kind": "FREE_TIME",
        "is_default": True,
        "filter": {},
    }
    with pytest.raises(IntegrityError, match="uq_saved_searches_owner_kind_default"):
        async with engine.begin() as connection:
            await connection.execute(insert(saved_searches).values(**row))


async def test_criteria_refusals_name_the_input_and_change_nothing(engine, execute):
    practice = await make_practice(engine)
    foreign = await make_practice(engine)
    kept = await create(execute, practice, "Kept", filter={"statuses": ["SCHEDULED"]})
    theirs = await create(execute, foreign, "Theirs", slotSearch=slot_search(foreign))
    before = await settings_state(engine)
    slots = slot_search(practice)
    cases: list[tuple[dict[str, Any], list[str], str]] = [
        ({"filter": {}, "slotSearch": slots}, ["input", "slotSearch"], "VALIDATION"),
        ({}, ["input", "filter"], "VALIDATION"),
        (
            {"slotSearch": {**slots, "from": "2026-12-11", "to": "2026-12-07"}},
            ["input", "slotSearch", "to"],
            "VALIDATION",
        ),
        ({"slotSearch": {**slots, "first": 0}}, ["input", "slotSearch", "first"], "VALIDATION"),
        (
            {"slotSearch": {**slots, "locationId": global_id("Location", foreign.location.id)}},
            ["input", "slotSearch", "locationId"],
            "NOT_FOUND",
        ),
        (
            {
                "slotSearch": {
                    **slots,
                    "appointmentTypeId": global_id("Location", practice.location.id),
                }
            },
            ["input", "slotSearch", "appointmentTypeId"],
            "VALIDATION",
        ),
    ]
    for criteria, field, code in cases:
        payload = await create(execute, practice, "New", **criteria)
        assert payload["savedSearch"] is None
        assert only_error(payload) == (field, code), criteria
    updates = [
        (
            {"savedSearchId": kept["savedSearch"]["id"], "slotSearch": slots},
            ["input", "slotSearch"],
            "VALIDATION",
        ),
        (
            {"savedSearchId": theirs["savedSearch"]["id"], "name": "Mine"},
            ["input", "savedSearchId"],
            "NOT_FOUND",
        ),
    ]
    for change, field, code in updates:
        result = await execute(
            UPDATE, {"input": {"baseVersion": 1, **change}}, viewer=practice.staff
        )
        assert only_error(result.data["updateSavedSearch"]) == (field, code), change
    assert await settings_state(engine) == before
