"""Recalls booked by appointments: bookAppointment links them, cancelling frees, completing rolls."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text

from tests.support.connections import changes, history, nodes
from tests.support.factories import global_id, make_patient, make_practice
from tests.support.lifecycle_documents import BOOK, CANCEL, booking_input, database_state
from tests.support.recall_rows import make_recall, make_type, today

RECALL = "id status dueDate previousDate version appointment { id status }"
READ = f"""query ($id: ID!) {{ node(id: $id) {{ ... on PatientRecall {{ {RECALL} }} }} }}"""
APPOINTMENT_RECALLS = """query ($id: ID!) {
  node(id: $id) { ... on Appointment { status recalls { id status } } } }"""
PATIENT_RECALLS = """query ($id: ID!) {
  node(id: $id) { ... on Patient { recalls { id status recallType { name } } } } }"""
DUE = """query ($dueOn: Date!) { dueRecalls(dueOn: $dueOn) { edges { node { id } } } }"""
TRANSITION = """mutation ($input: TransitionAppointmentInput!) {
  transitionAppointment(input: $input) {
    appointment { id status history { edges { node { action changes { field before after } } } } }
    userErrors { field code message } } }"""


def rid(row: Any) -> str:
    return global_id("PatientRecall", row.id)


async def read(execute, practice, recall) -> dict[str, Any]:
    result = await execute(READ, {"id": rid(recall)}, viewer=practice.staff)
    assert result.errors is None, result.errors
    return result.data["node"]


async def book(execute, practice, recalls, **extra) -> dict[str, Any]:
    variables = {"input": booking_input(practice, patientRecallIds=recalls, **extra)}
    result = await execute(BOOK, variables, viewer=practice.staff)
    assert result.errors is None, result.errors
    return result.data["bookAppointment"]


async def recall_rows(engine) -> list[tuple[Any, ...]]:
    async with engine.connect() as connection:
        rows = await connection.execute(text("SELECT * FROM patient_recalls ORDER BY id"))
        return [tuple(row) for row in rows]


async def test_booking_a_recall_schedules_it_and_cancelling_opens_it_again(engine, execute):
    # given an overdue hygiene recall
    practice = await make_practice(engine)
    hygiene = await make_recall(
        engine, practice, await make_type(engine, practice), today() - timedelta(days=3)
    )
    # when staff book a visit for it
    payload = await book(execute, practice, [rid(hygiene)])
    # then the recall reads SCHEDULED, points at the visit and leaves the due list
    assert payload["userErrors"] == []
    appointment = payload["appointment"]
    assert await read(execute, practice, hygiene) == {
        "id": rid(hygiene), "status": "SCHEDULED", "dueDate": hygiene.due_date.isoformat(),
        "previousDate": None, "version": 2,
        "appointment": {"id": appointment["id"], "status": "SCHEDULED"},
    }  # fmt: skip
    booked = changes(history(appointment)[0])["recalls"]
    assert booked == {"before": None, "after": [rid(hygiene)]}
    on_visit = await execute(APPOINTMENT_RECALLS, {"id": appointment["id"]}, viewer=practice.staff)
    assert on_visit.data["node"]["recalls"] == [{"id": rid(hygiene), "status": "SCHEDULED"}]
    due = await execute(DUE, {"dueOn": today().isoformat()}, viewer=practice.staff)
    assert nodes(due.data["dueRecalls"]) == []
    # when the visit is cancelled
    cancel = {"appointmentId": appointment["id"], "baseVersion": 1, "cancelledBy": "PRACTICE"}
    cancelled = await execute(CANCEL, {"input": cancel}, viewer=practice.staff)
    assert cancelled.data["cancelAppointment"]["userErrors"] == []
    # then the recall is overdue again (no write needed) and can be booked anew
    again = await read(execute, practice, hygiene)
    assert (again["status"], again["appointment"]["status"]) == ("OVERDUE", "CANCELLED")
    due = await execute(DUE, {"dueOn": today().isoformat()}, viewer=practice.staff)
    assert nodes(due.data["dueRecalls"]) == [{"id": rid(hygiene)}]
    rebooked = await book(
        execute, practice, [rid(hygiene)], slot={"date": "2030-01-08", "startTime": "09:00"}
    )
    assert rebooked["userErrors"] == []
    assert (await read(execute, practice, hygiene))["appointment"]["id"] == rebooked["appointment"][
        "id"
    ]


async def test_a_lapsed_hold_no_longer_books_its_recall(engine, execute):
    # given a recall held for a visit
    practice = await make_practice(engine)
    recall = await make_recall(engine, practice, await make_type(engine, practice), today())
    payload = await book(execute, practice, [rid(recall)], hold=True)
    assert (await read(execute, practice, recall))["status"] == "SCHEDULED"
    # when the hold's time runs out
    async with engine.begin() as connection:
        await connection.execute(
            text("UPDATE appointments SET hold_expires_at = now() - interval '1 second'")
        )
    # then the recall is due again and the visit reads EXPIRED
    again = await read(execute, practice, recall)
    assert (again["status"], again["appointment"]) == (
        "DUE",
        {"id": payload["appointment"]["id"], "status": "EXPIRED"},
    )


async def test_completing_the_visit_rolls_the_recall_forward(engine, execute):
    # given a 6-month recall booked by a visit on 2030-01-07 (Chicago)
    practice = await make_practice(engine)
    recall = await make_recall(
        engine, practice, await make_type(engine, practice), date(2029, 12, 31), months=6
    )
    appointment = (await book(execute, practice, [rid(recall)]))["appointment"]
    # when the visit is completed
    variables = {
        "input": {"appointmentId": appointment["id"], "baseVersion": 1, "status": "COMPLETE"}
    }
    result = await execute(TRANSITION, variables, viewer=practice.staff)
    payload = result.data["transitionAppointment"]
    # then the recall was done that local day and is next due six months later
    assert payload["userErrors"] == []
    assert await read(execute, practice, recall) == {
        "id": rid(recall), "status": "DUE", "dueDate": "2030-07-07", "previousDate": "2030-01-07",
        "version": 3, "appointment": None,
    }  # fmt: skip
    last = changes(history(payload["appointment"])[-1])
    assert last["completedRecalls"] == {"before": None, "after": [rid(recall)]}


async def test_recalls_that_cannot_be_booked_change_nothing(engine, execute):
    # given recalls of every kind that bookAppointment must refuse
    practice = await make_practice(engine)
    other_practice = await make_practice(engine)
    hygiene, exam = await make_type(engine, practice), await make_type(engine, practice, "Exam", 12)
    someone = await make_patient(engine, practice.org)
    theirs = await make_recall(engine, practice, hygiene, today(), patient=someone)
    disabled = await make_recall(engine, practice, hygiene, today(), disabled=True)
    perio = await make_type(engine, practice, "Perio", 3)
    completed = await make_recall(engine, practice, perio, today(), status="completed")
    foreign = await make_recall(
        engine, other_practice, await make_type(engine, other_practice), today()
    )
    booked_elsewhere = await make_recall(engine, practice, exam, today())
    assert (await book(execute, practice, [rid(booked_elsewhere)]))["userErrors"] == []
    before = (await database_state(engine), await recall_rows(engine))
    later: dict[str, Any] = {"slot": {"date": "2030-01-08", "startTime": "09:00"}}
    cases = [
        ([rid(theirs)], "VALIDATION", "The recall belongs to another patient"),
        ([rid(disabled)], "VALIDATION", "The recall is disabled"),
        ([rid(booked_elsewhere)], "VALIDATION",
         "The recall is already scheduled by a live appointment"),
        ([rid(completed)], "VALIDATION", "The recall is completed"),
        ([rid(foreign)], "NOT_FOUND", "No patient recall with this ID"),
        ([rid(disabled)] * 11, "VALIDATION", None),  # duplicates collapse: disabled
    ]  # fmt: skip
    for ids, code, message in cases:
        # when staff try to book with it
        payload = await book(execute, practice, ids, **later)
        # then a typed error names the field, and nothing changed
        (error,) = payload["userErrors"]
        assert (error["field"], error["code"]) == (["input", "patientRecallIds"], code), ids
        assert message is None or error["message"] == message
        assert (await database_state(engine), await recall_rows(engine)) == before
    # patients may not book recalls
    variables = {"input": booking_input(practice, patientRecallIds=[rid(hygiene)], **later)}
    result = await execute(BOOK, variables, viewer=practice.patient_viewer())
    assert result.data["bookAppointment"]["userErrors"][0]["code"] == "FORBIDDEN"
    assert (await database_state(engine), await recall_rows(engine)) == before


async def test_two_bookings_racing_for_one_recall_link_it_once(engine, execute):
    # given one due recall
    practice = await make_practice(engine)
    recall = await make_recall(engine, practice, await make_type(engine, practice), today())
    # when two staff book different slots for it at once
    payloads = await asyncio.gather(
        book(execute, practice, [rid(recall)]),
        book(execute, practice, [rid(recall)], slot={"date": "2030-01-08", "startTime": "09:00"}),
    )
    # then exactly one booking succeeds and the recall points at it
    winners = [p for p in payloads if not p["userErrors"]]
    losers = [p["userErrors"][0]["code"] for p in payloads if p["userErrors"]]
    assert (len(winners), losers) == (1, ["VALIDATION"])
    linked = (await read(execute, practice, recall))["appointment"]["id"]
    assert linked == winners[0]["appointment"]["id"]


async def test_patient_recalls_field(engine, execute):
    # given two recalls of the practice's patient and one of someone else
    practice = await make_practice(engine)
    hygiene, exam = await make_type(engine, practice), await make_type(engine, practice, "Exam", 12)
    later = await make_recall(engine, practice, exam, today() + timedelta(days=30))
    sooner = await make_recall(engine, practice, hygiene, today() - timedelta(days=1))
    await make_recall(
        engine, practice, hygiene, today(), patient=await make_patient(engine, practice.org)
    )
    patient_id = global_id("Patient", practice.patient.id)
    expected = [
        {"id": rid(sooner), "status": "OVERDUE", "recallType": {"name": "Hygiene"}},
        {"id": rid(later), "status": "DUE", "recallType": {"name": "Exam"}},
    ]
    # then staff and the patient themselves see them by due date
    for viewer in (practice.staff, practice.patient_viewer()):
        result = await execute(PATIENT_RECALLS, {"id": patient_id}, viewer=viewer)
        assert result.data["node"]["recalls"] == expected
