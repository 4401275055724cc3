"""Another organization's data is invisible: nodes, filters, calendars and lists."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from db.models import Appointment
from tests.support.factories import global_id, make_appointment, make_practice

NODE = "query ($id: ID!) { node(id: $id) { id } }"
NODES = "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }"


async def two_practices(engine):
    ours = await make_practice(engine)
    theirs = await make_practice(engine)
    start = datetime(2026, 11, 16, 15, tzinfo=UTC)
    mine = await make_appointment(engine, ours, start_at=start, end_at=start.replace(hour=16))
    foreign = await make_appointment(engine, theirs, start_at=start, end_at=start.replace(hour=16))
    return ours, theirs, mine, foreign


async def test_foreign_node_ids_resolve_to_null(engine, execute):
    ours, theirs, mine, foreign = await two_practices(engine)
    foreign_ids = [
        global_id("Appointment", foreign.id),
        global_id("Location", theirs.location.id),
        global_id("Operatory", theirs.operatory.id),
        global_id("Provider", theirs.provider.id),
        global_id("Patient", theirs.patient.id),
        global_id("AppointmentType", theirs.appointment_type.id),
        global_id("ConfirmationStatus", theirs.confirmation_status.id),
        global_id("Organization", theirs.org.id),
    ]
    for foreign_id in foreign_ids:
        result = await execute(NODE, {"id": foreign_id}, viewer=ours.staff)
        assert result.errors is None
        assert result.data == {"node": None}, foreign_id
    own = global_id("Appointment", mine.id)
    result = await execute(NODES, {"ids": [own, *foreign_ids]}, viewer=ours.staff)
    assert result.data == {"nodes": [{"id": own}] + [None] * len(foreign_ids)}


async def test_foreign_calendars_and_filters_return_nothing(engine, execute):
    ours, theirs, _, _ = await two_practices(engine)
    location = global_id("Location", theirs.location.id)
    day = await execute(
        'query ($l: ID!) { calendarDay(locationId: $l, date: "2026-11-16") { date } '
        'calendarWeek(locationId: $l, weekStart: "2026-11-16") { weekStart } location(id: $l) { id } }',
        {"l": location},
        viewer=ours.staff,
    )
    assert day.errors is None
    assert day.data == {"calendarDay": None, "calendarWeek": None, "location": None}
    listed = await execute(
        "query ($f: AppointmentFilter) { appointments(filter: $f) { edges { node { id } } totalCount } }",
        {"f": {"locationIds": [location], "patientIds": [global_id("Patient", theirs.patient.id)]}},
        viewer=ours.staff,
    )
    assert listed.data == {"appointments": {"edges": [], "totalCount": 0}}


async def test_directory_lists_only_hold_the_callers_rows(engine, execute):
    ours, _theirs, _, _ = await two_practices(engine)
    result = await execute(
        "{ locations { id } providers { totalCount edges { node { id } } } appointmentTypes { id } "
        "confirmationStatuses { id } "
        "patients { totalCount edges { node { id } } } organization { id } }",
        viewer=ours.staff,
    )
    assert result.errors is None
    assert result.data == {
        "locations": [{"id": global_id("Location", ours.location.id)}],
        "providers": {
            "totalCount": 1,
            "edges": [{"node": {"id": global_id("Provider", ours.provider.id)}}],
        },
        "appointmentTypes": [{"id": global_id("AppointmentType", ours.appointment_type.id)}],
        "confirmationStatuses": [
            {"id": global_id("ConfirmationStatus", ours.confirmation_status.id)}
        ],
        "patients": {
            "totalCount": 1,
            "edges": [{"node": {"id": global_id("Patient", ours.patient.id)}}],
        },
        "organization": {"id": global_id("Organization", ours.org.id)},
    }


async def test_the_database_refuses_rows_that_mix_organizations(engine):
    # given our appointment row pointing at the other organization's patient
    ours, theirs, _, _ = await two_practices(engine)
    start = datetime(2026, 11, 17, 15, tzinfo=UTC)
    row = {
        "organization_id": ours.org.id,
        "location_id": ours.location.id,
        "operatory_id": ours.operatory.id,
        "patient_id": theirs.patient.id,
        "primary_provider_id": ours.provider.id,
        "start_at": start,
        "end_at": start.replace(hour=16),
        "status": "scheduled",
        "priority": 0,
        "production_amount": 0,
        "is_new_patient": False,
        "is_time_locked": False,
        "version": 1,
    }
    # then the composite foreign key rejects it
    with pytest.raises(IntegrityError, match="fk_appointments_organization_id_patient_id"):
        async with engine.begin() as connection:
            await connection.execute(insert(Appointment), [row])


async def test_a_patient_caller_sees_only_themselves(engine, execute):
    ours, _, mine, _ = await two_practices(engine)
    from tests.support.factories import make_patient

    other = await make_patient(engine, ours.org, first_name="Bob")
    viewer = ours.patient_viewer()
    result = await execute(
        "query ($me: ID!, $other: ID!, $appt: ID!) { me: node(id: $me) { id } "
        "other: node(id: $other) { id } appt: node(id: $appt) { id } "
        "patients { totalCount edges { node { id } } } }",
        {
            "me": global_id("Patient", ours.patient.id),
            "other": global_id("Patient", other.id),
            "appt": global_id("Appointment", mine.id),
        },
        viewer=viewer,
    )
    assert result.errors is None
    assert result.data == {
        "me": {"id": global_id("Patient", ours.patient.id)},
        "other": None,
        "appt": {"id": global_id("Appointment", mine.id)},
        "patients": {
            "totalCount": 1,
            "edges": [{"node": {"id": global_id("Patient", ours.patient.id)}}],
        },
    }
    calendar = await execute(
        'query ($l: ID!) { calendarDay(locationId: $l, date: "2026-11-16") { date } }',
        {"l": global_id("Location", ours.location.id)},
        viewer=viewer,
    )
    assert [e.extensions["code"] for e in calendar.errors] == ["FORBIDDEN"]


async def test_concurrent_requests_of_two_organizations_never_see_each_other(engine, execute):
    # given two practices whose patients share a name
    ours = await make_practice(engine)
    theirs = await make_practice(engine)
    # when 20 requests of both organizations run at once over the shared pool
    query = '{ patients(search: "Smith", first: 100) { edges { node { id } } } locations { id } }'
    viewers = [ours.staff if n % 2 else theirs.staff for n in range(20)]
    results = await asyncio.gather(*(execute(query, viewer=viewer) for viewer in viewers))
    # then each saw exactly its own organization's rows
    expected = {
        ours.staff.organization_id: (global_id("Patient", ours.patient.id), global_id("Location", ours.location.id)),
        theirs.staff.organization_id: (global_id("Patient", theirs.patient.id), global_id("Location", theirs.location.id)),
    }  # fmt: skip
    for viewer, result in zip(viewers, results, strict=True):
        assert result.errors is None, result.errors
        patient, location = expected[viewer.organization_id]
        assert result.data == {
            "patients": {"edges": [{"node": {"id": patient}}]},
            "locations": [{"id": location}],
        }
