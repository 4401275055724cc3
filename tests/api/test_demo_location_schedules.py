"""The LocationSchedules shared operation on the seeded demo: its overrides, note and periods."""

from __future__ import annotations

import json

from db.demo import DEMO_ORG_ID, REFERENCE_ANCHOR, seed_demo_data
from resolvers.viewer import Role, Viewer
from server.operation_manifest import operation_document
from tests.support.paths import OPERATIONS


async def test_location_schedules_operation_on_the_seeded_demo(engine, execute):
    async with engine.begin() as connection:
        await seed_demo_data(connection, REFERENCE_ANCHOR)
    document = operation_document("LocationSchedules")
    variables = json.loads((OPERATIONS / "LocationSchedules.json").read_text())
    viewer = Viewer(organization_id=DEMO_ORG_ID, role=Role.STAFF, subject="demo-test")
    result = await execute(document, variables, viewer=viewer)
    assert result.errors is None
    schedules = result.data["locationSchedules"]
    assert len(schedules) == 10
    chen = next(s for s in schedules if s["provider"]["displayName"] == "Grace Chen")
    assert (chen["isOverride"], chen["reason"], chen["note"]) == (
        True,
        "Half day",
        "CE course after noon",
    )
    assert chen["periods"] == [
        {
            "startsAt": "2026-11-25T13:00:00+00:00",
            "endsAt": "2026-11-25T18:00:00+00:00",
            "localStartTime": "07:00:00",
            "localEndTime": "12:00:00",
            "operatory": None,
        }
    ]
    okafor = next(s for s in schedules if s["provider"]["displayName"] == "Maya Okafor")
    assert okafor["periods"][0]["operatory"]["abbreviation"] == "OP1"
