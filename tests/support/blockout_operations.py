"""The blockout examples among the shared operations (tests/api/test_operations.py): their
order, the ids they pass on (operation_chains) and what they must have done."""

from __future__ import annotations

from typing import Any

# Run after the other mutations: a blockout made and changed, a type changed, and a template
# made, edited item by item (its version counting each change) and deleted.
BLOCKOUT_MUTATIONS = [
    "CreateBlockouts",
    "UpdateBlockout",
    "UpdateBlockoutType",
    "CreateBlockoutTemplate",
    "UpdateBlockoutTemplate",
    "AddBlockoutTemplateItem",
    "UpdateBlockoutTemplateItem",
    "RemoveBlockoutTemplateItem",
    "DeleteBlockoutTemplate",
]

# example -> (the example that created the row, its mutation field, node, the input field)
BLOCKOUT_CHAINS = {
    name: ("CreateBlockoutTemplate", "createBlockoutTemplate", "blockoutTemplate", "templateId")
    for name in ("UpdateBlockoutTemplate", "AddBlockoutTemplateItem", "DeleteBlockoutTemplate")
} | {
    name: ("AddBlockoutTemplateItem", "addBlockoutTemplateItem", "item", "templateItemId")
    for name in ("UpdateBlockoutTemplateItem", "RemoveBlockoutTemplateItem")
}


def first_created_blockout(results: dict[str, Any]) -> str:
    """The id of the blockout CreateBlockouts made (UpdateBlockout changes it)."""
    return results["CreateBlockouts"]["createBlockouts"]["blockouts"][0]["id"]


def check_blockout_operations(results: dict[str, Any]) -> None:
    """The blockout examples wrote what they name, each change at the next version."""
    created = results["CreateBlockouts"]["createBlockouts"]
    (blockout,) = created["blockouts"]
    assert (blockout["wholeLocation"], blockout["version"], blockout["startTime"]) == (
        True, 1, "12:15:00")  # fmt: skip
    # it lands on the demo's lunches (12:00-12:30): written all the same, with warnings
    assert created["warnings"]
    assert {w["code"] for w in created["warnings"]} == {"OVERLAPS_BLOCKOUT"}
    assert {w["blockout"]["id"] for w in created["warnings"]} == {blockout["id"]}
    moved = results["UpdateBlockout"]["updateBlockout"]["blockout"]
    assert (moved["id"], moved["version"], moved["startTime"], moved["note"]) == (
        blockout["id"], 2, "13:00:00", "Moved after lunch")  # fmt: skip
    # never repeated: no recurrence group, so the scope reaches it alone
    assert moved["recurrenceId"] is None
    assert results["UpdateBlockout"]["updateBlockout"]["blockouts"] == [
        {"id": blockout["id"], "date": moved["date"], "version": 2}
    ]
    kind = results["UpdateBlockoutType"]["updateBlockoutType"]["blockoutType"]
    assert (kind["name"], kind["color"], kind["version"]) == ("Emergency slot", "#e53935", 2)
    template = results["CreateBlockoutTemplate"]["createBlockoutTemplate"]["blockoutTemplate"]
    edited = results["UpdateBlockoutTemplate"]["updateBlockoutTemplate"]["blockoutTemplate"]
    assert (template["weekdays"], template["sortOrder"], template["location"]["name"]) == (
        ["FRIDAY"], 2, "Riverside Main")  # fmt: skip
    assert (edited["id"], edited["name"], edited["version"]) == (
        template["id"], "Short Friday (summer)", 2)  # fmt: skip
    assert (edited["weekdays"], edited["location"], edited["hidden"], edited["active"]) == (
        ["THURSDAY", "FRIDAY"], None, False, True)  # fmt: skip
    added = results["AddBlockoutTemplateItem"]["addBlockoutTemplateItem"]
    assert (added["blockoutTemplate"]["version"], added["item"]["sortOrder"]) == (3, 1)
    changed = results["UpdateBlockoutTemplateItem"]["updateBlockoutTemplateItem"]
    assert (changed["blockoutTemplate"]["version"], changed["item"]["endTime"]) == (4, "08:00:00")
    removed = results["RemoveBlockoutTemplateItem"]["removeBlockoutTemplateItem"]
    assert removed["deletedId"] == added["item"]["id"]
    assert removed["blockoutTemplate"]["version"] == 5
    assert removed["blockoutTemplate"]["items"] == [{"id": template["items"][0]["id"]}]
    deleted = results["DeleteBlockoutTemplate"]["deleteBlockoutTemplate"]["deletedId"]
    assert deleted == template["id"]
