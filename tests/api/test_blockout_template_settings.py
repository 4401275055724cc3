"""A blockout template's location, weekdays, hidden flag, order and activity: set on create and
update, read through the graph, narrowing blockoutTemplates, and guarding applyBlockoutTemplate."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from db.tables import blockout_templates
from tests.support.blockout_documents import (
    BATCH,
    STALE,
    audit_trail,
    blockout_state,
    error,
    gid,
    make_blockout_type,
    mutation,
)
from tests.support.factories import make_location, make_practice

ERRORS = "userErrors { field code message }"
SETTINGS = "name weekdays hidden sortOrder active version location { id name }"
CREATE = mutation("createBlockoutTemplate", f"blockoutTemplate {{ id {SETTINGS} }} {ERRORS}")
UPDATE = mutation("updateBlockoutTemplate", f"blockoutTemplate {{ {SETTINGS} }} {ERRORS}")
APPLY = mutation("applyBlockoutTemplate", BATCH)
LIST = """query ($locationId: ID, $weekday: DayOfWeek, $hidden: Boolean! = false,
  $inactive: Boolean! = false) {
  blockoutTemplates(locationId: $locationId, weekday: $weekday, includeHidden: $hidden,
    includeInactive: $inactive) { name }
}"""


async def _create(execute, practice, lunch, name, **settings):
    item = {"blockoutTypeId": gid("BlockoutType", lunch), "startTime": "12:00", "endTime": "13:00"}
    values = {"name": name, "items": [item], **settings}
    result = await execute(CREATE, {"input": values}, viewer=practice.staff)
    payload = result.data["createBlockoutTemplate"]
    assert payload["userErrors"] == [], payload
    return payload["blockoutTemplate"]


async def _names(execute, practice, **variables):
    result = await execute(LIST, variables, viewer=practice.staff)
    assert result.errors is None, result.errors
    return [row["name"] for row in result.data["blockoutTemplates"]]


async def test_settings_are_saved_read_and_narrow_the_list(engine, execute):
    practice = await make_practice(engine)
    annex = await make_location(engine, practice.org, name="Annex")
    lunch = await make_blockout_type(engine, practice, name="Lunch")
    here = gid("Location", practice.location)
    created = await _create(
        execute,
        practice,
        lunch,
        "Mondays",
        locationId=here,
        weekdays=["WEDNESDAY", "MONDAY"],
        sortOrder=-5,
    )
    assert created == {
        "id": created["id"],
        "name": "Mondays",
        "weekdays": ["MONDAY", "WEDNESDAY"],
        "hidden": False,
        "sortOrder": -5,
        "active": True,
        "version": 1,
        "location": {"id": here, "name": practice.location.name},
    }
    await _create(execute, practice, lunch, "Anywhere")
    await _create(execute, practice, lunch, "Annex days", locationId=gid("Location", annex))
    await _create(execute, practice, lunch, "Secret", hidden=True)
    await _create(execute, practice, lunch, "Retired", active=False, weekdays=["FRIDAY"])
    assert await _names(execute, practice) == ["Mondays", "Annex days", "Anywhere"]
    assert await _names(execute, practice, locationId=here) == ["Mondays", "Anywhere"]
    assert await _names(execute, practice, weekday="TUESDAY") == ["Annex days", "Anywhere"]
    assert await _names(execute, practice, weekday="FRIDAY", hidden=True, inactive=True) == [
        "Annex days", "Anywhere", "Retired", "Secret"]  # fmt: skip
    assert await _names(execute, practice, hidden=True, inactive=True) == [
        "Mondays", "Annex days", "Anywhere", "Retired", "Secret"]  # fmt: skip
    # a location of another organization (or none) lists nothing, not the org-wide ones
    other = await make_practice(engine)
    assert await _names(execute, practice, locationId=gid("Location", other.location)) == []
    # a day is named, not numbered: GraphQL refuses the old 0-6 form
    bad = await execute(LIST, {"weekday": 1}, viewer=practice.staff)
    assert (bad.data, [e.message for e in bad.errors or []]) == (
        None,
        ["Variable '$weekday' has invalid value: Enum 'DayOfWeek' cannot represent non-string "
         "value: 1."],
    )  # fmt: skip


async def test_update_changes_settings_at_the_base_version(engine, execute):
    practice = await make_practice(engine)
    lunch = await make_blockout_type(engine, practice, name="Lunch")
    created = await _create(execute, practice, lunch, "Day", weekdays=["TUESDAY"])
    here = gid("Location", practice.location)
    changes = {
        "templateId": created["id"],
        "baseVersion": 1,
        "locationId": here,
        "weekdays": ["SUNDAY", "SATURDAY"],
        "hidden": True,
        "sortOrder": 3,
        "active": False,
    }
    result = await execute(UPDATE, {"input": changes}, viewer=practice.staff)
    assert result.data["updateBlockoutTemplate"] == {
        "blockoutTemplate": {
            "name": "Day",
            "weekdays": ["SATURDAY", "SUNDAY"],
            "hidden": True,
            "sortOrder": 3,
            "active": False,
            "version": 2,
            "location": {"id": here, "name": practice.location.name},
        },
        "userErrors": [],
    }
    template_id = created["id"]
    async with engine.connect() as connection:
        row = (await connection.execute(select(blockout_templates))).one()
    assert (row.location_id, row.weekdays, row.hidden, row.sort_order, row.active) == (
        practice.location.id, [5, 6], True, 3, False)  # fmt: skip
    assert (await audit_trail(engine, row.id))[-1][1:] == (
        "UPDATED",
        {
            "location_id": str(practice.location.id),
            "weekdays": [5, 6],
            "hidden": True,
            "sort_order": 3,
            "active": False,
        },
    )
    # null location: any location again; omitted settings stay; empty weekdays: any day
    changes = {"templateId": template_id, "baseVersion": 2, "locationId": None, "weekdays": []}
    result = await execute(UPDATE, {"input": changes}, viewer=practice.staff)
    changed = result.data["updateBlockoutTemplate"]["blockoutTemplate"]
    assert (changed["location"], changed["weekdays"], changed["hidden"], changed["active"]) == (
        None, [], True, False)  # fmt: skip


async def test_bad_settings_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    lunch = await make_blockout_type(engine, practice, name="Lunch")
    created = await _create(execute, practice, lunch, "Day")
    before = await blockout_state(engine)
    item = {"blockoutTypeId": gid("BlockoutType", lunch), "startTime": "12:00", "endTime": "13:00"}
    foreign = gid("Location", other.location)
    creates: list[tuple[dict[str, Any], list[dict[str, Any]]]] = [
        ({"weekdays": ["TUESDAY", "TUESDAY"]}, error("VALIDATION", "A weekday is listed twice", "weekdays")),
        ({"sortOrder": 10_001}, error("VALIDATION", "sortOrder must be between -10000 and 10000", "sortOrder")),
        ({"locationId": foreign}, error("NOT_FOUND", "No location with this ID", "locationId")),
    ]  # fmt: skip
    for settings, expected in creates:
        values = {"name": "New", "items": [item], **settings}
        result = await execute(CREATE, {"input": values}, viewer=practice.staff)
        assert result.data["createBlockoutTemplate"] == {
            "blockoutTemplate": None,
            "userErrors": expected,
        }, settings
    updates = [
        *creates,
        ({"baseVersion": 2, "hidden": True}, error("VERSION_CONFLICT", STALE.format(1, 2), "baseVersion")),
    ]  # fmt: skip
    for settings, expected in updates:
        values = {"templateId": created["id"], "baseVersion": 1, **settings}
        result = await execute(UPDATE, {"input": values}, viewer=practice.staff)
        assert result.data["updateBlockoutTemplate"] == {
            "blockoutTemplate": None,
            "userErrors": expected,
        }, settings
    # a day is named, not numbered: GraphQL refuses the old 0-6 form before anything runs
    values = {"name": "New", "items": [item], "weekdays": [6]}
    refused = await execute(CREATE, {"input": values}, viewer=practice.staff)
    assert (refused.data, [e.message for e in refused.errors or []]) == (
        None,
        ["Variable '$input' has invalid value at .weekdays[0]: Enum 'DayOfWeek' cannot "
         "represent non-string value: 6."],
    )  # fmt: skip
    assert await blockout_state(engine) == before


async def test_inactive_or_other_location_templates_are_not_applied(engine, execute):
    practice = await make_practice(engine)
    annex = await make_location(engine, practice.org, name="Annex")
    lunch = await make_blockout_type(engine, practice, name="Lunch")
    retired = await _create(execute, practice, lunch, "Retired", active=False)
    annex_only = await _create(
        execute, practice, lunch, "Annex only", locationId=gid("Location", annex)
    )
    before = await blockout_state(engine)
    here = gid("Location", practice.location)
    cases = [
        (retired, error("VALIDATION", "This blockout template is inactive", "templateId")),
        (
            annex_only,
            error("VALIDATION", "This blockout template is for another location", "locationId"),
        ),
    ]
    for template, expected in cases:
        values = {"templateId": template["id"], "locationId": here, "date": "2030-01-07"}
        result = await execute(APPLY, {"input": values}, viewer=practice.staff)
        payload = result.data["applyBlockoutTemplate"]
        assert (payload["created"], payload["userErrors"]) == (0, expected)
    assert await blockout_state(engine) == before
    # at its own location it applies
    values = {
        "templateId": annex_only["id"],
        "locationId": gid("Location", annex),
        "date": "2030-01-07",
    }
    result = await execute(APPLY, {"input": values}, viewer=practice.staff)
    applied = result.data["applyBlockoutTemplate"]
    assert (applied["created"], applied["userErrors"]) == (1, [])
    assert [(b["startTime"], b["endTime"]) for b in applied["blockouts"]] == [
        ("12:00:00", "13:00:00")
    ]
