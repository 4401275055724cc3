"""Every waitlist operation from every status: the machine's answer, and nothing changed on no."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from tests.support.factories import make_practice
from tests.support.waitlist_documents import (
    CONTACT,
    OFFER,
    REMOVE,
    RESPOND,
    add,
    contacted,
    data,
    offer_input,
    offered,
    respond_input,
    state,
)

STATUSES = ["WAITING", "CONTACTED", "OFFERED", "SCHEDULED", "REMOVED", "EXPIRED"]
RESPONSES = ["ACCEPTED", "DECLINED", "EXPIRED", "NO_ANSWER", "SLOT_TAKEN"]
# (operation, from) -> status after; missing pairs are INVALID_TRANSITION.
ALLOWED = {
    ("contact", "WAITING"): "CONTACTED",
    ("contact", "CONTACTED"): "CONTACTED",
    ("contact", "OFFERED"): "OFFERED",
    ("offer", "CONTACTED"): "OFFERED",
    ("ACCEPTED", "OFFERED"): "SCHEDULED",
    **{(r, s): "WAITING" for r in RESPONSES[1:] for s in ("CONTACTED", "OFFERED")},
    **{("remove", s): "REMOVED" for s in ("WAITING", "CONTACTED", "OFFERED")},
}


async def entry_in(engine, execute, practice, status: str) -> dict[str, Any]:
    """An entry of the practice brought to `status` through the API (EXPIRED: a past dateTo)."""
    entry = await add(execute, practice)
    if status == "EXPIRED":
        async with engine.begin() as connection:
            await connection.execute(text("UPDATE waitlist_entries SET date_to = '2020-01-01'"))
        read = await execute(
            "query ($id: ID!) { node(id: $id) { ... on WaitlistEntry { id status version } } }",
            {"id": entry["id"]},
            viewer=practice.staff,
        )
        return {**entry, **read.data["node"]}
    if status == "REMOVED":
        variables = {"input": {"waitlistEntryId": entry["id"]}}
        return data(await execute(REMOVE, variables, viewer=practice.staff), "removeFromWaitlist")[
            "waitlistEntry"
        ]
    if status == "WAITING":
        return entry
    entry = await contacted(execute, practice, entry)
    if status == "CONTACTED":
        return entry
    entry = await offered(execute, practice, entry)
    if status == "OFFERED":
        return entry
    variables = respond_input(entry, "ACCEPTED")
    result = data(
        await execute(RESPOND, variables, viewer=practice.staff), "recordWaitlistResponse"
    )
    return result["waitlistEntry"]


async def run(execute, practice, operation: str, entry: dict[str, Any]) -> dict[str, Any]:
    """The payload of `operation` on the entry at its current version."""
    base = {"waitlistEntryId": entry["id"], "baseVersion": entry["version"]}
    if operation == "contact":
        document, variables, name = (
            CONTACT,
            {"input": {**base, "method": "SMS"}},
            "logWaitlistContact",
        )
    elif operation == "offer":
        document, variables, name = OFFER, offer_input(practice, entry), "offerWaitlistSlot"
    elif operation == "remove":
        document, variables, name = REMOVE, {"input": base}, "removeFromWaitlist"
    else:
        document, variables = RESPOND, respond_input(entry, operation)
        name = "recordWaitlistResponse"
    return data(await execute(document, variables, viewer=practice.staff), name)


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("operation", ["contact", "offer", *RESPONSES, "remove"])
async def test_every_operation_from_every_status(engine, execute, operation, status):
    # given an entry in `status`
    practice = await make_practice(engine)
    entry = await entry_in(engine, execute, practice, status)
    assert entry["status"] == status
    before = await state(engine)
    # when the operation is asked for
    payload = await run(execute, practice, operation, entry)
    # then the status machine decides: the new status, or INVALID_TRANSITION and no change
    expected = ALLOWED.get((operation, status))
    if expected is None:
        assert [e["code"] for e in payload["userErrors"]] == ["INVALID_TRANSITION"]
        assert await state(engine) == before
        return
    assert payload["userErrors"] == []
    assert payload["waitlistEntry"]["status"] == expected
    assert payload["waitlistEntry"]["version"] == entry["version"] + 1
    if operation in RESPONSES:
        assert payload["waitlistEntry"]["patientResponse"] == operation
