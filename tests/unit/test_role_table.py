"""The README's role table is the one the declarations give, and the table says what the
README's prose and the issue promise."""

from __future__ import annotations

from typing import cast

from graphql import GraphQLObjectType

from resolvers.access import Grant
from resolvers.viewer import Role
from schema.access_table import END, START, entries, matrix, render, replace_in
from schema.assembled import schema
from server.cli import main
from server.settings import PROJECT_ROOT

GRAPHQL = schema._schema
QUERY = cast(GraphQLObjectType, GRAPHQL.query_type)
MUTATION = cast(GraphQLObjectType, GRAPHQL.mutation_type)
SUBSCRIPTION = cast(GraphQLObjectType, GRAPHQL.subscription_type)


def test_the_readme_role_table_matches_the_declarations():
    readme = (PROJECT_ROOT / "README.md").read_text()
    assert render(GRAPHQL) in readme, "run `slotgraph role-table --write`"


def test_the_table_has_one_row_per_root_field_mutation_and_subscription():
    names = [(entry.operation, entry.name) for entry in entries(GRAPHQL)]
    assert names == (
        [("query", name) for name in QUERY.fields]
        + [("mutation", name) for name in MUTATION.fields]
        + [("subscription", name) for name in SUBSCRIPTION.fields]
    )


def test_staff_may_call_everything_and_integrations_only_what_the_readme_says():
    table = matrix(GRAPHQL)
    # a patient's own appointments are the one thing staff follow otherwise (calendarChanges)
    own = ("subscription", "myAppointmentChanges")
    assert table[own] == {
        Role.STAFF: Grant.NO,
        Role.STAFF_ADMIN: Grant.NO,
        Role.INTEGRATION: Grant.NO,
        Role.PATIENT: Grant.YES,
    }
    # staff keep their own views and saved searches; a staff admin reaches everyone's
    settings = {
        ("query", "myScheduleViews"),
        ("query", "mySavedSearches"),
        *(
            ("mutation", f"{verb}{kind}")
            for verb in ("create", "update", "delete")
            for kind in ("ScheduleView", "SavedSearch")
        ),
    }
    assert {key for key, grants in table.items() if grants[Role.STAFF] is Grant.OWN} == settings
    assert {grants[Role.STAFF] for key, grants in table.items() if key not in {own, *settings}} == {
        Grant.YES
    }
    assert {grants[Role.STAFF_ADMIN] for key, grants in table.items() if key != own} == {Grant.YES}
    staff_only_lifecycle = {
        "breakAppointment",
        "sendToPinboard",
        "placeFromPinboard",
        "transitionAppointment",
        "updateAppointment",
        "setAppointmentProviders",
        "setConfirmationStatus",
        "bulkConfirmAppointments",
        "createLocation",
    }
    for name in staff_only_lifecycle:
        assert table[("mutation", name)][Role.INTEGRATION] is Grant.NO, name
    for name in ("bookAppointment", "confirmBooking", "moveAppointment", "cancelAppointment"):
        assert table[("mutation", name)][Role.PATIENT] is Grant.OWN, name
    for name in ("calendarDay", "calendarWeek", "calendarMonth", "waitlistEntries"):
        assert table[("query", name)][Role.PATIENT] is Grant.NO, name
    for name in ("calendarChanges", "waitlistChanges"):
        assert table[("subscription", name)][Role.PATIENT] is Grant.NO, name


def test_the_cli_prints_the_table_and_replaces_the_readme_copy(capsys):
    main(["role-table"])
    assert capsys.readouterr().out.strip() == render(GRAPHQL)
    stale = f"intro\n{START}\n| old |\n{END}\noutro\n"
    assert replace_in(stale, render(GRAPHQL)) == f"intro\n{render(GRAPHQL)}\noutro\n"
