"""ProductionGoal nodes and the productionGoals list: scoped to the organization, staff only."""

from __future__ import annotations

from datetime import date

from tests.support.connections import nodes
from tests.support.factories import global_id, make_location, make_practice, make_provider
from tests.support.graphql_errors import codes
from tests.support.production_documents import integration, make_goal

LIST = """
query ($from: Date!, $to: Date!, $locationId: ID, $providerId: ID) {
  productionGoals(from: $from, to: $to, locationId: $locationId, providerId: $providerId) {
    totalCount edges { node { id goalDate goalAmount provider { lastName } location { name } } }
  }
}
"""
NODE = """
query ($id: ID!) { node(id: $id) { __typename ... on ProductionGoal { goalDate goalAmount } } }
"""


async def listed(execute, practice, first="2026-11-01", last="2026-11-30", viewer=None, **ids):
    variables = {"from": first, "to": last, **ids}
    result = await execute(LIST, variables, viewer=viewer or practice.staff)
    assert result.errors is None, result.errors
    goals = result.data["productionGoals"]
    assert goals["totalCount"] == len(goals["edges"])
    return [
        (g["goalDate"], g["goalAmount"], g["provider"]["lastName"], g["location"]["name"])
        for g in nodes(goals)
    ]


async def test_the_list_filters_by_range_location_and_provider(engine, execute):
    # given goals of two providers at two locations, and another organization's
    practice = await make_practice(engine)
    main = practice.location
    annex = await make_location(engine, practice.org, name="Annex")
    adams = await make_provider(engine, practice.org, last_name="Adams")
    await make_goal(engine, practice, date(2026, 11, 2), "100.00")
    await make_goal(engine, practice, date(2026, 11, 2), "250.50", provider=adams, location=annex)
    await make_goal(engine, practice, date(2026, 11, 30), "300.00", provider=adams)
    await make_goal(engine, practice, date(2026, 12, 1), "400.00")
    stranger = await make_practice(engine)
    await make_goal(engine, stranger, date(2026, 11, 2), "999.00")
    # then the range is inclusive and the filters combine
    assert len(await listed(execute, practice)) == 3
    assert await listed(execute, practice, locationId=global_id("Location", annex.id)) == [
        ("2026-11-02", "250.50", "Adams", "Annex")
    ]
    assert await listed(
        execute,
        practice,
        providerId=global_id("Provider", adams.id),
        locationId=global_id("Location", main.id),
    ) == [("2026-11-30", "300.00", "Adams", main.name)]
    assert await listed(execute, practice, "2026-12-01", "2026-12-01") == [
        ("2026-12-01", "400.00", "Lee", main.name)
    ]
    # and another organization's ids match nothing; integrations may read too
    foreign = global_id("Location", stranger.location.id)
    assert await listed(execute, practice, locationId=foreign) == []
    assert len(await listed(execute, practice, viewer=integration(practice))) == 3


async def test_the_list_is_for_staff_and_bounded(engine, execute):
    practice = await make_practice(engine)
    denied = await execute(
        LIST, {"from": "2026-11-01", "to": "2026-11-30"}, viewer=practice.patient_viewer()
    )
    assert codes(denied) == ["FORBIDDEN"]
    too_long = await execute(
        LIST, {"from": "2026-01-01", "to": "2027-01-02"}, viewer=practice.staff
    )
    assert codes(too_long) == ["VALIDATION"]
    reversed_range = await execute(
        LIST, {"from": "2026-11-02", "to": "2026-11-01"}, viewer=practice.staff
    )
    assert codes(reversed_range) == ["VALIDATION"]


async def test_a_goal_is_a_node_of_its_organization_only(engine, execute):
    # given a goal
    practice = await make_practice(engine)
    goal = global_id("ProductionGoal", await make_goal(engine, practice, date(2026, 11, 2), "12.5"))
    stranger = await make_practice(engine)
    # then staff of its organization resolve it
    own = await execute(NODE, {"id": goal}, viewer=practice.staff)
    assert own.data == {
        "node": {"__typename": "ProductionGoal", "goalDate": "2026-11-02", "goalAmount": "12.50"}
    }
    # and another organization and patients get null
    for viewer in (stranger.staff, practice.patient_viewer()):
        result = await execute(NODE, {"id": goal}, viewer=viewer)
        assert (result.errors, result.data) == (None, {"node": None})
    # and a malformed id is null too
    odd = global_id("ProductionGoal", "not-a-uuid")
    assert (await execute(NODE, {"id": odd}, viewer=practice.staff)).data == {"node": None}
