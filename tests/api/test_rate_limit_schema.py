"""The rate limit through the schema: a throttled request runs nothing and says when to retry;
a context without buckets (most tests) is never charged."""

from __future__ import annotations

from sqlalchemy import func, select

from db.models import Location
from resolvers.context import RequestContext
from resolvers.rate_limit import CostBuckets
from schema.assembled import schema
from tests.support.factories import make_practice
from tests.support.rate_limit import CREATE_LOCATION, LOCATIONS, Clock


async def test_a_throttled_request_runs_nothing_and_says_when_to_retry(engine):
    practice = await make_practice(engine)
    clock = Clock()
    buckets = CostBuckets(50, 10, clock=clock)

    async def run(document: str):
        context = RequestContext.create(engine, practice.staff, buckets=buckets)
        return await schema.execute(document, context_value=context)

    # two queries of 20 leave 10 points: the mutation's 22 does not fit
    assert (await run(LOCATIONS)).errors is None
    answered = await run(LOCATIONS)
    assert answered.extensions["cost"]["throttleStatus"] == {
        "maximumAvailable": 50, "currentlyAvailable": 10, "restoreRate": 10}  # fmt: skip
    refused = await run(CREATE_LOCATION)
    assert refused.data is None
    (error,) = refused.errors
    assert error.extensions == {
        "code": "THROTTLED",
        "retryAfterSeconds": 1.2,
        "throttleStatus": {"maximumAvailable": 50, "currentlyAvailable": 10, "restoreRate": 10},
    }
    assert error.message == (
        "Rate limit: the query's cost is 22 and 10 of 50 points are available, restored at 10 "
        "a second; retry in 1.2 s (see extensions)"
    )
    assert refused.extensions["cost"]["throttleStatus"]["currentlyAvailable"] == 10
    # nothing was written
    async with engine.connect() as connection:
        count = select(func.count()).select_from(Location).where(Location.name == "Throttled")
        assert await connection.scalar(count) == 0
    # once the wait has passed the same mutation runs
    clock.now += 1.2
    created = await run(CREATE_LOCATION)
    assert created.errors is None
    assert created.data["createLocation"]["userErrors"] == []


async def test_the_schema_without_buckets_has_no_rate_limit(engine, execute):
    # the app always has buckets; a context without them (most tests) is never charged
    practice = await make_practice(engine)
    for _ in range(3):
        result = await execute(LOCATIONS, viewer=practice.staff)
        assert result.errors is None
        assert "throttleStatus" not in result.extensions["cost"]
