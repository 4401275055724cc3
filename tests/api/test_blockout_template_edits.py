"""updateBlockoutTemplate, deleteBlockoutTemplate and a template's items one at a time, each at
the template's baseVersion (its version covers its items)."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import time

from sqlalchemy import text

from tests.support.blockout_documents import (
    STALE,
    audit_trail,
    blockout_state,
    error,
    gid,
    make_blockout,
    make_blockout_type,
    make_template,
    mutation,
    outcome,
    utc,
)
from tests.support.factories import make_operatory, make_practice

ERRORS = "userErrors { field code message }"
ITEM = "id startTime endTime note sortOrder operatory { id } blockoutType { name }"
TEMPLATE = f"id name description version items {{ {ITEM} }}"
UPDATE = mutation("updateBlockoutTemplate", f"blockoutTemplate {{ {TEMPLATE} }} {ERRORS}")
DELETE = mutation("deleteBlockoutTemplate", f"deletedId {ERRORS}")
ADD = mutation(
    "addBlockoutTemplateItem", f"blockoutTemplate {{ version }} item {{ {ITEM} }} {ERRORS}"
)
CHANGE = mutation(
    "updateBlockoutTemplateItem", f"blockoutTemplate {{ version }} item {{ {ITEM} }} {ERRORS}"
)
REMOVE = mutation(
    "removeBlockoutTemplateItem",
    f"blockoutTemplate {{ version items {{ id }} }} deletedId {ERRORS}",
)


async def standard_day(engine, practice, name="Standard day"):
    """A template with a lunch (12:00-12:30) and a huddle (07:00-07:15); its item ids."""
    lunch = await make_blockout_type(engine, practice, name=f"Lunch of {name}")
    huddle = await make_blockout_type(engine, practice, name=f"Huddle of {name}")
    template = await make_template(
        engine,
        practice,
        name,
        [
            {"blockout_type_id": lunch.id, "start_time": time(12), "end_time": time(12, 30)},
            {"blockout_type_id": huddle.id, "start_time": time(7), "end_time": time(7, 15)},
        ],
    )
    async with engine.connect() as connection:
        items = await connection.scalars(
            text(
                "SELECT id FROM blockout_template_items WHERE template_id = :t ORDER BY sort_order"
            ),
            {"t": template.id},
        )
        return template, list(items)


async def test_rename_and_describe_a_template(engine, execute):
    practice = await make_practice(engine)
    template, items = await standard_day(engine, practice)
    values = {
        "templateId": gid("BlockoutTemplate", template),
        "baseVersion": 1,
        "name": "Short day",
        "description": "Fridays in summer",
    }
    result = await execute(UPDATE, {"input": values}, viewer=practice.staff)
    changed = result.data["updateBlockoutTemplate"]
    assert changed["userErrors"] == []
    assert {k: v for k, v in changed["blockoutTemplate"].items() if k != "items"} == {
        "id": gid("BlockoutTemplate", template),
        "name": "Short day",
        "description": "Fridays in summer",
        "version": 2,
    }
    assert [item["id"] for item in changed["blockoutTemplate"]["items"]] == [
        gid("BlockoutTemplateItem", item) for item in items
    ]
    assert await audit_trail(engine, template.id) == [
        (
            "blockout_templates",
            "UPDATED",
            {"name": "Short day", "description": "Fridays in summer"},
        )
    ]
    # null removes the description; an omitted name stays
    values = {
        "templateId": gid("BlockoutTemplate", template),
        "baseVersion": 2,
        "description": None,
    }
    result = await execute(UPDATE, {"input": values}, viewer=practice.staff)
    template_now = result.data["updateBlockoutTemplate"]["blockoutTemplate"]
    assert (template_now["name"], template_now["description"], template_now["version"]) == (
        "Short day", None, 3)  # fmt: skip


async def test_template_refusals_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    template, _ = await standard_day(engine, practice)
    await standard_day(engine, practice, name="Holiday")
    foreign, _ = await standard_day(engine, other, name="Theirs")
    before = await blockout_state(engine)
    own_id = gid("BlockoutTemplate", template)
    cases = [
        (
            UPDATE,
            {"templateId": own_id, "baseVersion": 2, "name": "Later"},
            error("VERSION_CONFLICT", STALE.format(1, 2), "baseVersion"),
        ),
        (
            UPDATE,
            {"templateId": own_id, "baseVersion": 1, "name": "Holiday"},
            error("DUPLICATE", "A blockout template named 'Holiday' exists already", "name"),
        ),
        (
            UPDATE,
            {"templateId": gid("BlockoutTemplate", foreign), "baseVersion": 1, "name": "Mine"},
            error("NOT_FOUND", "No blockout template with this ID", "templateId"),
        ),
        (
            DELETE,
            {"templateId": own_id, "baseVersion": 3},
            error("VERSION_CONFLICT", STALE.format(1, 3), "baseVersion"),
        ),
        (
            DELETE,
            {"templateId": gid("BlockoutTemplate", foreign), "baseVersion": 1},
            error("NOT_FOUND", "No blockout template with this ID", "templateId"),
        ),
    ]
    for document, values, expected in cases:
        result = await execute(document, {"input": values}, viewer=practice.staff)
        (payload,) = result.data.values()
        assert payload["userErrors"] == expected, values
    for document, values in [
        (UPDATE, {"templateId": own_id, "baseVersion": 1, "name": "Mine"}),
        (DELETE, {"templateId": own_id, "baseVersion": 1}),
    ]:
        result = await execute(document, {"input": values}, viewer=practice.patient_viewer())
        (payload,) = result.data.values()
        assert payload["userErrors"] == error("FORBIDDEN", "Only staff may change blockouts")
    assert await blockout_state(engine) == before


async def test_delete_a_template_with_its_items_and_keep_its_blockouts(engine, execute):
    practice = await make_practice(engine)
    template, items = await standard_day(engine, practice)
    kind = await make_blockout_type(engine, practice, name="Made from it")
    made = await make_blockout(engine, practice, kind, utc(2030, 1, 7, 18), utc(2030, 1, 7, 19))
    values = {"templateId": gid("BlockoutTemplate", template), "baseVersion": 1}
    result = await execute(DELETE, {"input": values}, viewer=practice.staff)
    assert result.data["deleteBlockoutTemplate"] == {
        "deletedId": gid("BlockoutTemplate", template),
        "userErrors": [],
    }
    async with engine.connect() as connection:
        counts = await connection.execute(
            text(
                "SELECT (SELECT count(*) FROM blockout_templates), "
                "(SELECT count(*) FROM blockout_template_items), "
                "(SELECT array_agg(id) FROM blockouts)"
            )
        )
        assert tuple(counts.one()) == (0, 0, [made.id])
    assert await audit_trail(engine, template.id) == [
        ("blockout_templates", "DELETED", {"name": "Standard day"})
    ]
    assert len(items) == 2


async def test_add_change_and_remove_items_one_at_a_time(engine, execute):
    practice = await make_practice(engine)
    template, (lunch_item, huddle_item) = await standard_day(engine, practice)
    meeting = await make_blockout_type(engine, practice, name="Meeting")
    # add: after the last item unless placed
    values = {
        "templateId": gid("BlockoutTemplate", template),
        "baseVersion": 1,
        "blockoutTypeId": gid("BlockoutType", meeting),
        "startTime": "16:00",
        "endTime": "17:00",
        "operatoryId": gid("Operatory", practice.operatory),
        "note": "Team",
    }
    result = await execute(ADD, {"input": values}, viewer=practice.staff)
    added = result.data["addBlockoutTemplateItem"]
    new_id = added["item"].pop("id")
    assert added == {
        "blockoutTemplate": {"version": 2},
        "item": {"startTime": "16:00:00", "endTime": "17:00:00", "note": "Team", "sortOrder": 2,
                 "operatory": {"id": gid("Operatory", practice.operatory)},
                 "blockoutType": {"name": "Meeting"}},
        "userErrors": [],
    }  # fmt: skip
    # change: omitted fields stay, null operatory means every operatory
    values = {
        "templateItemId": gid("BlockoutTemplateItem", lunch_item),
        "baseVersion": 2,
        "endTime": "13:00",
        "operatoryId": None,
        "note": "Long lunch",
        "sortOrder": 5,
    }
    result = await execute(CHANGE, {"input": values}, viewer=practice.staff)
    assert result.data["updateBlockoutTemplateItem"] == {
        "blockoutTemplate": {"version": 3},
        "item": {"id": gid("BlockoutTemplateItem", lunch_item), "startTime": "12:00:00",
                 "endTime": "13:00:00", "note": "Long lunch", "sortOrder": 5, "operatory": None,
                 "blockoutType": {"name": "Lunch of Standard day"}},
        "userErrors": [],
    }  # fmt: skip
    # remove
    values = {"templateItemId": gid("BlockoutTemplateItem", huddle_item), "baseVersion": 3}
    result = await execute(REMOVE, {"input": values}, viewer=practice.staff)
    assert result.data["removeBlockoutTemplateItem"] == {
        "blockoutTemplate": {
            "version": 4,
            "items": [{"id": new_id}, {"id": gid("BlockoutTemplateItem", lunch_item)}],
        },
        "deletedId": gid("BlockoutTemplateItem", huddle_item),
        "userErrors": [],
    }
    trail = [await audit_trail(engine, ident) for ident in (lunch_item, huddle_item)]
    assert trail == [
        [("blockout_template_items", "UPDATED",
          {"end_time": "13:00:00", "operatory_id": None, "note": "Long lunch", "sort_order": 5})],
        [("blockout_template_items", "DELETED", {})],
    ]  # fmt: skip


async def test_item_refusals_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    template, (lunch_item, _) = await standard_day(engine, practice)
    single, (only_item,) = await make_single(engine, practice)
    foreign, (foreign_item, _) = await standard_day(engine, other, name="Theirs")
    foreign_type = await make_blockout_type(engine, other, name="Their kind")
    foreign_room = await make_operatory(engine, other.location)
    kind = await make_blockout_type(engine, practice, name="Meeting")
    before = await blockout_state(engine)
    own = gid("BlockoutTemplate", template)
    new = {"blockoutTypeId": gid("BlockoutType", kind), "startTime": "16:00", "endTime": "17:00"}
    lunch = gid("BlockoutTemplateItem", lunch_item)
    cases = [
        (ADD, {"templateId": own, "baseVersion": 2, **new},
         error("VERSION_CONFLICT", STALE.format(1, 2), "baseVersion")),
        (ADD, {"templateId": gid("BlockoutTemplate", foreign), "baseVersion": 1, **new},
         error("NOT_FOUND", "No blockout template with this ID", "templateId")),
        (ADD, {"templateId": own, "baseVersion": 1, **new,
               "blockoutTypeId": gid("BlockoutType", foreign_type)},
         error("NOT_FOUND", "No blockout type with this ID", "blockoutTypeId")),
        (ADD, {"templateId": own, "baseVersion": 1, **new,
               "operatoryId": gid("Operatory", foreign_room)},
         error("NOT_FOUND", "No operatory with this ID", "operatoryId")),
        (ADD, {"templateId": own, "baseVersion": 1, **new, "endTime": "15:00"},
         error("VALIDATION", "An item must end after it starts", "endTime")),
        (CHANGE, {"templateItemId": lunch, "baseVersion": 0, "note": "x"},
         error("VALIDATION", "baseVersion must be between 1 and 2147483647", "baseVersion")),
        (CHANGE, {"templateItemId": lunch, "baseVersion": 2, "note": "x"},
         error("VERSION_CONFLICT", STALE.format(1, 2), "baseVersion")),
        (CHANGE, {"templateItemId": lunch, "baseVersion": 1, "startTime": "12:30"},
         error("VALIDATION", "An item must end after it starts", "endTime")),
        (CHANGE, {"templateItemId": gid("BlockoutTemplateItem", foreign_item),
                  "baseVersion": 1, "note": "x"},
         error("NOT_FOUND", "No blockout template item with this ID", "templateItemId")),
        (REMOVE, {"templateItemId": gid("BlockoutTemplateItem", foreign_item), "baseVersion": 1},
         error("NOT_FOUND", "No blockout template item with this ID", "templateItemId")),
        (REMOVE, {"templateItemId": gid("BlockoutTemplateItem", only_item), "baseVersion": 1},
         error("VALIDATION", "A template keeps at least one item; delete the template instead",
               "templateItemId")),
    ]  # fmt: skip
    for document, values, expected in cases:
        result = await execute(document, {"input": values}, viewer=practice.staff)
        (payload,) = result.data.values()
        assert payload["userErrors"] == expected, values
    for document, values in [
        (ADD, {"templateId": own, "baseVersion": 1, **new}),
        (CHANGE, {"templateItemId": lunch, "baseVersion": 1, "note": "x"}),
        (REMOVE, {"templateItemId": lunch, "baseVersion": 1}),
    ]:
        result = await execute(document, {"input": values}, viewer=practice.patient_viewer())
        (payload,) = result.data.values()
        assert payload["userErrors"] == error("FORBIDDEN", "Only staff may change blockouts")
    assert await blockout_state(engine) == before
    assert single.version == 1


async def make_single(engine, practice):
    """A template of one item, and its item's id."""
    kind = await make_blockout_type(engine, practice, name="Only")
    template = await make_template(
        engine,
        practice,
        "One item",
        [{"blockout_type_id": kind.id, "start_time": time(9), "end_time": time(10)}],
    )
    async with engine.connect() as connection:
        item = await connection.scalar(
            text("SELECT id FROM blockout_template_items WHERE template_id = :t"),
            {"t": template.id},
        )
    return template, (item,)


async def test_at_most_fifty_items(engine, execute):
    practice = await make_practice(engine)
    kind = await make_blockout_type(engine, practice, name="Slot")
    items = [
        {"blockout_type_id": kind.id, "start_time": time(8, n), "end_time": time(9)}
        for n in range(50)
    ]
    template = await make_template(engine, practice, "Full", items)
    before = await blockout_state(engine)
    values = {
        "templateId": gid("BlockoutTemplate", template),
        "baseVersion": 1,
        "blockoutTypeId": gid("BlockoutType", kind),
        "startTime": "10:00",
        "endTime": "11:00",
    }
    result = await execute(ADD, {"input": values}, viewer=practice.staff)
    assert result.data["addBlockoutTemplateItem"]["userErrors"] == error(
        "VALIDATION", "A template has at most 50 items", "templateId"
    )
    assert await blockout_state(engine) == before


async def test_concurrent_item_changes_at_one_version_let_exactly_one_through(engine, execute):
    practice = await make_practice(engine)
    template, (lunch_item, huddle_item) = await standard_day(engine, practice)
    kind = await make_blockout_type(engine, practice, name="Meeting")
    adds = [
        execute(
            ADD,
            {
                "input": {
                    "templateId": gid("BlockoutTemplate", template),
                    "baseVersion": 1,
                    "blockoutTypeId": gid("BlockoutType", kind),
                    "startTime": f"{13 + n}:00",
                    "endTime": f"{13 + n}:30",
                }
            },
            viewer=practice.staff,
        )
        for n in range(3)
    ]
    change = execute(
        CHANGE,
        {"input": {"templateItemId": gid("BlockoutTemplateItem", lunch_item), "baseVersion": 1,
                   "note": "x"}},
        viewer=practice.staff,
    )  # fmt: skip
    remove = execute(
        REMOVE,
        {"input": {"templateItemId": gid("BlockoutTemplateItem", huddle_item), "baseVersion": 1}},
        viewer=practice.staff,
    )
    results = await asyncio.gather(*adds, change, remove)
    codes = [outcome(r, next(iter(r.data))) for r in results]
    assert Counter(codes) == {"OK": 1, "VERSION_CONFLICT": 4}
    async with engine.connect() as connection:
        version = await connection.scalar(
            text("SELECT version FROM blockout_templates WHERE id = :t"), {"t": template.id}
        )
    assert version == 2
