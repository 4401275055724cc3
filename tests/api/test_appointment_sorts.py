"""The appointments list's orders (start either way, patient name, newest booking, latest
change, status) page with keyset cursors at the same statements per page; `patientName`
narrows it by the patient's names; a cursor of another order is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from db.tables import appointments
from scheduling.appointment_status import AppointmentStatus
from tests.support.factories import global_id, make_appointment, make_patient, make_practice
from tests.support.graphql_errors import codes

LIST = """
query ($filter: AppointmentFilter, $sort: AppointmentSort, $first: Int!, $after: String) {
  appointments(filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount
    edges { node { id patient { lastName } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


def at(day: int, hour: int) -> datetime:
    return datetime(2030, 1, day, hour, tzinfo=UTC)


async def practice_with_visits(engine):
    """Five visits; returns the practice and {label: global id}."""
    practice = await make_practice(engine)  # Ann Smith
    bob = await make_patient(engine, practice.org, first_name="Bob", last_name="Adams")
    cara = await make_patient(engine, practice.org, first_name="Cara", last_name="adams")
    dan = await make_patient(engine, practice.org, first_name="Dan", last_name="Zeller")
    plan = [  # label, patient, start, status, created (day), updated (day)
        ("ann", practice.patient, at(7, 15), AppointmentStatus.SCHEDULED, 1, 5),
        ("bob", bob, at(8, 15), AppointmentStatus.COMPLETE, 3, 3),
        ("cara", cara, at(6, 15), AppointmentStatus.CANCELLED, 2, 9),
        ("dan", dan, at(9, 15), AppointmentStatus.SCHEDULED, 5, 6),
        ("bob2", bob, at(5, 15), AppointmentStatus.SCHEDULED, 4, 4),
    ]
    made = {}
    for label, patient, start, status, created, updated in plan:
        row = await make_appointment(
            engine, practice, start_at=start, end_at=start + timedelta(minutes=30),
            patient=patient, status=status,
        )  # fmt: skip
        async with engine.begin() as connection:
            await connection.execute(
                update(appointments)
                .where(appointments.c.id == row.id)
                .values(created_at=at(created, 1), updated_at=at(updated, 1))
            )
        made[label] = global_id("Appointment", row.id)
    return practice, made


async def walk(execute, viewer, count_statements, **variables) -> list[str]:
    """Every id of the list, two a page, checking each page costs the same statements."""
    seen, after, costs = [], None, set()
    while True:
        with count_statements() as counter:
            result = await execute(LIST, {"first": 2, "after": after, **variables}, viewer=viewer)
        assert result.errors is None, result.errors
        connection = result.data["appointments"]
        costs.add(counter.count)
        seen += [edge["node"]["id"] for edge in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            assert costs == {3}, costs  # the page, the count, the patients in one batch
            return seen
        after = connection["pageInfo"]["endCursor"]


async def test_each_order_pages_in_full(engine, execute, count_statements):
    practice, made = await practice_with_visits(engine)
    expected = {
        "START": ["bob2", "cara", "ann", "bob", "dan"],
        "START_DESC": ["dan", "bob", "ann", "cara", "bob2"],
        # adams (Bob, then Cara: first names), Smith, Zeller; the same patient by start
        "PATIENT_NAME": ["bob2", "bob", "cara", "ann", "dan"],
        "CREATED_DESC": ["dan", "bob2", "bob", "cara", "ann"],
        "UPDATED_DESC": ["cara", "dan", "ann", "bob2", "bob"],
        "STATUS": ["cara", "bob", "bob2", "ann", "dan"],  # cancelled, complete, scheduled
    }
    for sort, labels in expected.items():
        seen = await walk(execute, practice.staff, count_statements, sort=sort)
        assert seen == [made[label] for label in labels], sort


async def test_patient_name_search(engine, execute):
    practice, made = await practice_with_visits(engine)
    for words, labels in [
        ("adams", ["bob2", "cara", "bob"]),  # Bob Adams and Cara adams: case does not matter
        ("ADA", ["bob2", "cara", "bob"]),
        ("c ad", ["cara"]),
        ("  smith   ann ", ["ann"]),
        ("zz", []),
        ("%", []),
    ]:
        filter = {"patientName": words}
        result = await execute(LIST, {"first": 10, "filter": filter}, viewer=practice.staff)
        connection = result.data["appointments"]
        assert [edge["node"]["id"] for edge in connection["edges"]] == [
            made[label] for label in labels
        ], words
        assert connection["totalCount"] == len(labels)
    # A patient sees only their own, whatever name they search for.
    mine = await execute(
        LIST, {"first": 10, "filter": {"patientName": "adams"}}, viewer=practice.patient_viewer()
    )
    assert mine.data["appointments"]["edges"] == []
    own = await execute(
        LIST, {"first": 10, "filter": {"patientName": "ann"}}, viewer=practice.patient_viewer()
    )
    assert [edge["node"]["id"] for edge in own.data["appointments"]["edges"]] == [made["ann"]]


async def test_a_cursor_of_another_order_is_refused(engine, execute):
    practice, _ = await practice_with_visits(engine)
    first = await execute(LIST, {"first": 1, "sort": "PATIENT_NAME"}, viewer=practice.staff)
    cursor = first.data["appointments"]["pageInfo"]["endCursor"]
    for sort in ("START", "STATUS"):
        result = await execute(
            LIST, {"first": 1, "sort": sort, "after": cursor}, viewer=practice.staff
        )
        assert result.data is None
        assert codes(result) == ["BAD_USER_INPUT"]
    long_name = await execute(
        LIST, {"first": 1, "filter": {"patientName": "x" * 101}}, viewer=practice.staff
    )
    assert codes(long_name) == ["BAD_USER_INPUT"]


SAVE = """mutation ($input: CreateSavedSearchInput!) { createSavedSearch(input: $input) {
  savedSearch { appointmentFilter { patientName statuses } } userErrors { code } } }"""


async def test_a_saved_search_keeps_the_patient_name(engine, execute):
    practice = await make_practice(engine)
    for name, given, kept in [("names", "  ann   sm ", "ann sm"), ("none", None, None)]:
        search = {"name": name, "filter": {"patientName": given, "statuses": ["SCHEDULED"]}}
        result = await execute(SAVE, {"input": search}, viewer=practice.staff)
        assert result.data["createSavedSearch"] == {
            "savedSearch": {"appointmentFilter": {"patientName": kept, "statuses": ["SCHEDULED"]}},
            "userErrors": [],
        }
