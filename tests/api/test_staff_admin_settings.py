"""The staff-admin role: whatever staff may, and other users' schedule views and saved searches
too (listed with `owner`, read, changed and deleted); staff still meet another user's item as
NOT_FOUND and may not list another owner's (FORBIDDEN), changing nothing."""

from __future__ import annotations

import uuid
from dataclasses import replace

from strawberry.relay import GlobalID

from resolvers.viewer import Role
from tests.support.factories import global_id, make_practice
from tests.support.settings_documents import (
    CREATE_SEARCH,
    CREATE_VIEW,
    DELETE_SEARCH,
    DELETE_VIEW,
    UPDATE_SEARCH,
    UPDATE_VIEW,
    colleague,
    only_error,
    settings_state,
)
from tests.support.setup_documents import audit_trail
from tests.support.tokens import bearer

VIEWS_OF = """
query ($owner: String) { myScheduleViews(first: 10, owner: $owner) {
  totalCount edges { node { id name isDefault owner version } } } }
"""
SEARCHES_OF = """
query ($owner: String) { mySavedSearches(first: 10, owner: $owner) {
  totalCount edges { node { id name owner version } } } }
"""


def node_uuid(ident: str) -> uuid.UUID:
    return uuid.UUID(GlobalID.from_id(ident).node_id)


def admin_of(practice):
    return replace(practice.staff, role=Role.STAFF_ADMIN, subject="admin-1")


async def view_of(execute, viewer, name: str, **extra) -> str:
    result = await execute(CREATE_VIEW, {"input": {"name": name, **extra}}, viewer=viewer)
    assert result.data["createScheduleView"]["userErrors"] == []
    ident: str = result.data["createScheduleView"]["scheduleView"]["id"]
    return ident


async def search_of(execute, practice, viewer, name: str) -> str:
    search = {"locationIds": [global_id("Location", practice.location.id)]}
    result = await execute(
        CREATE_SEARCH, {"input": {"name": name, "filter": search}}, viewer=viewer
    )
    assert result.data["createSavedSearch"]["userErrors"] == []
    ident: str = result.data["createSavedSearch"]["savedSearch"]["id"]
    return ident


async def test_staff_may_neither_list_nor_touch_another_users_views(engine, execute):
    practice = await make_practice(engine)
    theirs = await view_of(execute, practice.staff, "Front desk")
    other = colleague(practice.staff)
    before = await settings_state(engine)
    listed = await execute(VIEWS_OF, {"owner": "staff-test"}, viewer=other)
    assert listed.data is None
    assert [(e.message, e.extensions) for e in listed.errors] == [
        (
            "Only a staff admin may list another user's settings",
            {"code": "FORBIDDEN", "field": "owner"},
        )
    ]
    changed = await execute(
        UPDATE_VIEW,
        {"input": {"scheduleViewId": theirs, "baseVersion": 1, "name": "Taken"}},
        viewer=other,
    )
    removed = await execute(
        DELETE_VIEW, {"input": {"scheduleViewId": theirs, "baseVersion": 1}}, viewer=other
    )
    assert only_error(changed.data["updateScheduleView"]) == (
        ["input", "scheduleViewId"],
        "NOT_FOUND",
    )
    assert only_error(removed.data["deleteScheduleView"]) == (
        ["input", "scheduleViewId"],
        "NOT_FOUND",
    )
    assert await settings_state(engine) == before
    # naming oneself is the default list
    mine = await execute(VIEWS_OF, {"owner": "staff-test"}, viewer=practice.staff)
    assert [edge["node"]["name"] for edge in mine.data["myScheduleViews"]["edges"]] == [
        "Front desk"
    ]


async def test_a_staff_admin_lists_changes_and_deletes_another_users_views(engine, execute, http):
    practice = await make_practice(engine)
    admin = admin_of(practice)
    front = await view_of(execute, practice.staff, "Front desk", isDefault=True)
    hygiene = await view_of(execute, practice.staff, "Hygiene")
    own = await view_of(execute, admin, "Everything", isDefault=True)
    # over HTTP with a staff-admin token: the owner's views, theirs only
    response = await http.post(
        "/graphql",
        json={"query": VIEWS_OF, "variables": {"owner": "staff-test"}},
        headers=bearer(admin),
    )
    assert response.json()["data"] == {
        "myScheduleViews": {
            "totalCount": 2,
            "edges": [
                {
                    "node": {
                        "id": front,
                        "name": "Front desk",
                        "isDefault": True,
                        "owner": "staff-test",
                        "version": 1,
                    }
                },
                {
                    "node": {
                        "id": hygiene,
                        "name": "Hygiene",
                        "isDefault": False,
                        "owner": "staff-test",
                        "version": 1,
                    }
                },
            ],
        }
    }
    node = await execute(
        "query ($id: ID!) { node(id: $id) { ... on ScheduleView { name owner } } }",
        {"id": hygiene},
        viewer=admin,
    )
    assert node.data["node"] == {"name": "Hygiene", "owner": "staff-test"}
    # names clash with the owner's views, not the admin's
    before = await settings_state(engine)
    clash = await execute(
        UPDATE_VIEW,
        {"input": {"scheduleViewId": hygiene, "baseVersion": 1, "name": "Front desk"}},
        viewer=admin,
    )
    assert only_error(clash.data["updateScheduleView"]) == (["input", "name"], "DUPLICATE")
    assert await settings_state(engine) == before
    # a new default replaces the owner's default, and the admin's stays
    changed = await execute(
        UPDATE_VIEW,
        {
            "input": {
                "scheduleViewId": hygiene,
                "baseVersion": 1,
                "name": "Everything",
                "isDefault": True,
            }
        },
        viewer=admin,
    )
    assert changed.data["updateScheduleView"]["userErrors"] == []
    listed = await execute(VIEWS_OF, {"owner": "staff-test"}, viewer=admin)
    assert [
        (edge["node"]["name"], edge["node"]["isDefault"], edge["node"]["version"])
        for edge in listed.data["myScheduleViews"]["edges"]
    ] == [("Everything", True, 2), ("Front desk", False, 1)]
    mine = await execute(VIEWS_OF, {}, viewer=admin)
    assert [
        (edge["node"]["id"], edge["node"]["isDefault"])
        for edge in mine.data["myScheduleViews"]["edges"]
    ] == [(own, True)]
    removed = await execute(
        DELETE_VIEW, {"input": {"scheduleViewId": front, "baseVersion": 1}}, viewer=admin
    )
    assert removed.data["deleteScheduleView"] == {"deletedId": front, "userErrors": []}
    left = await execute(VIEWS_OF, {"owner": "staff-test"}, viewer=practice.staff)
    assert left.data["myScheduleViews"]["totalCount"] == 1
    # the audit names the admin who changed them
    trail = await audit_trail(engine, node_uuid(hygiene))
    assert [(action, actor) for action, actor, _ in trail] == [
        ("CREATED", "staff-test"),
        ("UPDATED", "admin-1"),
    ]


async def test_a_staff_admin_lists_changes_and_deletes_another_users_searches(engine, execute):
    practice = await make_practice(engine)
    admin = admin_of(practice)
    theirs = await search_of(execute, practice, practice.staff, "Riverside")
    await search_of(execute, practice, admin, "Mine")
    listed = await execute(SEARCHES_OF, {"owner": "staff-test"}, viewer=admin)
    assert listed.data["mySavedSearches"] == {
        "totalCount": 1,
        "edges": [
            {"node": {"id": theirs, "name": "Riverside", "owner": "staff-test", "version": 1}}
        ],
    }
    changed = await execute(
        UPDATE_SEARCH,
        {"input": {"savedSearchId": theirs, "baseVersion": 1, "name": "Mine"}},
        viewer=admin,
    )
    assert changed.data["updateSavedSearch"]["userErrors"] == []
    assert changed.data["updateSavedSearch"]["savedSearch"]["name"] == "Mine"
    removed = await execute(
        DELETE_SEARCH, {"input": {"savedSearchId": theirs, "baseVersion": 2}}, viewer=admin
    )
    assert removed.data["deleteSavedSearch"] == {"deletedId": theirs, "userErrors": []}
    gone = await execute(SEARCHES_OF, {}, viewer=practice.staff)
    assert gone.data["mySavedSearches"] == {"totalCount": 0, "edges": []}
    # a staff colleague cannot list the admin's searches
    refused = await execute(SEARCHES_OF, {"owner": "admin-1"}, viewer=colleague(practice.staff))
    assert refused.data is None
    assert refused.errors[0].extensions == {"code": "FORBIDDEN", "field": "owner"}
