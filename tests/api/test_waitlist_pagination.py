"""waitlistEntries pages by keyset: every sort, ties on the sort key, rows added meanwhile."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import insert

from db.models import Patient
from db.models.waitlist import WaitlistEntry
from db.tables import table_of
from resolvers.cursors import MALFORMED as MALFORMED_MESSAGE
from tests.support.connections import nodes
from tests.support.factories import Practice, global_id, make_practice
from tests.support.waitlist_documents import REMOVE, data

LIST = """query ($sort: WaitlistSort!, $first: Int!, $after: String) {
  waitlistEntries(sort: $sort, first: $first, after: $after) {
    edges { cursor node { id } } pageInfo { endCursor hasNextPage } totalCount } }"""
SORTS = ["URGENCY", "PRIORITY", "SCORE", "DAYS_WAITING", "CREATED", "TREATMENT_VALUE"]
RANK = {"urgent": 0, "soon": 1, "routine": 2, "flexible": 3}
POINTS = {"urgent": 40, "soon": 30, "routine": 20, "flexible": 10}  # the documented score
T0 = datetime(2026, 3, 2, 14, 0, 0, 123456, tzinfo=UTC)
T1 = T0 + timedelta(days=4, microseconds=1)
T2 = T0 + timedelta(days=9)
# (urgency, priority, created_at, treatment value): ties on every sort's keys, so only the id
# decides between some entries.
SPECS: list[tuple[str, int, datetime, str | None]] = [
    ("urgent", 10, T0, None),
    ("urgent", 10, T0, "500.00"),
    ("urgent", 10, T0, "500.00"),
    ("soon", 10, T0, None),
    ("soon", 50, T1, "100.00"),
    ("routine", 50, T1, None),
    ("routine", 0, T1, "500.00"),
    ("flexible", 0, T2, "100.00"),
    ("flexible", -5, T2, None),
    ("urgent", 50, T2, "0.00"),
    ("soon", 10, T0, "100.00"),
    ("routine", 0, T2, None),
]


@pytest.fixture
async def seeded(engine) -> tuple[Practice, list[dict[str, Any]]]:
    practice = await make_practice(engine)
    return practice, await insert_entries(engine, practice, SPECS)


async def insert_entries(engine, practice: Practice, specs) -> list[dict[str, Any]]:
    """Active entries with exactly these sort values, one patient each (no DUPLICATE)."""
    patients = table_of(Patient)
    entries = table_of(WaitlistEntry)
    rows = []
    async with engine.begin() as connection:
        for urgency, priority, created_at, value in specs:
            chart = f"P{uuid.uuid4().hex[:12]}"
            patient_id = await connection.scalar(
                insert(patients)
                .values(organization_id=practice.org.id, first_name="Wai", last_name="Ting",
                        chart_number=chart)
                .returning(patients.c.id)
            )  # fmt: skip
            ident = await connection.scalar(
                insert(entries)
                .values(
                    organization_id=practice.org.id, patient_id=patient_id,
                    home_location_id=practice.location.id, location_scope="home_only",
                    urgency=urgency, priority=priority, source="manual", status="waiting",
                    treatment_value=Decimal(value) if value is not None else None,
                    created_at=created_at, updated_at=created_at,
                )
                .returning(entries.c.id)
            )  # fmt: skip
            rows.append({"id": ident, "urgency": urgency, "priority": priority,
                         "created_at": created_at, "value": value})  # fmt: skip
    return rows


def micros(instant: datetime) -> int:
    return (instant - T0) // timedelta(microseconds=1)


def expected_order(rows: list[dict[str, Any]], sort: str) -> list[str]:
    """The documented order of each sort, then by id, computed independently of the SQL."""
    keys = {
        "URGENCY": lambda r: (RANK[r["urgency"]], -r["priority"], r["created_at"]),
        "PRIORITY": lambda r: (-r["priority"], RANK[r["urgency"]], r["created_at"]),
        # every entry has waited far more than the 30 days the score counts
        "SCORE": lambda r: (-(POINTS[r["urgency"]] + r["priority"] // 5 + 30), r["created_at"]),
        "DAYS_WAITING": lambda r: (r["created_at"],),
        "CREATED": lambda r: (-micros(r["created_at"]),),
        "TREATMENT_VALUE": lambda r: (
            r["value"] is None,
            -Decimal(r["value"] or 0),
            r["created_at"],
        ),
    }[sort]
    return [global_id("WaitlistEntry", r["id"]) for r in sorted(rows, key=lambda r: (*keys(r), r["id"]))]  # fmt: skip


async def page(execute, practice, sort: str, first: int, after: str | None) -> dict[str, Any]:
    """One page as {nodes, endCursor, hasNextPage}; its edges' cursors are the page's ends'."""
    variables = {"sort": sort, "first": first, "after": after}
    result = data(await execute(LIST, variables, viewer=practice.staff), "waitlistEntries")
    info = result["pageInfo"]
    assert info["endCursor"] == (result["edges"][-1]["cursor"] if result["edges"] else None)
    return {"nodes": nodes(result), **info}


async def walk(execute, practice, sort: str, first: int, after: str | None = None) -> list[str]:
    """Every id from `after` on, page by page."""
    ids: list[str] = []
    while True:
        result = await page(execute, practice, sort, first, after)
        ids += [node["id"] for node in result["nodes"]]
        assert len(result["nodes"]) == first or not result["hasNextPage"]
        if not result["hasNextPage"]:
            return ids
        after = result["endCursor"]


@pytest.mark.parametrize("first", [1, 2, 5])
@pytest.mark.parametrize("sort", SORTS)
async def test_walking_every_page_matches_one_big_page(execute, seeded, sort, first):
    # given twelve entries with ties on every sort's keys
    practice, rows = seeded
    # when the whole list is read at once, and page by page
    big = await page(execute, practice, sort, 100, None)
    walked = await walk(execute, practice, sort, first)
    # then both hold every entry exactly once, in the sort's order (ties by id)
    assert [node["id"] for node in big["nodes"]] == expected_order(rows, sort)
    assert big["hasNextPage"] is False
    assert walked == expected_order(rows, sort)
    total = data(await execute(LIST, {"sort": sort, "first": 1}, viewer=practice.staff),
                 "waitlistEntries")["totalCount"]  # fmt: skip
    assert total == len(rows)
    # and after the last entry there is an empty page
    after_last = await page(execute, practice, sort, first, big["endCursor"])
    assert after_last == {"nodes": [], "endCursor": None, "hasNextPage": False}


@pytest.mark.parametrize("sort", SORTS)
async def test_entries_added_or_removed_between_pages_shift_nothing(engine, execute, seeded, sort):
    # given the first page of three
    practice, rows = seeded
    first = await page(execute, practice, sort, 3, None)
    seen = [node["id"] for node in first["nodes"]]
    assert seen == expected_order(rows, sort)[:3]
    # when entries that sort first (under one sort or another) arrive and a seen one is removed
    early, late = T0 - timedelta(days=30), T2 + timedelta(days=30)
    added = await insert_entries(
        engine, practice, [("urgent", 100, early, "9999.00"), ("urgent", 100, late, "9999.00")]
    )
    removal = {"input": {"waitlistEntryId": seen[0]}}
    removed = data(await execute(REMOVE, removal, viewer=practice.staff), "removeFromWaitlist")
    assert removed["userErrors"] == []
    rest = await walk(execute, practice, sort, 3, first["endCursor"])
    # then the rest continues right after the last entry seen: no duplicate, nothing skipped,
    # and a new entry shows only if it sorts after that one
    everything = expected_order(rows + added, sort)
    assert rest == everything[everything.index(seen[-1]) + 1 :]
    assert set(seen).isdisjoint(rest)


def forged(payload: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


ID = str(uuid.uuid4())
URGENCY = "waitlistEntries(sort: URGENCY)"
BY_VALUE = "waitlistEntries(sort: TREATMENT_VALUE)"
MALFORMED = {
    "not-base64": "not a cursor!",
    "an-old-offset": "12",
    "empty": "",
    "not-json": forged("x")[:-2] + "~~",
    "a-list": forged([1, 2]),
    "missing-id": forged({"list": URGENCY, "at": [0, 0, T0.isoformat()]}),
    "extra-member": forged({"list": URGENCY, "at": [0, 0, T0.isoformat(), ID], "id": ID}),
    "unknown-list": forged({"list": "waitlistEntries(sort: NAME)", "at": [0, 0, T0.isoformat(), ID]}),
    "bad-id": forged({"list": URGENCY, "at": [0, 0, T0.isoformat(), "42"]}),
    "bool-for-int": forged({"list": URGENCY, "at": [True, 0, T0.isoformat(), ID]}),
    "huge-int": forged({"list": URGENCY, "at": [0, 2**40, T0.isoformat(), ID]}),
    "naive-time": forged({"list": URGENCY, "at": [0, 0, "2026-03-02T14:00:00", ID]}),
    "nan-value": forged({"list": BY_VALUE, "at": [False, "NaN", T0.isoformat(), ID]}),
    "fine-decimal": forged({"list": BY_VALUE, "at": [False, "1E-999999", T0.isoformat(), ID]}),
    "year-one": forged({"list": URGENCY, "at": [0, 0, "0001-01-01T00:00:00+14:00", ID]}),
    "too-long": "A" * 1001,
}  # fmt: skip


@pytest.mark.parametrize("cursor", list(MALFORMED.values()), ids=list(MALFORMED))
async def test_a_malformed_cursor_is_bad_input(engine, execute, cursor):
    # given a practice with an entry
    practice = await make_practice(engine)
    await insert_entries(engine, practice, SPECS[:1])
    # when the list is asked for after a forged or damaged cursor
    result = await execute(
        LIST, {"sort": "URGENCY", "first": 5, "after": cursor}, viewer=practice.staff
    )
    # then it is BAD_USER_INPUT on `after`, and no page
    assert result.data is None
    assert [(e.message, e.extensions) for e in result.errors] == [
        (MALFORMED_MESSAGE, {"code": "BAD_USER_INPUT", "field": "after"})
    ]


async def test_a_cursor_of_another_sort_is_bad_input(execute, seeded):
    # given a cursor from the URGENCY order
    practice, _ = seeded
    cursor = (await page(execute, practice, "URGENCY", 2, None))["endCursor"]
    # when it is used with the CREATED order
    result = await execute(
        LIST, {"sort": "CREATED", "first": 2, "after": cursor}, viewer=practice.staff
    )
    # then it is BAD_USER_INPUT on `after`
    assert result.data is None
    assert [(e.message, e.extensions) for e in result.errors] == [
        ("The cursor belongs to waitlistEntries(sort: URGENCY), not waitlistEntries(sort: "
         "CREATED): start again without after", {"code": "BAD_USER_INPUT", "field": "after"})
    ]  # fmt: skip
