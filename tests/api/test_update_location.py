"""updateLocation: exact data, the time zone rule for locations with upcoming appointments,
versions and tenancy; refusals change nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.support.factories import global_id, make_appointment, make_practice
from tests.support.setup_documents import UPDATE_LOCATION, setup_state


async def test_a_location_changes_its_zone_only_without_upcoming_appointments(engine, execute):
    practice = await make_practice(engine)
    ident = global_id("Location", practice.location.id)
    renamed = await execute(
        UPDATE_LOCATION,
        {
            "input": {
                "locationId": ident,
                "baseVersion": 1,
                "name": "North",
                "timeZone": "Europe/Dublin",
                "country": "ie",
            }
        },
        viewer=practice.staff,
    )
    assert renamed.data["updateLocation"] == {
        "location": {
            "id": ident,
            "name": "North",
            "timeZone": "Europe/Dublin",
            "city": practice.location.city,
            "country": "IE",
            "version": 2,
        },
        "userErrors": [],
    }
    start = datetime.now(UTC) + timedelta(days=3)
    await make_appointment(engine, practice, start_at=start, end_at=start + timedelta(hours=1))
    before = await setup_state(engine)
    refused = await execute(
        UPDATE_LOCATION,
        {"input": {"locationId": ident, "baseVersion": 2, "timeZone": "America/Chicago"}},
        viewer=practice.staff,
    )
    assert refused.data["updateLocation"] == {
        "location": None,
        "userErrors": [
            {
                "field": ["input", "timeZone"],
                "code": "TIME_ZONE_IN_USE",
                "message": "The time zone cannot change while the location has upcoming "
                "appointments: move or cancel them first",
            }
        ],
    }
    assert await setup_state(engine) == before
    # the name may still change while appointments are upcoming
    kept = await execute(
        UPDATE_LOCATION,
        {"input": {"locationId": ident, "baseVersion": 2, "name": "North Clinic"}},
        viewer=practice.staff,
    )
    assert kept.data["updateLocation"]["location"]["name"] == "North Clinic"


async def test_stale_versions_and_other_organizations_locations_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    ident = global_id("Location", practice.location.id)
    before = await setup_state(engine)
    stale = await execute(
        UPDATE_LOCATION,
        {"input": {"locationId": ident, "baseVersion": 2, "name": "South"}},
        viewer=practice.staff,
    )
    assert stale.data["updateLocation"]["userErrors"] == [
        {
            "field": ["input", "baseVersion"],
            "code": "VERSION_CONFLICT",
            "message": "This was changed meanwhile: it is at version 1, not 2; read it again "
            "and resend the change",
        }
    ]
    patient = await execute(
        UPDATE_LOCATION,
        {"input": {"locationId": ident, "baseVersion": 1, "name": "Mine"}},
        viewer=practice.patient_viewer(),
    )
    assert patient.data["updateLocation"]["userErrors"] == [
        {"field": None, "code": "FORBIDDEN", "message": "Only staff may change the practice setup"}
    ]
    foreign = await execute(
        UPDATE_LOCATION,
        {
            "input": {
                "locationId": global_id("Location", other.location.id),
                "baseVersion": 1,
                "name": "Mine",
            }
        },
        viewer=practice.staff,
    )
    assert foreign.data["updateLocation"]["userErrors"] == [
        {
            "field": ["input", "locationId"],
            "code": "NOT_FOUND",
            "message": "No location with this ID",
        }
    ]
    assert await setup_state(engine) == before
