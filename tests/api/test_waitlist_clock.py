"""The waitlist's "today" is the request clock's (pinned here), read as its home location's
local date: an entry past its dateTo reads, lists and counts as EXPIRED and refuses a contact,
and its days waiting count to the pinned day; the database's clock decides none of it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import text

from resolvers.clock import FixedClock
from tests.support.factories import make_practice
from tests.support.waitlist_documents import CONTACT, add, data, state

# dateTo 2030-03-15 at a Chicago home (UTC-5 in March 2030, after the switch to summer time)
LAST_EVENING = FixedClock(datetime(2030, 3, 16, 4, 30, tzinfo=UTC))  # 23:30 on the 15th there
NEXT_MORNING = FixedClock(datetime(2030, 3, 16, 5, 30, tzinfo=UTC))  # 00:30 on the 16th there
READ = """query ($id: ID!) { node(id: $id) { ... on WaitlistEntry {
  status storedStatus daysWaiting } } }"""
EXPIRED = """query { waitlistEntries(filter: {statuses: [EXPIRED]}) {
  totalCount edges { node { id status } } } }"""


async def created_on(engine) -> date:
    """The entry's creation as a local date at its Chicago home."""
    async with engine.connect() as connection:
        created = (await connection.execute(text("SELECT created_at FROM waitlist_entries"))).one()
    return created[0].astimezone(ZoneInfo("America/Chicago")).date()


async def test_expiry_and_days_waiting_follow_the_pinned_request_clock(engine, execute):
    # given an entry whose last acceptable day is 2030-03-15 (the database's clock is years before)
    practice = await make_practice(engine)
    entry = await add(execute, practice, dateTo="2030-03-15")
    waited = (date(2030, 3, 15) - await created_on(engine)).days
    # when the request clock reads the last local evening, the entry is still active
    evening = await execute(READ, {"id": entry["id"]}, viewer=practice.staff, clock=LAST_EVENING)
    assert data(evening, "node") == {
        "status": "WAITING", "storedStatus": "WAITING", "daysWaiting": waited,
    }  # fmt: skip
    listed = await execute(EXPIRED, viewer=practice.staff, clock=LAST_EVENING)
    assert data(listed, "waitlistEntries") == {"totalCount": 0, "edges": []}
    # an hour later it is the 16th at home: the same row reads, lists and counts as EXPIRED
    morning = await execute(READ, {"id": entry["id"]}, viewer=practice.staff, clock=NEXT_MORNING)
    assert data(morning, "node") == {
        "status": "EXPIRED", "storedStatus": "WAITING", "daysWaiting": waited + 1,
    }  # fmt: skip
    listed = await execute(EXPIRED, viewer=practice.staff, clock=NEXT_MORNING)
    assert data(listed, "waitlistEntries") == {
        "totalCount": 1, "edges": [{"node": {"id": entry["id"], "status": "EXPIRED"}}],
    }  # fmt: skip
    # and a mutation, which locks the row and reads its status with it, sees it expired too
    before = await state(engine)
    variables = {"input": {"waitlistEntryId": entry["id"], "method": "PHONE"}}
    refused = await execute(CONTACT, variables, viewer=practice.staff, clock=NEXT_MORNING)
    assert data(refused, "logWaitlistContact") == {
        "waitlistEntry": None,
        "userErrors": [{"field": None, "code": "INVALID_TRANSITION",
                        "message": "A EXPIRED entry cannot be contacted"}],
    }  # fmt: skip
    assert await state(engine) == before
    contacted = await execute(CONTACT, variables, viewer=practice.staff, clock=LAST_EVENING)
    assert data(contacted, "logWaitlistContact")["userErrors"] == []
