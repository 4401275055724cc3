"""bulkConfirmAppointments through the schema: the confirmed/skipped/conflicts split."""

from __future__ import annotations

import uuid

from tests.support.factories import global_id, make_practice
from tests.support.lifecycle_documents import CANCEL, booked, database_state

BULK = """
mutation ($input: BulkConfirmAppointmentsInput!) { bulkConfirmAppointments(input: $input) {
  confirmed { id version confirmationStatus { id } history { edges { node { action changes { field before after } } } } }
  skipped
  conflicts { appointmentId currentVersion }
  userErrors { field code message conflicts { reason } }
} }
"""
DAY = """
query ($l: ID!) { calendarDay(locationId: $l, date: "2030-01-07") {
  appointments { id version confirmationStatus { id } } } }
"""


def bulk_input(status_id, items: list[tuple[str, int]], **extra) -> dict:
    return {
        "input": {
            "confirmationStatusId": global_id("ConfirmationStatus", status_id),
            "items": [{"appointmentId": ident, "baseVersion": version} for ident, version in items],
            **extra,
        }
    }


def error_of(result) -> dict:
    assert result.errors is None, result.errors
    payload = result.data["bulkConfirmAppointments"]
    assert (payload["confirmed"], payload["skipped"], payload["conflicts"]) == ([], [], [])
    [error] = payload["userErrors"]
    return error


async def test_fresh_stale_unknown_foreign_and_cancelled_items_split_as_documented(engine, execute):
    # given two fresh appointments, a stale one, a cancelled one, an unknown and a foreign id
    practice = await make_practice(engine)
    other = await make_practice(engine)
    first = await booked(execute, practice, start="09:00")
    second = await booked(execute, practice, start="10:00")
    stale = await booked(execute, practice, start="11:00")
    cancelled = await booked(execute, practice, start="13:00")
    await execute(
        CANCEL,
        {"input": {"appointmentId": cancelled["id"], "baseVersion": 1, "cancelledBy": "PRACTICE"}},
        viewer=practice.staff,
    )
    foreign = await booked(execute, other)
    unknown = global_id("Appointment", uuid.uuid4())
    status = practice.confirmation_status.id
    # when staff confirm them all at once
    result = await execute(
        BULK,
        bulk_input(
            status,
            [
                (first["id"], 1),
                (unknown, 1),
                (stale["id"], 5),
                (foreign["id"], 1),
                (second["id"], 1),
                (cancelled["id"], 2),
            ],
        ),
        viewer=practice.staff,
    )
    # then only the fresh ones change, each with one history entry
    assert result.errors is None

    def confirmed(appointment: dict) -> dict:
        return {
            "id": appointment["id"],
            "version": 2,
            "confirmationStatus": {"id": global_id("ConfirmationStatus", status)},
            "history": {
                "edges": [
                    {
                        "node": {
                            "action": "BOOKED",
                            "changes": appointment["history"]["edges"][0]["node"]["changes"],
                        }
                    },
                    {
                        "node": {
                            "action": "CONFIRMATION_SET",
                            "changes": [
                                {
                                    "field": "confirmationStatus",
                                    "before": None,
                                    "after": global_id("ConfirmationStatus", status),
                                }
                            ],
                        }
                    },
                ]
            },
        }

    assert result.data["bulkConfirmAppointments"] == {
        "confirmed": [confirmed(first), confirmed(second)],
        "skipped": [unknown, foreign["id"], cancelled["id"]],
        "conflicts": [{"appointmentId": stale["id"], "currentVersion": 1}],
        "userErrors": [],
    }
    day = await execute(
        DAY, {"l": global_id("Location", practice.location.id)}, viewer=practice.staff
    )
    confirmed_status = {"id": global_id("ConfirmationStatus", status)}
    assert day.data["calendarDay"]["appointments"] == [
        {"id": first["id"], "version": 2, "confirmationStatus": confirmed_status},
        {"id": second["id"], "version": 2, "confirmationStatus": confirmed_status},
        {"id": stale["id"], "version": 1, "confirmationStatus": None},
    ]


async def test_invalid_requests_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    appointment = await booked(execute, practice)
    before = await database_state(engine)
    status = practice.confirmation_status.id
    ident = appointment["id"]
    too_many = [(global_id("Appointment", uuid.uuid4()), 1) for _ in range(101)]
    cases = [
        (
            bulk_input(status, too_many),
            "VALIDATION",
            "items",
            "items must list 1 to 100 appointments",
        ),
        (bulk_input(status, []), "VALIDATION", "items", "items must list 1 to 100 appointments"),
        (
            bulk_input(status, [(ident, 1), (ident, 1)]),
            "VALIDATION",
            "items",
            "An appointment is listed twice",
        ),
        (
            bulk_input(status, [(global_id("Provider", practice.provider.id), 1)]),
            "VALIDATION",
            "items",
            "Expected an ID of a Appointment, got one of a Provider",
        ),
        (
            bulk_input(uuid.uuid4(), [(ident, 1)]),
            "NOT_FOUND",
            "confirmationStatusId",
            "No confirmation status with this ID",
        ),
        (
            bulk_input(other.confirmation_status.id, [(ident, 1)]),
            "NOT_FOUND",
            "confirmationStatusId",
            "No confirmation status with this ID",
        ),
    ]
    for variables, code, field, message in cases:
        result = await execute(BULK, variables, viewer=practice.staff)
        assert error_of(result) == {
            "field": ["input", field],
            "code": code,
            "message": message,
            "conflicts": [],
        }, message
    by_patient = await execute(
        BULK, bulk_input(status, [(ident, 1)]), viewer=practice.patient_viewer()
    )
    assert error_of(by_patient) == {
        "field": None,
        "code": "FORBIDDEN",
        "message": "Only staff may confirm appointments",
        "conflicts": [],
    }
    assert await database_state(engine) == before
    # exactly 100 items is fine
    hundred = [(ident, 1), *too_many[:99]]
    result = await execute(BULK, bulk_input(status, hundred), viewer=practice.staff)
    payload = result.data["bulkConfirmAppointments"]
    assert ([a["id"] for a in payload["confirmed"]], len(payload["skipped"])) == ([ident], 99)


async def test_statement_count_does_not_grow_with_the_items(engine, execute, count_statements):
    practice = await make_practice(engine)
    status = practice.confirmation_status.id
    few = [await booked(execute, practice, start=f"{hour:02d}:00") for hour in (7, 8)]
    many = [await booked(execute, practice, start=f"{hour:02d}:00") for hour in range(9, 17)]
    counts = []
    for group in (few, many):
        with count_statements() as counter:
            result = await execute(
                BULK, bulk_input(status, [(a["id"], 1) for a in group]), viewer=practice.staff
            )
        assert len(result.data["bulkConfirmAppointments"]["confirmed"]) == len(group)
        counts.append(counter.count)
    assert counts[0] == counts[1]
    assert sum("FOR UPDATE" in s for s in counter.statements) == 1


async def test_a_retried_key_replays_the_same_split(engine, execute):
    practice = await make_practice(engine)
    fresh = await booked(execute, practice)
    stale = await booked(execute, practice, start="11:00")
    unknown = global_id("Appointment", uuid.uuid4())
    request = bulk_input(
        practice.confirmation_status.id,
        [(fresh["id"], 1), (stale["id"], 3), (unknown, 1)],
        idempotencyKey="bulk-1",
    )
    first = await execute(BULK, request, viewer=practice.staff)
    state = await database_state(engine)
    again = await execute(BULK, request, viewer=practice.staff)
    assert again.data == first.data
    payload = first.data["bulkConfirmAppointments"]
    assert (payload["skipped"], payload["conflicts"]) == (
        [unknown],
        [{"appointmentId": stale["id"], "currentVersion": 1}],
    )
    assert await database_state(engine) == state
