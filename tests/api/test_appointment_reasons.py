"""cancelAppointment and breakAppointment with an entry of the organization's reasons (or free
text), the reason readable on the appointment and in its history, refusals that change
nothing, and the report that counts appointments by reason."""

from __future__ import annotations

from tests.support.catalog_documents import ARCHIVE_REASON, CREATE_REASON, catalog_state
from tests.support.factories import global_id, make_location, make_operatory, make_practice
from tests.support.lifecycle_documents import BOOK, booking_input
from tests.support.tokens import bearer

SHOWN = """
  appointment { id status version statusReason reason { name kind active }
                history { edges { node { action changes { field before after } } } } }
  userErrors { field code message }
"""
CANCEL = (
    "mutation ($input: CancelAppointmentInput!) "
    f"{{ cancelAppointment(input: $input) {{ {SHOWN} }} }}"
)
BREAK = (
    f"mutation ($input: BreakAppointmentInput!) {{ breakAppointment(input: $input) {{ {SHOWN} }} }}"
)
COUNTS = """
query ($kind: AppointmentReasonKind!, $from: Date!, $to: Date!, $locationId: ID) {
  appointmentCountsByReason(kind: $kind, from: $from, to: $to, locationId: $locationId) {
    reason { name } count
  }
}
"""


async def booked(execute, practice, **extra) -> str:
    result = await execute(BOOK, {"input": booking_input(practice, **extra)}, viewer=practice.staff)
    assert result.data["bookAppointment"]["userErrors"] == [], result.data
    return result.data["bookAppointment"]["appointment"]["id"]


async def reason(execute, practice, kind: str, name: str) -> str:
    result = await execute(
        CREATE_REASON, {"input": {"kind": kind, "name": name}}, viewer=practice.staff
    )
    return result.data["createAppointmentReason"]["reason"]["id"]


def cancel(ident: str, **extra) -> dict:
    return {"input": {"appointmentId": ident, "baseVersion": 1, "cancelledBy": "PRACTICE", **extra}}


async def test_a_cancellation_keeps_its_reason(engine, execute):
    practice = await make_practice(engine)
    unwell = await reason(execute, practice, "CANCELLATION", "Feeling unwell")
    visit = await booked(execute, practice)
    result = await execute(CANCEL, cancel(visit, reasonId=unwell), viewer=practice.staff)
    appointment = result.data["cancelAppointment"]["appointment"]
    assert result.data["cancelAppointment"]["userErrors"] == []
    assert (appointment["status"], appointment["statusReason"], appointment["reason"]) == (
        "CANCELLED",
        "Feeling unwell",
        {"name": "Feeling unwell", "kind": "CANCELLATION", "active": True},
    )
    (entry,) = [
        edge["node"]
        for edge in appointment["history"]["edges"]
        if edge["node"]["action"] == "CANCELLED"
    ]
    assert {"field": "reason", "before": None, "after": unwell} in entry["changes"]
    assert {"field": "statusReason", "before": None, "after": "Feeling unwell"} in entry["changes"]


async def test_a_no_show_with_a_reason_and_free_text(engine, execute):
    practice = await make_practice(engine)
    forgot = await reason(execute, practice, "NO_SHOW", "Forgot")
    visit = await booked(execute, practice)
    only_id = {"appointmentId": visit, "baseVersion": 1, "reasonId": forgot,
               "reason": "Phoned at 9:20, no answer"}  # fmt: skip
    result = await execute(BREAK, {"input": only_id}, viewer=practice.staff)
    appointment = result.data["breakAppointment"]["appointment"]
    assert (appointment["status"], appointment["statusReason"], appointment["reason"]["name"]) == (
        "BROKEN",
        "Phoned at 9:20, no answer",
        "Forgot",
    )


async def test_reason_refusals_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    unwell = await reason(execute, practice, "CANCELLATION", "Feeling unwell")
    forgot = await reason(execute, practice, "NO_SHOW", "Forgot")
    retired = await reason(execute, practice, "CANCELLATION", "Weather")
    await execute(ARCHIVE_REASON, {"input": {"reasonId": retired, "baseVersion": 1}},
                  viewer=practice.staff)  # fmt: skip
    foreign = await reason(execute, other, "CANCELLATION", "Feeling unwell")
    visit = await booked(execute, practice)
    before = await catalog_state(engine)
    cases = [
        (CANCEL, cancel(visit, reasonId=forgot), "reasonId", "VALIDATION",
         "This is a no-show reason, not a cancellation reason"),
        (CANCEL, cancel(visit, reasonId=retired), "reasonId", "VALIDATION",
         "The reason 'Weather' is archived"),
        (CANCEL, cancel(visit, reasonId=foreign), "reasonId", "NOT_FOUND",
         "No reason with this ID"),
        (CANCEL, cancel(visit, reasonId=global_id("Patient", practice.patient.id)), "reasonId",
         "VALIDATION", "Expected an ID of a AppointmentReason, got one of a Patient"),
        (BREAK, {"input": {"appointmentId": visit, "baseVersion": 1, "reasonId": unwell}},
         "reasonId", "VALIDATION", "This is a cancellation reason, not a no-show reason"),
        (BREAK, {"input": {"appointmentId": visit, "baseVersion": 1}}, "reason", "VALIDATION",
         "reason or reasonId is required"),
    ]  # fmt: skip
    for document, variables, field, code, message in cases:
        result = await execute(document, variables, viewer=practice.staff)
        (payload,) = result.data.values()
        assert payload == {
            "appointment": None,
            "userErrors": [{"field": ["input", field], "code": code, "message": message}],
        }, variables
    assert await catalog_state(engine) == before


async def test_counts_by_reason_over_a_range(engine, execute, http):
    practice = await make_practice(engine)
    unwell = await reason(execute, practice, "CANCELLATION", "Feeling unwell")
    conflict = await reason(execute, practice, "CANCELLATION", "Schedule conflict")
    forgot = await reason(execute, practice, "NO_SHOW", "Forgot")
    london = await make_location(engine, practice.org, time_zone="Europe/London")
    chair = await make_operatory(engine, london)
    elsewhere = {
        "locationId": global_id("Location", london.id),
        "operatoryId": global_id("Operatory", chair.id),
    }
    plan = [  # (date, start, where, cancel or break, reason id, free text)
        ("2030-01-07", "09:00", {}, CANCEL, unwell, None),
        ("2030-01-07", "10:00", {}, CANCEL, unwell, None),
        ("2030-01-08", "09:00", {}, CANCEL, conflict, None),
        ("2030-01-08", "10:00", {}, CANCEL, None, "Moved away"),
        ("2030-01-09", "09:00", elsewhere, CANCEL, unwell, None),
        ("2030-01-09", "10:00", {}, BREAK, forgot, None),
        ("2030-02-04", "09:00", {}, CANCEL, conflict, None),  # outside the range
    ]
    for day, start, where, document, reason_id, text in plan:
        visit = await booked(execute, practice, date=day, start=start, **where)
        variables = (
            cancel(visit, reasonId=reason_id, reason=text)
            if document is CANCEL
            else {"input": {"appointmentId": visit, "baseVersion": 1, "reasonId": reason_id}}
        )
        done = await execute(document, variables, viewer=practice.staff)
        assert next(iter(done.data.values()))["userErrors"] == []
    january = {"kind": "CANCELLATION", "from": "2030-01-01", "to": "2030-01-31"}
    response = await http.post(
        "/graphql",
        json={"query": COUNTS, "variables": january},
        headers=bearer(practice.staff),
    )
    # most frequent first; the free-text bucket last among equals (NULL sorts last)
    assert response.json()["data"]["appointmentCountsByReason"] == [
        {"reason": {"name": "Feeling unwell"}, "count": 3},
        {"reason": {"name": "Schedule conflict"}, "count": 1},
        {"reason": None, "count": 1},
    ]
    main_only = {**january, "locationId": global_id("Location", practice.location.id)}
    counts = await execute(COUNTS, main_only, viewer=practice.staff)
    by_name = {
        (row["reason"] or {}).get("name"): row["count"]
        for row in counts.data["appointmentCountsByReason"]
    }
    assert by_name == {"Feeling unwell": 2, "Schedule conflict": 1, None: 1}
    no_shows = await execute(COUNTS, {**january, "kind": "NO_SHOW"}, viewer=practice.staff)
    assert no_shows.data["appointmentCountsByReason"] == [
        {"reason": {"name": "Forgot"}, "count": 1}
    ]


async def test_count_refusals(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    cases = [
        ({"from": "2030-02-01", "to": "2030-01-01"}, "BAD_USER_INPUT"),
        ({"from": "2030-01-01", "to": "2031-06-01"}, "BAD_USER_INPUT"),
        ({"locationId": global_id("Location", other.location.id)}, "NOT_FOUND"),
    ]
    for extra, code in cases:
        variables = {"kind": "CANCELLATION", "from": "2030-01-01", "to": "2030-01-31", **extra}
        result = await execute(COUNTS, variables, viewer=practice.staff)
        assert result.data is None
        assert [error.extensions["code"] for error in result.errors] == [code], extra
    patient = await execute(
        COUNTS,
        {"kind": "CANCELLATION", "from": "2030-01-01", "to": "2030-01-31"},
        viewer=practice.patient_viewer(),
    )
    assert [error.extensions["code"] for error in patient.errors] == ["FORBIDDEN"]
