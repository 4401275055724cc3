"""Recall triggers fire when a visit is completed: the procedure codes it performed set recalls."""

from __future__ import annotations

from base64 import b64decode
from datetime import date
from typing import Any

from sqlalchemy import text

from tests.support.connections import changes, history
from tests.support.factories import global_id, make_patient, make_practice
from tests.support.lifecycle_documents import BOOK, booking_input
from tests.support.recall_rows import make_recall, make_trigger, make_type

TRANSITION = """mutation ($input: TransitionAppointmentInput!) {
  transitionAppointment(input: $input) {
    appointment { id status version history { edges { node { action changes { field before after } } } } }
    userErrors { field code message } } }"""
RECALLS = """query ($id: ID!) { node(id: $id) { ... on Patient { recalls {
  id status dueDate previousDate intervalMonths version note disabled
  recallType { name } appointment { id } } } } }"""


def pk(gid: str) -> str:
    """The UUID inside a global ID."""
    return b64decode(gid).decode().split(":", 1)[1]


async def book(execute, practice, codes: list[str], **extra) -> dict[str, Any]:
    variables = {"input": booking_input(practice, procedureCodes=codes, **extra)}
    result = await execute(BOOK, variables, viewer=practice.staff)
    payload = result.data["bookAppointment"]
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload["appointment"]


async def transition(execute, practice, appointment, status: str, version: int) -> dict[str, Any]:
    variables = {
        "input": {"appointmentId": appointment["id"], "baseVersion": version, "status": status}
    }
    result = await execute(TRANSITION, variables, viewer=practice.staff)
    assert result.errors is None, result.errors
    payload = result.data["transitionAppointment"]
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload["appointment"]


def last_changes(appointment: dict[str, Any]) -> dict[str, Any]:
    return changes(history(appointment)[-1])


async def recalls_of(execute, practice, patient=None) -> list[dict[str, Any]]:
    ident = global_id("Patient", (patient or practice.patient).id)
    result = await execute(RECALLS, {"id": ident}, viewer=practice.staff)
    assert result.errors is None, result.errors
    return result.data["node"]["recalls"]


async def recall_rows(engine) -> list[tuple[Any, ...]]:
    async with engine.connect() as connection:
        rows = await connection.execute(text("SELECT * FROM patient_recalls ORDER BY id"))
        return [tuple(row) for row in rows]


async def test_completing_rolls_the_triggered_recall_and_creates_a_missing_one(engine, execute):
    # given a Chicago practice: hygiene (D1110; this patient's recall every month) and a
    # periodic exam (D0120, 12 months by default; the patient has no exam recall yet)
    practice = await make_practice(engine, time_zone="America/Chicago")
    hygiene, exam = await make_type(engine, practice), await make_type(engine, practice, "Exam", 12)
    await make_trigger(engine, practice, hygiene, "D1110")
    await make_trigger(engine, practice, exam, "D0120")
    recall = await make_recall(
        engine, practice, hygiene, date(2030, 1, 15), months=1, previous=date(2029, 12, 15),
        note="Prefers mornings",
    )  # fmt: skip
    # and a visit performing D0274, D1110 and D0120 at 19:00 on 2030-01-31 (01:00 UTC Feb 1)
    visit = await book(
        execute, practice, ["D0274", "D1110", "D0120"],
        date="2030-01-31", start="19:00", appointmentTypeId=None,
    )  # fmt: skip
    # when it is completed
    done = await transition(execute, practice, visit, "COMPLETE", 1)
    # then hygiene was done that local day and is due a month later, clamped to February's end
    rolled, created = await recalls_of(execute, practice)
    assert rolled == {
        "id": global_id("PatientRecall", recall.id), "status": "DUE", "dueDate": "2030-02-28",
        "previousDate": "2030-01-31", "intervalMonths": 1, "version": 2,
        "note": "Prefers mornings", "disabled": False, "recallType": {"name": "Hygiene"},
        "appointment": None,
    }  # fmt: skip
    # and the patient's exam recall exists now, due one default interval after the visit
    assert {k: v for k, v in created.items() if k != "id"} == {
        "status": "DUE", "dueDate": "2031-01-31", "previousDate": "2030-01-31",
        "intervalMonths": 12, "version": 1, "note": None, "disabled": False,
        "recallType": {"name": "Exam"}, "appointment": None,
    }  # fmt: skip
    # and the COMPLETE entry of the visit's history names both recalls
    triggered = sorted([str(recall.id), pk(created["id"])])  # stored in UUID order
    assert last_changes(done) == {
        "status": {"before": "SCHEDULED", "after": "COMPLETE"},
        "triggeredRecalls": {
            "before": None,
            "after": [global_id("PatientRecall", ident) for ident in triggered],
        },
    }
    # when the completion is undone, the recalls stay as they are
    undone = await transition(execute, practice, visit, "SCHEDULED", 2)
    assert undone["status"] == "SCHEDULED"
    assert await recalls_of(execute, practice) == [rolled, created]


async def test_disabled_recalls_inactive_types_and_unknown_codes_fire_nothing(engine, execute):
    # given a disabled hygiene recall (D1110), an inactive perio type (D4910) and no D0120 trigger
    practice = await make_practice(engine)
    hygiene = await make_type(engine, practice)
    perio = await make_type(engine, practice, "Perio", 3, active=False)
    await make_trigger(engine, practice, hygiene, "D1110")
    await make_trigger(engine, practice, perio, "D4910")
    await make_recall(engine, practice, hygiene, date(2029, 12, 1), disabled=True)
    before = await recall_rows(engine)
    # when a visit performing all three codes is completed
    visit = await book(execute, practice, ["D1110", "D4910", "D0120"])
    done = await transition(execute, practice, visit, "COMPLETE", 1)
    # then no recall was written and the history records none
    assert await recall_rows(engine) == before
    assert last_changes(done) == {"status": {"before": "SCHEDULED", "after": "COMPLETE"}}


async def test_another_organizations_triggers_never_fire(engine, execute):
    # given another practice whose D1110 triggers its hygiene recall, and none of ours
    practice, other = await make_practice(engine), await make_practice(engine)
    await make_trigger(engine, other, await make_type(engine, other), "D1110")
    # when our visit performing D1110 is completed
    done = await transition(
        execute, practice, await book(execute, practice, ["D1110"]), "COMPLETE", 1
    )
    # then nobody has a recall
    assert await recall_rows(engine) == []
    assert "triggeredRecalls" not in last_changes(done)


async def test_a_recall_the_visit_booked_is_rolled_once(engine, execute):
    # given a 6-month hygiene recall (D1110) booked by a visit on 2030-01-07 that performs
    # D1110 and D0120, whose exam type (D0120) the patient has no recall of
    practice = await make_practice(engine)
    hygiene, exam = await make_type(engine, practice), await make_type(engine, practice, "Exam", 12)
    await make_trigger(engine, practice, hygiene, "D1110")
    await make_trigger(engine, practice, exam, "D0120")
    recall = await make_recall(engine, practice, hygiene, date(2029, 12, 31))
    visit = await book(
        execute, practice, ["D1110", "D0120"],
        patientRecallIds=[global_id("PatientRecall", recall.id)],
    )  # fmt: skip
    # when it is completed
    done = await transition(execute, practice, visit, "COMPLETE", 1)
    # then the booked recall rolled once (linked: version 2, completed: 3), the exam was created
    rolled, created = await recalls_of(execute, practice)
    assert (rolled["id"], rolled["dueDate"], rolled["previousDate"], rolled["version"]) == (
        global_id("PatientRecall", recall.id), "2030-07-07", "2030-01-07", 3)  # fmt: skip
    assert (created["recallType"], created["dueDate"], created["version"]) == (
        {"name": "Exam"}, "2031-01-07", 1)  # fmt: skip
    assert last_changes(done) == {
        "status": {"before": "SCHEDULED", "after": "COMPLETE"},
        "completedRecalls": {"before": None, "after": [global_id("PatientRecall", recall.id)]},
        "triggeredRecalls": {"before": None, "after": [created["id"]]},
    }


async def test_completion_runs_the_same_statements_for_one_code_or_twenty(
    engine, execute, count_statements
):
    # given three recall types with triggers, and three patients with a visit each
    practice = await make_practice(engine)
    kinds = [await make_type(engine, practice, name, 6) for name in ("Hygiene", "Exam", "Perio")]
    for kind, code in zip(kinds, ("D1110", "D0120", "D4910"), strict=True):
        await make_trigger(engine, practice, kind, code)
    patients = [practice.patient, *[await make_patient(engine, practice.org) for _ in range(2)]]
    for patient in patients[1:]:
        await make_recall(engine, practice, kinds[0], date(2029, 12, 1), patient=patient)
    many = ["D1110", "D0120", "D4910", *[f"D9{n:03d}" for n in range(17)]]
    visits = [
        await book(execute, practice, codes, patientId=global_id("Patient", patient.id),
                   start=start)
        for codes, patient, start in zip(
            ([], ["D1110"], many), patients, ("08:00", "10:00", "12:00"), strict=True
        )
    ]  # fmt: skip
    # when each is completed
    counts = []
    for visit in visits:
        with count_statements() as counter:
            await transition(execute, practice, visit, "COMPLETE", 1)
        counts.append(counter.count)
    # then a visit with codes costs three statements more (triggers, lock, upsert), 1 code or 20
    assert counts[1] == counts[2] == counts[0] + 3
    # and the 20-code visit rolled one recall and created two
    recalls = await recalls_of(execute, practice, patients[2])
    assert sorted((r["recallType"]["name"], r["version"]) for r in recalls) == [
        ("Exam", 1), ("Hygiene", 2), ("Perio", 1)]  # fmt: skip
