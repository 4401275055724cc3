"""createScheduleView/updateScheduleView/deleteScheduleView and myScheduleViews: owned by the
token's subject, one default per owner, unique names and shortcuts per owner (also under
concurrency), others' views NOT_FOUND, refusals that change nothing."""

from __future__ import annotations

import asyncio
from typing import Any

from strawberry.relay import GlobalID

from tests.support.factories import global_id, make_operatory, make_practice
from tests.support.settings_documents import (
    CREATE_VIEW,
    DELETE_VIEW,
    MY_VIEWS,
    UPDATE_VIEW,
    colleague,
    only_error,
    settings_state,
)
from tests.support.setup_documents import audit_trail
from tests.support.tokens import bearer


def view_input(practice, **extra) -> dict:
    return {
        "name": "Hygiene",
        "operatoryIds": [global_id("Operatory", practice.operatory.id)],
        "providerIds": [global_id("Provider", practice.provider.id)],
        **extra,
    }


async def create(execute, practice, viewer=None, **extra) -> dict:
    result = await execute(
        CREATE_VIEW, {"input": view_input(practice, **extra)}, viewer=viewer or practice.staff
    )
    assert result.errors is None
    return result.data["createScheduleView"]


async def test_staff_keep_their_views_over_http(engine, http):
    practice = await make_practice(engine)
    headers = bearer(practice.staff)
    operatory = global_id("Operatory", practice.operatory.id)
    variables = {"input": {**view_input(practice), "shortcut": "h", "isDefault": True}}
    first = await http.post(
        "/graphql", json={"query": CREATE_VIEW, "variables": variables}, headers=headers
    )
    body = first.json()["data"]["createScheduleView"]
    ident = body["scheduleView"].pop("id")
    assert body == {
        "scheduleView": {
            "name": "Hygiene",
            "shortcut": "h",
            "isDefault": True,
            "version": 1,
            "operatories": [{"id": operatory}],
            "providers": [{"id": global_id("Provider", practice.provider.id)}],
        },
        "userErrors": [],
    }
    listed = await http.post(
        "/graphql", json={"query": MY_VIEWS, "variables": {"first": 10}}, headers=headers
    )
    page = listed.json()["data"]["myScheduleViews"]
    assert page["totalCount"] == 1
    assert [edge["node"]["id"] for edge in page["edges"]] == [ident]
    trail = await audit_trail(engine, GlobalID.from_id(ident).node_id)
    assert [(action, actor) for action, actor, _ in trail] == [("CREATED", "staff-test")]


async def test_a_new_default_replaces_the_old_and_views_change_and_go(engine, execute):
    practice = await make_practice(engine)
    first = (await create(execute, practice, isDefault=True))["scheduleView"]
    second = (await create(execute, practice, name="Doctors", isDefault=True))["scheduleView"]
    views = await execute(MY_VIEWS, {"first": 10}, viewer=practice.staff)
    assert [
        (e["node"]["name"], e["node"]["isDefault"]) for e in views.data["myScheduleViews"]["edges"]
    ] == [("Doctors", True), ("Hygiene", False)]
    extra = await make_operatory(engine, practice.location, sort_order=2)
    changed = await execute(
        UPDATE_VIEW,
        {
            "input": {
                "scheduleViewId": first["id"],
                "baseVersion": 1,
                "name": "Hygiene AM",
                "shortcut": "1",
                "operatoryIds": [global_id("Operatory", extra.id)],
                "isDefault": True,
            }
        },
        viewer=practice.staff,
    )
    view = changed.data["updateScheduleView"]["scheduleView"]
    assert (view["name"], view["shortcut"], view["isDefault"], view["version"]) == (
        "Hygiene AM",
        "1",
        True,
        2,
    )
    assert view["operatories"] == [{"id": global_id("Operatory", extra.id)}]
    gone = await execute(
        DELETE_VIEW,
        {"input": {"scheduleViewId": second["id"], "baseVersion": 1}},
        viewer=practice.staff,
    )
    assert gone.data["deleteScheduleView"] == {"deletedId": second["id"], "userErrors": []}
    left = await execute(MY_VIEWS, {"first": 10}, viewer=practice.staff)
    assert [e["node"]["id"] for e in left.data["myScheduleViews"]["edges"]] == [first["id"]]
    trail = await audit_trail(engine, GlobalID.from_id(second["id"]).node_id)
    assert [action for action, _, _ in trail] == ["CREATED", "DELETED"]


async def test_views_are_their_owners_alone(engine, execute):
    practice = await make_practice(engine)
    mine = (await create(execute, practice, shortcut="m"))["scheduleView"]
    other = colleague(practice.staff)
    listed = await execute(MY_VIEWS, {"first": 10}, viewer=other)
    assert listed.data["myScheduleViews"] == {
        "totalCount": 0,
        "edges": [],
        "pageInfo": {"hasNextPage": False, "endCursor": None},
    }
    node = await execute(
        "query ($id: ID!) { node(id: $id) { id } }", {"id": mine["id"]}, viewer=other
    )
    assert node.data["node"] is None
    before = await settings_state(engine)
    unknown = global_id("ScheduleView", "00000000-0000-0000-0000-000000000001")
    answers = []
    for ident in (mine["id"], unknown):
        changed = await execute(
            UPDATE_VIEW,
            {"input": {"scheduleViewId": ident, "baseVersion": 1, "name": "Mine now"}},
            viewer=other,
        )
        removed = await execute(
            DELETE_VIEW, {"input": {"scheduleViewId": ident, "baseVersion": 1}}, viewer=other
        )
        answers.append(
            (changed.data["updateScheduleView"], removed.data["deleteScheduleView"]["userErrors"])
        )
    # another user's view reads exactly as a view that does not exist
    assert answers[0] == answers[1]
    assert only_error(answers[0][0]) == (["input", "scheduleViewId"], "NOT_FOUND")
    assert await settings_state(engine) == before
    # the colleague may use the same name and shortcut for a view of their own
    theirs = await create(execute, practice, viewer=other, shortcut="m")
    assert theirs["userErrors"] == []


async def test_view_refusals_change_nothing(engine, execute):
    practice = await make_practice(engine)
    foreign = await make_practice(engine)
    await create(execute, practice, shortcut="h")
    before = await settings_state(engine)
    cases: list[tuple[dict[str, Any], list[str], str]] = [
        ({"name": "Hygiene"}, ["input", "name"], "DUPLICATE"),
        ({"name": "Other", "shortcut": "h"}, ["input", "shortcut"], "DUPLICATE"),
        ({"name": " "}, ["input", "name"], "VALIDATION"),
        ({"name": "Other", "shortcut": "x" * 21}, ["input", "shortcut"], "VALIDATION"),
        (
            {"name": "Other", "operatoryIds": [global_id("Operatory", foreign.operatory.id)]},
            ["input", "operatoryIds"],
            "NOT_FOUND",
        ),
        (
            {"name": "Other", "providerIds": [global_id("Location", practice.location.id)]},
            ["input", "providerIds"],
            "VALIDATION",
        ),
    ]
    for extra, field, code in cases:
        payload = await create(execute, practice, **extra)
        assert payload["scheduleView"] is None
        assert only_error(payload) == (field, code), extra
    patient = await create(execute, practice, viewer=practice.patient_viewer(), name="P")
    assert only_error(patient) == (None, "FORBIDDEN")
    assert await settings_state(engine) == before


async def test_stale_versions_and_other_organizations_views(engine, execute):
    practice = await make_practice(engine)
    foreign = await make_practice(engine)
    mine = (await create(execute, practice))["scheduleView"]
    theirs = (await create(execute, foreign))["scheduleView"]
    before = await settings_state(engine)
    stale = await execute(
        UPDATE_VIEW,
        {"input": {"scheduleViewId": mine["id"], "baseVersion": 3, "name": "New"}},
        viewer=practice.staff,
    )
    assert only_error(stale.data["updateScheduleView"]) == (
        ["input", "baseVersion"],
        "VERSION_CONFLICT",
    )
    stale_delete = await execute(
        DELETE_VIEW,
        {"input": {"scheduleViewId": mine["id"], "baseVersion": 2}},
        viewer=practice.staff,
    )
    assert only_error(stale_delete.data["deleteScheduleView"])[1] == "VERSION_CONFLICT"
    # the same subject in another organization: not theirs
    elsewhere = await execute(
        DELETE_VIEW,
        {"input": {"scheduleViewId": theirs["id"], "baseVersion": 1}},
        viewer=practice.staff,
    )
    assert only_error(elsewhere.data["deleteScheduleView"])[1] == "NOT_FOUND"
    assert await settings_state(engine) == before


async def test_concurrent_views_of_one_name_make_one_and_one_default(engine, execute):
    practice = await make_practice(engine)
    same_name = await asyncio.gather(*(create(execute, practice) for _ in range(4)))
    assert sum(p["scheduleView"] is not None for p in same_name) == 1
    assert (
        sorted(only_error(p)[1] for p in same_name if p["scheduleView"] is None)
        == ["DUPLICATE"] * 3
    )
    defaults = await asyncio.gather(
        *(create(execute, practice, name=f"View {n}", isDefault=True) for n in range(4))
    )
    assert all(p["userErrors"] == [] for p in defaults)
    listed = await execute(MY_VIEWS, {"first": 10}, viewer=practice.staff)
    flags = [edge["node"]["isDefault"] for edge in listed.data["myScheduleViews"]["edges"]]
    assert (len(flags), sum(flags)) == (5, 1)


async def test_my_views_are_paged_by_name(engine, execute):
    practice = await make_practice(engine)
    for name in ("C", "A", "B"):
        await create(execute, practice, name=name)
    first = await execute(MY_VIEWS, {"first": 2}, viewer=practice.staff)
    page = first.data["myScheduleViews"]
    assert [e["node"]["name"] for e in page["edges"]] == ["A", "B"]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = await execute(
        MY_VIEWS, {"first": 2, "after": page["pageInfo"]["endCursor"]}, viewer=practice.staff
    )
    assert [e["node"]["name"] for e in rest.data["myScheduleViews"]["edges"]] == ["C"]
