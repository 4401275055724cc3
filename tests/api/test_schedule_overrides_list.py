"""scheduleOverrides: a range of dates' overrides of a location and/or provider, by date then
id, paged with keyset cursors at a constant number of statements; refusals answer nothing."""

from __future__ import annotations

from tests.support.factories import global_id, make_location, make_practice, make_provider
from tests.support.schedule_documents import SET_OVERRIDE, integration, override_input, payload

LIST = """
query ($from: Date!, $to: Date!, $locationId: ID, $providerId: ID, $first: Int, $after: String) {
  scheduleOverrides(from: $from, to: $to, locationId: $locationId, providerId: $providerId,
                    first: $first, after: $after) {
    totalCount
    edges { cursor node { id date reason provider { lastName } location { name } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def test_overrides_over_a_range_page_by_date(engine, execute, count_statements):
    practice = await make_practice(engine)
    kim = await make_provider(engine, practice.org, last_name="Kim")
    annex = await make_location(engine, practice.org, name="Annex")
    made = {}
    for day, provider, location in [
        ("2030-01-09", practice.provider, practice.location),
        ("2030-01-07", practice.provider, practice.location),
        ("2030-01-08", kim, practice.location),
        ("2030-01-08", practice.provider, annex),
        ("2030-02-03", practice.provider, practice.location),  # outside the range
    ]:
        extra = {"date": day, "reason": f"{provider.last_name} {day}",
                 "providerId": global_id("Provider", provider.id),
                 "locationId": global_id("Location", location.id)}  # fmt: skip
        result = await execute(
            SET_OVERRIDE, {"input": override_input(practice, **extra)}, viewer=practice.staff
        )
        made[(day, provider.last_name, location.name)] = payload(result, "setScheduleOverride")[
            "override"
        ]["id"]
    other = await make_practice(engine)
    await execute(SET_OVERRIDE, {"input": override_input(other)}, viewer=other.staff)
    january = {"from": "2030-01-01", "to": "2030-01-31"}
    seen: list[str] = []
    after = None
    while True:
        with count_statements() as counter:
            result = await execute(
                LIST, {**january, "first": 2, "after": after}, viewer=practice.staff
            )
        assert result.errors is None
        page = result.data["scheduleOverrides"]
        assert page["totalCount"] == 4
        seen += [edge["node"]["id"] for edge in page["edges"]]
        # The page, the count, providers and locations in one batch each.
        assert counter.count == 4, counter.statements
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    site = practice.location.name
    assert seen[0] == made[("2030-01-07", "Lee", site)]
    # The same date: by id (a uuid order the test does not restate).
    assert set(seen[1:3]) == {
        made[("2030-01-08", "Kim", site)],
        made[("2030-01-08", "Lee", "Annex")],
    }
    assert seen[3] == made[("2030-01-09", "Lee", site)]
    at_site = await execute(
        LIST,
        {**january, "locationId": global_id("Location", practice.location.id),
         "providerId": global_id("Provider", practice.provider.id)},
        viewer=integration(practice),
    )  # fmt: skip
    nodes = [edge["node"] for edge in at_site.data["scheduleOverrides"]["edges"]]
    assert [(n["date"], n["reason"], n["location"]["name"]) for n in nodes] == [
        ("2030-01-07", "Lee 2030-01-07", site),
        ("2030-01-09", "Lee 2030-01-09", site),
    ]


async def test_override_list_refusals(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    january = {"from": "2030-01-01", "to": "2030-01-31"}
    cases: list[tuple[dict[str, object], str]] = [
        ({"from": "2030-02-01", "to": "2030-01-01"}, "BAD_USER_INPUT"),
        ({"from": "2030-01-01", "to": "2031-06-01"}, "BAD_USER_INPUT"),
        ({"locationId": global_id("Location", other.location.id)}, "NOT_FOUND"),
        ({"providerId": global_id("Provider", other.provider.id)}, "NOT_FOUND"),
        ({"providerId": global_id("Location", practice.location.id)}, "BAD_USER_INPUT"),
        ({"after": "bm90IGEgY3Vyc29y"}, "BAD_USER_INPUT"),
        ({"first": 0}, "BAD_USER_INPUT"),
    ]
    for extra, code in cases:
        result = await execute(LIST, {**january, **extra}, viewer=practice.staff)
        assert result.data is None, extra
        assert [error.extensions["code"] for error in result.errors] == [code], extra
    patient = await execute(LIST, january, viewer=practice.patient_viewer())
    assert [error.extensions["code"] for error in patient.errors] == ["FORBIDDEN"]
