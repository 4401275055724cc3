"""createOperatory/updateOperatory, createProvider/updateProvider and updateLocation: exact
data, refusals that change nothing, tenancy, versions, idempotency, unique operatory names
under concurrency, and the zone rule for locations with upcoming appointments."""

from __future__ import annotations

import asyncio

from strawberry.relay import GlobalID

from tests.support.factories import global_id, make_location, make_practice
from tests.support.setup_documents import (
    CREATE_OPERATORY,
    CREATE_PROVIDER,
    UPDATE_OPERATORY,
    UPDATE_PROVIDER,
    audit_trail,
    setup_state,
)
from tests.support.tokens import bearer


def operatory_input(practice, **extra) -> dict:
    return {
        "locationId": global_id("Location", practice.location.id),
        "name": "Op 9",
        "abbreviation": "OP9",
        **extra,
    }


async def test_staff_create_reorder_and_archive_an_operatory(engine, execute):
    practice = await make_practice(engine)
    created = await execute(
        CREATE_OPERATORY, {"input": operatory_input(practice, sortOrder=4)}, viewer=practice.staff
    )
    body = created.data["createOperatory"]
    assert body["userErrors"] == []
    ident = body["operatory"].pop("id")
    assert body["operatory"] == {
        "name": "Op 9",
        "abbreviation": "OP9",
        "sortOrder": 4,
        "active": True,
        "version": 1,
        "location": {"id": global_id("Location", practice.location.id)},
    }
    archived = await execute(
        UPDATE_OPERATORY,
        {"input": {"operatoryId": ident, "baseVersion": 1, "sortOrder": 1, "active": False}},
        viewer=practice.staff,
    )
    changed = archived.data["updateOperatory"]["operatory"]
    assert (changed["sortOrder"], changed["active"], changed["version"]) == (1, False, 2)
    trail = await audit_trail(engine, GlobalID.from_id(ident).node_id)
    assert [(action, changes) for action, _, changes in trail] == [
        (
            "CREATED",
            {
                "location_id": str(practice.location.id),
                "name": "Op 9",
                "abbreviation": "OP9",
                "sort_order": 4,
                "active": True,
            },
        ),
        ("UPDATED", {"sort_order": 1, "active": False}),
    ]
    # an archived operatory takes no new bookings and leaves the location's columns
    columns = await execute(
        "query ($id: ID!) { node(id: $id) { ... on Location { operatories { name } } } }",
        {"id": global_id("Location", practice.location.id)},
        viewer=practice.staff,
    )
    assert columns.data["node"]["operatories"] == [{"name": practice.operatory.name}]


async def test_operatory_refusals_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    before = await setup_state(engine)
    cases = [
        (
            operatory_input(practice, abbreviation="TOO-LONG-ABBR"),
            ["input", "abbreviation"],
            "VALIDATION",
            "abbreviation must be 1 to 10 characters",
        ),
        (
            operatory_input(practice, name=practice.operatory.name),
            ["input", "name"],
            "DUPLICATE",
            f"An operatory named {practice.operatory.name!r} exists at this location",
        ),
        (
            operatory_input(practice, locationId=global_id("Location", other.location.id)),
            ["input", "locationId"],
            "NOT_FOUND",
            "No location with this ID",
        ),
    ]
    for variables, field, code, message in cases:
        result = await execute(CREATE_OPERATORY, {"input": variables}, viewer=practice.staff)
        assert result.data["createOperatory"] == {
            "operatory": None,
            "userErrors": [{"field": field, "code": code, "message": message}],
        }
    patient = await execute(
        CREATE_OPERATORY, {"input": operatory_input(practice)}, viewer=practice.patient_viewer()
    )
    assert patient.data["createOperatory"]["userErrors"] == [
        {"field": None, "code": "FORBIDDEN", "message": "Only staff may change the practice setup"}
    ]
    assert await setup_state(engine) == before


async def test_operatory_update_refusals_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    before = await setup_state(engine)
    foreign = await execute(
        UPDATE_OPERATORY,
        {
            "input": {
                "operatoryId": global_id("Operatory", other.operatory.id),
                "baseVersion": 1,
                "active": False,
            }
        },
        viewer=practice.staff,
    )
    assert foreign.data["updateOperatory"]["userErrors"][0]["code"] == "NOT_FOUND"
    stale = await execute(
        UPDATE_OPERATORY,
        {
            "input": {
                "operatoryId": global_id("Operatory", practice.operatory.id),
                "baseVersion": 7,
                "name": "Renamed",
            }
        },
        viewer=practice.staff,
    )
    assert stale.data["updateOperatory"]["userErrors"][0]["code"] == "VERSION_CONFLICT"
    assert await setup_state(engine) == before


async def test_concurrent_operatories_of_one_name_make_one(engine, execute):
    practice = await make_practice(engine)
    results = await asyncio.gather(
        *(
            execute(CREATE_OPERATORY, {"input": operatory_input(practice)}, viewer=practice.staff)
            for _ in range(4)
        )
    )
    payloads = [r.data["createOperatory"] for r in results]
    assert sum(p["operatory"] is not None for p in payloads) == 1
    assert [p["userErrors"][0]["code"] for p in payloads if p["operatory"] is None] == [
        "DUPLICATE"
    ] * 3
    # the same name at another location is fine
    elsewhere = await make_location(engine, practice.org)
    other_site = await execute(
        CREATE_OPERATORY,
        {"input": operatory_input(practice, locationId=global_id("Location", elsewhere.id))},
        viewer=practice.staff,
    )
    assert other_site.data["createOperatory"]["userErrors"] == []


async def test_staff_create_and_change_a_provider_over_http(engine, http):
    practice = await make_practice(engine)
    headers = bearer(practice.staff)
    location = global_id("Location", practice.location.id)
    variables = {
        "input": {
            "firstName": "Ana",
            "lastName": "Ruiz",
            "abbreviation": "AR",
            "color": "#AA3300",
            "kind": "HYGIENIST",
            "locationIds": [location],
            "idempotencyKey": "provider-1",
        }
    }
    first = await http.post(
        "/graphql", json={"query": CREATE_PROVIDER, "variables": variables}, headers=headers
    )
    body = first.json()["data"]["createProvider"]
    ident = body["provider"].pop("id")
    assert body == {
        "provider": {
            "firstName": "Ana",
            "lastName": "Ruiz",
            "abbreviation": "AR",
            "color": "#aa3300",
            "kind": "HYGIENIST",
            "active": True,
            "version": 1,
            "locations": [{"id": location}],
        },
        "userErrors": [],
    }
    after_first = await setup_state(engine)
    retry = await http.post(
        "/graphql", json={"query": CREATE_PROVIDER, "variables": variables}, headers=headers
    )
    assert retry.json()["data"]["createProvider"]["provider"]["id"] == ident
    assert await setup_state(engine) == after_first
    changed = await http.post(
        "/graphql",
        json={
            "query": UPDATE_PROVIDER,
            "variables": {
                "input": {
                    "providerId": ident,
                    "baseVersion": 1,
                    "kind": "DENTIST",
                    "locationIds": [],
                }
            },
        },
        headers=headers,
    )
    provider = changed.json()["data"]["updateProvider"]["provider"]
    assert (provider["kind"], provider["locations"], provider["version"]) == ("DENTIST", [], 2)


async def test_provider_refusals_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    before = await setup_state(engine)
    bad_color = await execute(
        CREATE_PROVIDER,
        {
            "input": {
                "firstName": "Ana",
                "lastName": "Ruiz",
                "abbreviation": "AR",
                "color": "red",
                "kind": "DENTIST",
            }
        },
        viewer=practice.staff,
    )
    assert bad_color.data["createProvider"]["userErrors"] == [
        {"field": ["input", "color"], "code": "VALIDATION", "message": "color must be #rrggbb"}
    ]
    foreign_site = await execute(
        UPDATE_PROVIDER,
        {
            "input": {
                "providerId": global_id("Provider", practice.provider.id),
                "baseVersion": 1,
                "locationIds": [global_id("Location", other.location.id)],
            }
        },
        viewer=practice.staff,
    )
    assert foreign_site.data["updateProvider"]["userErrors"] == [
        {
            "field": ["input", "locationIds"],
            "code": "NOT_FOUND",
            "message": "No location with this ID",
        }
    ]
    foreign = await execute(
        UPDATE_PROVIDER,
        {
            "input": {
                "providerId": global_id("Provider", other.provider.id),
                "baseVersion": 1,
                "active": False,
            }
        },
        viewer=practice.staff,
    )
    assert foreign.data["updateProvider"]["userErrors"][0]["code"] == "NOT_FOUND"
    assert await setup_state(engine) == before
