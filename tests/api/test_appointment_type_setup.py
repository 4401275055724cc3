"""createAppointmentType and updateAppointmentType: exact data, refusals that change nothing,
tenancy, versions, idempotency, unique names under concurrency, and the audit trail."""

from __future__ import annotations

import asyncio
from typing import Any

from strawberry.relay import GlobalID

from tests.support.factories import global_id, make_location, make_practice, make_provider
from tests.support.setup_documents import CREATE_TYPE, UPDATE_TYPE, audit_trail, setup_state


def new_type(**extra) -> dict:
    values = {
        "name": "Invisalign consult",
        "abbreviation": "INV",
        "color": "#3366CC",
        "durationMinutes": 45,
    }
    values.update(extra)
    return values


async def create(execute, practice, **extra):
    result = await execute(CREATE_TYPE, {"input": new_type(**extra)}, viewer=practice.staff)
    assert result.errors is None, result.errors
    return result.data["createAppointmentType"]


async def test_staff_create_a_type_with_every_field(engine, execute):
    practice = await make_practice(engine)
    provider = global_id("Provider", practice.provider.id)
    location = global_id("Location", practice.location.id)
    payload = await create(
        execute,
        practice,
        description="First look at aligners",
        category=" Ortho ",
        maxAttendees=2,
        bookableOnline=True,
        bookingLeadTimeHours=24,
        bookingWindowDays=90,
        cancellationPolicyHours=48,
        modality="VIDEO",
        telehealth=True,
        depositAmount="50.00",
        procedureCodes=["d8660"],
        providerIds=[provider],
        locationIds=[location],
    )
    assert payload["userErrors"] == []
    created = payload["appointmentType"]
    assert {k: v for k, v in created.items() if k != "id"} == {
        "name": "Invisalign consult",
        "abbreviation": "INV",
        "description": "First look at aligners",
        "color": "#3366cc",
        "durationMinutes": 45,
        "maxAttendees": 2,
        "bookableOnline": True,
        "bookingLeadTimeHours": 24,
        "bookingWindowDays": 90,
        "cancellationPolicyHours": 48,
        "archived": False,
        "procedureCodes": ["D8660"],
        "category": "Ortho",
        "modality": "VIDEO",
        "telehealth": True,
        "depositAmount": "50.00",
        "version": 1,
        "offeredBy": [{"id": provider}],
        "offeredAt": [{"id": location}],
    }
    # the defaults of what was left out
    plain = (await create(execute, practice, name="Exam"))["appointmentType"]
    assert (plain["modality"], plain["telehealth"], plain["depositAmount"]) == (
        "IN_PERSON",
        False,
        None,
    )
    assert (plain["maxAttendees"], plain["bookingWindowDays"], plain["offeredBy"]) == (1, 180, [])
    trail = await audit_trail(engine, GlobalID.from_id(created["id"]).node_id)
    assert [(action, actor) for action, actor, _ in trail] == [("CREATED", "staff-test")]
    assert trail[0][2]["name"] == "Invisalign consult"
    assert trail[0][2]["deposit_amount"] == "50.00"


async def test_bad_values_are_refused_and_change_nothing(engine, execute):
    practice = await make_practice(engine)
    before = await setup_state(engine)
    cases: list[tuple[dict[str, Any], list[str], str]] = [
        (
            {"durationMinutes": 0},
            ["input", "durationMinutes"],
            "durationMinutes must be between 5 and 720",
        ),
        ({"color": "blue"}, ["input", "color"], "color must be #rrggbb"),
        ({"name": "  "}, ["input", "name"], "name must be 1 to 100 characters"),
        (
            {"maxAttendees": 101},
            ["input", "maxAttendees"],
            "maxAttendees must be between 1 and 100",
        ),
        (
            {"telehealth": True},
            ["input", "telehealth"],
            "A telehealth type must have modality VIDEO or PHONE",
        ),
        (
            {"depositAmount": "10.005"},
            ["input", "depositAmount"],
            "depositAmount has at most two decimal places",
        ),
        (
            {"providerIds": [global_id("Provider", practice.provider.id)] * 2},
            ["input", "providerIds"],
            "providerIds lists an ID twice",
        ),
    ]
    for extra, field, message in cases:
        payload = await create(execute, practice, **extra)
        assert payload == {
            "appointmentType": None,
            "userErrors": [{"field": field, "code": "VALIDATION", "message": message}],
        }, extra
    assert await setup_state(engine) == before


async def test_another_organizations_ids_are_not_found_and_patients_are_refused(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    before = await setup_state(engine)
    for extra, field, message in [
        ({"providerIds": [global_id("Provider", other.provider.id)]}, "providerIds", "provider"),
        ({"locationIds": [global_id("Location", other.location.id)]}, "locationIds", "location"),
    ]:
        payload = await create(execute, practice, **extra)
        assert payload["userErrors"] == [
            {
                "field": ["input", field],
                "code": "NOT_FOUND",
                "message": f"No {message} with this ID",
            }
        ]
    update = await execute(
        UPDATE_TYPE,
        {
            "input": {
                "appointmentTypeId": global_id("AppointmentType", other.appointment_type.id),
                "baseVersion": 1,
                "name": "Mine now",
            }
        },
        viewer=practice.staff,
    )
    assert update.data["updateAppointmentType"]["userErrors"] == [
        {
            "field": ["input", "appointmentTypeId"],
            "code": "NOT_FOUND",
            "message": "No appointment type with this ID",
        }
    ]
    refused = await execute(CREATE_TYPE, {"input": new_type()}, viewer=practice.patient_viewer())
    assert refused.data["createAppointmentType"] == {
        "appointmentType": None,
        "userErrors": [
            {
                "field": None,
                "code": "FORBIDDEN",
                "message": "Only staff may change the practice setup",
            }
        ],
    }
    assert await setup_state(engine) == before


async def test_updates_need_the_current_version_and_archive_a_type(engine, execute):
    practice = await make_practice(engine)
    second = await make_provider(engine, practice.org, last_name="Ng")
    other_site = await make_location(engine, practice.org)
    ident = global_id("AppointmentType", practice.appointment_type.id)
    changed = await execute(
        UPDATE_TYPE,
        {
            "input": {
                "appointmentTypeId": ident,
                "baseVersion": 1,
                "durationMinutes": 30,
                "providerIds": [global_id("Provider", second.id)],
                "locationIds": [global_id("Location", other_site.id)],
                "archived": True,
            }
        },
        viewer=practice.staff,
    )
    body = changed.data["updateAppointmentType"]
    assert body["userErrors"] == []
    assert body["appointmentType"]["durationMinutes"] == 30
    assert body["appointmentType"]["archived"] is True
    assert body["appointmentType"]["version"] == 2
    assert body["appointmentType"]["offeredBy"] == [{"id": global_id("Provider", second.id)}]
    assert body["appointmentType"]["offeredAt"] == [{"id": global_id("Location", other_site.id)}]
    before = await setup_state(engine)
    stale = await execute(
        UPDATE_TYPE,
        {"input": {"appointmentTypeId": ident, "baseVersion": 1, "archived": False}},
        viewer=practice.staff,
    )
    assert stale.data["updateAppointmentType"]["userErrors"] == [
        {
            "field": ["input", "baseVersion"],
            "code": "VERSION_CONFLICT",
            "message": "This was changed meanwhile: it is at version 2, not 1; read it again "
            "and resend the change",
        }
    ]
    assert await setup_state(engine) == before
    trail = await audit_trail(engine, practice.appointment_type.id)
    assert [action for action, _, _ in trail] == ["UPDATED"]
    assert trail[0][2] == {
        "duration_minutes": 30,
        "archived": True,
        "type_providers": [str(second.id)],
        "type_locations": [str(other_site.id)],
    }


async def test_a_retry_with_the_same_key_creates_one_type(engine, execute):
    practice = await make_practice(engine)
    variables = {"input": new_type(idempotencyKey="type-1")}
    first = await execute(CREATE_TYPE, variables, viewer=practice.staff)
    after_first = await setup_state(engine)
    retries = await asyncio.gather(
        execute(CREATE_TYPE, variables, viewer=practice.staff),
        execute(CREATE_TYPE, variables, viewer=practice.staff),
    )
    assert first.data["createAppointmentType"]["userErrors"] == []
    assert [r.data for r in retries] == [first.data, first.data]
    assert await setup_state(engine) == after_first


async def test_concurrent_creates_of_one_name_make_one_type(engine, execute):
    # given two staff members creating "Crown prep" at the same moment
    practice = await make_practice(engine)
    results = await asyncio.gather(
        *(
            execute(CREATE_TYPE, {"input": new_type(name="Crown prep")}, viewer=practice.staff)
            for _ in range(4)
        )
    )
    payloads = [r.data["createAppointmentType"] for r in results]
    # then the unique constraint lets exactly one through; the others are DUPLICATE
    assert sum(p["appointmentType"] is not None for p in payloads) == 1
    refused = [p["userErrors"] for p in payloads if p["appointmentType"] is None]
    assert (
        refused
        == [
            [
                {
                    "field": ["input", "name"],
                    "code": "DUPLICATE",
                    "message": "An appointment type named 'Crown prep' exists already",
                }
            ]
        ]
        * 3
    )
