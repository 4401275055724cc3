"""providers(search:, locationId:, kind:, includeInactive:, first:, after:): a counted
connection of one organization's providers by name, searched by name and abbreviation."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert

from db.models import ProviderLocation
from resolvers.viewer import Role, Viewer
from tests.support.connections import nodes
from tests.support.factories import (
    global_id,
    make_location,
    make_organization,
    make_practice,
    make_provider,
)
from tests.support.tokens import bearer

PROVIDERS = """query ($s: String, $l: ID, $k: ProviderKind, $i: Boolean! = false, $first: Int! = 50,
  $after: String) {
  providers(search: $s, locationId: $l, kind: $k, includeInactive: $i, first: $first,
            after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { firstName lastName abbreviation kind active } } } }"""


async def staffed(engine):
    """The practice's Pat Lee (P<n>) and four more, one of them inactive."""
    practice = await make_practice(engine)
    org = practice.org
    await make_provider(
        engine, org, first_name="Maya", last_name="Okafor", abbreviation="Dr. Okafor"
    )
    await make_provider(
        engine, org, first_name="Grace", last_name="Chen", abbreviation="RDH Chen",
        kind="HYGIENIST",
    )  # fmt: skip
    await make_provider(
        engine, org, first_name="Carlos", last_name="de Mendes", abbreviation="DA Mendes",
        kind="ASSISTANT",
    )  # fmt: skip
    await make_provider(
        engine, org, first_name="Ida", last_name="Olsen", abbreviation="Dr. Olsen", active=False
    )
    return practice


async def listed(execute, practice, **variables: Any) -> dict[str, Any]:
    result = await execute(PROVIDERS, variables, viewer=practice.staff)
    assert result.errors is None, result.errors
    return result.data["providers"]


async def names(execute, practice, **variables: Any) -> list[str]:
    page = await listed(execute, practice, **variables)
    assert page["totalCount"] == len(page["edges"])
    return [f"{n['firstName']} {n['lastName']}" for n in nodes(page)]


async def test_every_word_starts_a_name_or_the_abbreviation_in_any_case(engine, execute):
    practice = await staffed(engine)
    # no search: the active ones by last name in any case ("de Mendes" among the Ms? no: d)
    assert await names(execute, practice) == [
        "Grace Chen", "Carlos de Mendes", "Pat Lee", "Maya Okafor"]  # fmt: skip
    # a prefix of a last name, of a first name, of an abbreviation, in any case
    assert await names(execute, practice, s="oka") == ["Maya Okafor"]
    assert await names(execute, practice, s="GRA") == ["Grace Chen"]
    assert await names(execute, practice, s="rdh") == ["Grace Chen"]
    assert await names(execute, practice, s="dr.") == ["Maya Okafor"]
    # every word must match (each its own field or the same one)
    assert await names(execute, practice, s="rdh chen") == ["Grace Chen"]
    assert await names(execute, practice, s="  rdh   okafor ") == []
    # a prefix, not a substring; wildcards are themselves
    assert await names(execute, practice, s="kafor") == []
    assert await names(execute, practice, s="%") == []
    assert await names(execute, practice, s="_r") == []
    # the inactive one only when asked for
    assert await names(execute, practice, s="dr") == ["Maya Okafor"]
    assert await names(execute, practice, s="dr", i=True) == ["Maya Okafor", "Ida Olsen"]
    page = await listed(execute, practice, s="olsen", i=True)
    assert nodes(page) == [{"firstName": "Ida", "lastName": "Olsen", "abbreviation": "Dr. Olsen",
                            "kind": "DENTIST", "active": False}]  # fmt: skip


async def test_kind_and_location_narrow_the_list(engine, execute):
    practice = await staffed(engine)
    # by kind
    assert await names(execute, practice, k="HYGIENIST") == ["Grace Chen"]
    assert await names(execute, practice, k="DENTIST", i=True) == [
        "Pat Lee", "Maya Okafor", "Ida Olsen"]  # fmt: skip
    assert await names(execute, practice, k="SPECIALIST") == []
    # by location: a provider without locations works at every one; Zoe works only elsewhere
    elsewhere = await make_location(engine, practice.org)
    zoe = await make_provider(engine, practice.org, first_name="Zoe", last_name="Abel")
    async with engine.begin() as connection:
        await connection.execute(
            insert(ProviderLocation).values(
                organization_id=practice.org.id, provider_id=zoe.id, location_id=elsewhere.id
            )
        )
    here = global_id("Location", practice.location.id)
    there = global_id("Location", elsewhere.id)
    everyone = ["Grace Chen", "Carlos de Mendes", "Pat Lee", "Maya Okafor"]
    assert await names(execute, practice, l=here) == everyone
    assert await names(execute, practice, l=there) == ["Zoe Abel", *everyone]
    assert await names(execute, practice, l=there, s="z") == ["Zoe Abel"]
    assert await names(execute, practice, l=here, s="z") == []


async def test_pages_by_name_with_the_total_on_every_page(engine, execute, count_statements):
    practice = await staffed(engine)
    # when the list is read two at a time, each page after the last one's endCursor
    seen: list[str] = []
    statements: set[int] = set()
    after = None
    while True:
        with count_statements() as counter:
            page = await listed(execute, practice, i=True, first=2, after=after)
        statements.add(counter.count)
        assert page["totalCount"] == 5
        assert len(page["edges"]) <= 2
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        assert page["pageInfo"]["startCursor"] == page["edges"][0]["cursor"]
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        seen += [f"{n['firstName']} {n['lastName']}" for n in nodes(page)]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    # then every provider came once, in order, with the same statements per page
    assert seen == ["Grace Chen", "Carlos de Mendes", "Pat Lee", "Maya Okafor", "Ida Olsen"]
    assert len(statements) == 1
    # and a page after the last one is empty, not an error
    end = page["pageInfo"]["endCursor"]
    last = await listed(execute, practice, i=True, first=2, after=end)
    assert (last["edges"], last["pageInfo"]["hasNextPage"]) == ([], False)


async def test_another_organizations_providers_never_appear(engine, execute, http):
    ours = await staffed(engine)
    theirs = await make_practice(engine)
    await make_provider(
        engine, theirs.org, first_name="Maya", last_name="Okafor", abbreviation="Dr. Okafor"
    )
    empty = await make_organization(engine, name="Empty Dental")
    # our staff's search finds our Okafor only; theirs finds theirs; over HTTP too
    ours_found = await listed(execute, ours, s="okafor")
    theirs_found = await listed(execute, theirs, s="okafor")
    assert ours_found["totalCount"] == theirs_found["totalCount"] == 1
    assert ours_found["edges"][0]["cursor"] != theirs_found["edges"][0]["cursor"]
    response = await http.post(
        "/graphql",
        json={"query": PROVIDERS, "variables": {"s": "lee", "i": True}},
        headers=bearer(theirs.staff),
    )
    page = response.json()["data"]["providers"]
    assert (page["totalCount"], [n["lastName"] for n in nodes(page)]) == (1, ["Lee"])
    # an organization without providers lists none
    nobody = Viewer(organization_id=empty.id, role=Role.STAFF, subject="e")
    result = await execute(PROVIDERS, {"i": True}, viewer=nobody)
    assert result.data["providers"]["totalCount"] == 0
    # our location's id asked by them is NOT_FOUND, as an unknown one (and not a filter on
    # their providers without locations)
    for location in (ours.location.id, "00000000-0000-0000-0000-000000000000"):
        refused = await execute(
            PROVIDERS, {"l": global_id("Location", location)}, viewer=theirs.staff
        )
        (error,) = refused.errors
        assert (error.extensions["code"], error.extensions["field"]) == ("NOT_FOUND", "locationId")
        assert refused.data is None


async def test_a_malformed_location_or_another_types_id_is_bad_input(engine, execute):
    practice = await staffed(engine)
    # not an ID at all: the variable is refused before the field runs
    result = await execute(PROVIDERS, {"l": "not-an-id"}, viewer=practice.staff)
    (error,) = result.errors
    assert error.extensions == {"code": "BAD_USER_INPUT"}
    # a provider's ID where a location's belongs: the field refuses it
    provider = global_id("Provider", practice.provider.id)
    result = await execute(PROVIDERS, {"l": provider}, viewer=practice.staff)
    (error,) = result.errors
    assert (error.extensions["code"], error.extensions["field"]) == (
        "BAD_USER_INPUT", "locationId")  # fmt: skip
