"""The rate limit: a leaky bucket of cost per caller, its arithmetic on an injected clock, its
bounded memory and its settings (its refusals through the schema and over HTTP:
tests/api/test_rate_limit_schema.py and tests/api/test_rate_limit_http.py)."""

from __future__ import annotations

import json
import uuid

import pytest
from graphql import parse

from resolvers.query_limits import DEFAULT_LIMITS
from resolvers.rate_limit import CostBuckets, caller_key
from resolvers.viewer import Role, Viewer
from schema.assembled import schema
from schema.limits.cost import operation_cost
from server.operation_manifest import operation_document
from server.settings import ConfigurationError, load_settings
from tests.support.paths import OPERATIONS
from tests.support.rate_limit import Clock


def test_a_bucket_is_charged_refuses_uncharged_and_refills_with_time():
    clock = Clock()
    buckets = CostBuckets(100, 10, clock=clock)
    # a fresh bucket is full; accepted costs are taken from it
    first = buckets.charge("a", 60)
    assert (first.accepted, first.available, first.retry_after) == (True, 40, 0)
    assert first.throttle_status() == {
        "maximumAvailable": 100, "currentlyAvailable": 40, "restoreRate": 10}  # fmt: skip
    # a cost that does not fit is refused, charged nothing, and told when it will fit
    refused = buckets.charge("a", 55)
    assert (refused.accepted, refused.available, refused.retry_after) == (False, 40, 1.5)
    assert buckets.level("a", clock.now) == 40
    # 1.4 s later it still does not fit; 1.5 s later it does, exactly
    clock.now += 1.4
    assert buckets.charge("a", 55).accepted is False
    clock.now += 0.1
    later = buckets.charge("a", 55)
    assert later.accepted is True
    assert later.available == pytest.approx(0)
    # refilling stops at the capacity
    clock.now += 3600
    assert buckets.charge("a", 0).available == 100


def test_callers_have_their_own_buckets():
    buckets = CostBuckets(50, 1, clock=Clock())
    assert buckets.charge("a", 50).accepted is True
    assert buckets.charge("a", 1).accepted is False
    assert buckets.charge("b", 50).accepted is True


def test_the_wait_is_rounded_up_to_the_millisecond():
    buckets = CostBuckets(10, 3, clock=Clock())
    buckets.charge("a", 10)
    refused = buckets.charge("a", 1)
    assert refused.retry_after == pytest.approx(1 / 3)
    assert refused.retry_after_seconds == 0.334


def test_idle_buckets_are_forgotten_once_full_and_memory_is_bounded():
    clock = Clock()
    buckets = CostBuckets(100, 10, max_buckets=3, clock=clock)
    buckets.charge("idle", 50)
    clock.now += 5  # refilled: forgetting it loses nothing
    buckets.charge("busy", 50)
    assert list(buckets.buckets) == ["busy"]
    # past max_buckets callers the least recently charged is forgotten, a refused one counting
    # as recent (forgetting it would hand it a full bucket)
    buckets.charge("b", 100)
    buckets.charge("c", 100)
    assert buckets.charge("busy", 100).accepted is False
    buckets.charge("d", 10)
    assert list(buckets.buckets) == ["c", "busy", "d"]
    for n in range(1000):
        buckets.charge(n, 1)
    assert len(buckets.buckets) == 3


def test_callers_are_told_apart_by_organization_and_subject_else_address():
    org, other_org = uuid.uuid4(), uuid.uuid4()
    staff = Viewer(organization_id=org, role=Role.STAFF, subject="desk")
    keys = {
        caller_key(staff, "10.0.0.1"),
        caller_key(Viewer(organization_id=org, role=Role.INTEGRATION, subject="desk"), None),
        caller_key(Viewer(organization_id=org, role=Role.STAFF, subject="other"), None),
        caller_key(Viewer(organization_id=other_org, role=Role.STAFF, subject="desk"), None),
        caller_key(None, "10.0.0.1"),
        caller_key(None, "10.0.0.2"),
    }
    # the same subject of an organization is one caller whatever its role or address
    assert len(keys) == 5


def calendar_week_cost() -> int:
    variables = json.loads((OPERATIONS / "CalendarWeek.json").read_text())
    document = parse(operation_document("CalendarWeek"))
    return operation_cost(schema._schema, document, None, variables)


def test_the_defaults_let_a_front_desk_through_and_throttle_a_script():
    week = calendar_week_cost()
    assert week == 8429
    clock = Clock()
    buckets = CostBuckets(DEFAULT_LIMITS.rate_capacity, DEFAULT_LIMITS.rate_per_second, clock=clock)
    # a front desk refreshing the week every 2 s for an hour is never refused
    for _ in range(1800):
        assert buckets.charge("desk", week).accepted
        clock.now += 2
    # a script asking for it every 35 ms (as fast as one worker answers) gets a burst of 12,
    # then one every 1.7 s: 17 of the 286 it asked for in 10 s
    accepted = []
    for _ in range(286):
        accepted.append(buckets.charge("script", week).accepted)
        clock.now += 0.035
    assert accepted[:13] == [True] * 12 + [False]
    assert sum(accepted) == 17


def test_settings_of_the_rate_limit():
    assert load_settings({}).limits.rate_limited is True
    limits = load_settings(
        {"SLOTGRAPH_RATE_LIMIT_CAPACITY": "60000", "SLOTGRAPH_RATE_LIMIT_PER_SECOND": "200"}
    ).limits
    assert (limits.rate_capacity, limits.rate_per_second) == (60_000, 200)
    # 0 or unset: the default, still on
    zero = {"SLOTGRAPH_RATE_LIMIT_CAPACITY": "0", "SLOTGRAPH_RATE_LIMIT_PER_SECOND": " 0"}
    assert load_settings(zero).limits == DEFAULT_LIMITS
    assert load_settings({"SLOTGRAPH_RATE_LIMIT": "0"}).limits.rate_limited is False


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SLOTGRAPH_RATE_LIMIT_PER_SECOND": "-1"}, "SLOTGRAPH_RATE_LIMIT_PER_SECOND must be"),
        ({"SLOTGRAPH_RATE_LIMIT_CAPACITY": "lots"}, "SLOTGRAPH_RATE_LIMIT_CAPACITY must be"),
        ({"SLOTGRAPH_RATE_LIMIT_CAPACITY": "40000"}, "capacity .40000. must be at least"),
        (
            {"SLOTGRAPH_MAX_COST": "200000", "SLOTGRAPH_RATE_LIMIT_CAPACITY": "150000"},
            "SLOTGRAPH_RATE_LIMIT_CAPACITY is too small",
        ),
    ],
)
def test_bad_rate_limit_settings_are_refused(env, message):
    with pytest.raises(ConfigurationError, match=message):
        load_settings(env)
    # off, the sizes are not held against the maximum cost
    assert load_settings({"SLOTGRAPH_RATE_LIMIT": "0", "SLOTGRAPH_RATE_LIMIT_CAPACITY": "40000"})
