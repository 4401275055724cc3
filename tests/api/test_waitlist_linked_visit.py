"""Accepting an offer for an entry linked to a later visit moves that visit; it is never doubled."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from strawberry.relay import GlobalID

from scheduling.appointment_status import AppointmentStatus
from tests.support.connections import changes, history
from tests.support.factories import (
    global_id,
    make_appointment,
    make_location,
    make_operatory,
    make_patient,
    make_practice,
    make_provider,
)
from tests.support.waitlist_documents import (
    ADD,
    END,
    START,
    add,
    add_input,
    contacted,
    data,
    offer_input,
    respond_input,
    state,
)

LATER_START = datetime(2030, 1, 14, 15, 0, tzinfo=UTC)  # 09:00 in Chicago, a week after START
LATER_END = datetime(2030, 1, 14, 16, 0, tzinfo=UTC)
OFFER = """mutation ($input: OfferWaitlistSlotInput!) {
  offerWaitlistSlot(input: $input) { waitlistEntry { id version } userErrors { code } } }"""
OFFER_ERRORS = """mutation ($input: OfferWaitlistSlotInput!) {
  offerWaitlistSlot(input: $input) { waitlistEntry { id } userErrors { field code message } } }"""
ACCEPT = """mutation ($input: RecordWaitlistResponseInput!) {
  recordWaitlistResponse(input: $input) {
    waitlistEntry { status version linkedAppointment { id }
                    history { edges { node { action changes { field before after } } } } }
    appointment { id status version startAt endAt location { id } operatory { id }
      providers { id } history { edges { node { action changes { field before after } } } } }
    openingMatches { entry { id } quality }
    userErrors { field code message } } }"""


async def offered_entry(execute: Any, practice: Any, entry: dict[str, Any], **offer: Any) -> Any:
    """The entry contacted and offered START-END (in the practice's chair unless overridden)."""
    entry = await contacted(execute, practice, entry)
    variables = offer_input(practice, entry, **offer)
    payload = data(await execute(OFFER, variables, viewer=practice.staff), "offerWaitlistSlot")
    assert payload["userErrors"] == []
    return payload["waitlistEntry"]


async def accept(execute: Any, practice: Any, entry: dict[str, Any], **extra: Any) -> Any:
    """The recordWaitlistResponse payload of ACCEPTED."""
    variables = respond_input(entry, "ACCEPTED", **extra)
    return data(await execute(ACCEPT, variables, viewer=practice.staff), "recordWaitlistResponse")


def node_uuid(global_id_: str) -> str:
    """The UUID inside a global ID."""
    return GlobalID.from_id(global_id_).node_id


async def appointment_count(engine: Any) -> int:
    async with engine.connect() as connection:
        return (await connection.execute(text("SELECT count(*) FROM appointments"))).scalar_one()


async def test_accepting_moves_the_later_visit_and_offers_its_old_time(engine, execute):
    # given a patient booked a week out, on the list for something sooner
    practice = await make_practice(engine)
    hygienist = await make_provider(engine, practice.org, last_name="Novak")
    chair_two = await make_operatory(engine, practice.location, sort_order=1)
    later = await make_appointment(engine, practice, start_at=LATER_START, end_at=LATER_END)
    later_id = global_id("Appointment", later.id)
    entry = await add(execute, practice, source="APPOINTMENT_FLAG", linkedAppointmentId=later_id)
    # and another patient who would take the later time
    other = await make_patient(engine, practice.org, first_name="Ola")
    waiting = await add(execute, practice, patientId=global_id("Patient", other.id))
    entry = await offered_entry(
        execute, practice, entry,
        operatoryId=global_id("Operatory", chair_two.id),
        providerId=global_id("Provider", hygienist.id),
    )  # fmt: skip
    count = await appointment_count(engine)
    # when the patient accepts the earlier slot
    payload = await accept(execute, practice, entry)
    # then the same appointment moved there, with the offer's chair and provider, version 2
    assert payload["userErrors"] == []
    visit = payload["appointment"]
    assert {k: v for k, v in visit.items() if k != "history"} == {
        "id": later_id, "status": "SCHEDULED", "version": 2,
        "startAt": START, "endAt": END,
        "location": {"id": global_id("Location", practice.location.id)},
        "operatory": {"id": global_id("Operatory", chair_two.id)},
        "providers": [{"id": global_id("Provider", hygienist.id)}],
    }  # fmt: skip
    assert await appointment_count(engine) == count
    # and its history says it moved, from where, and for which entry
    moved = history(visit)[-1]
    assert (moved["action"], changes(moved)) == ("MOVED", {
        "startAt": {"before": LATER_START.isoformat(), "after": START},
        "endAt": {"before": LATER_END.isoformat(), "after": END},
        "operatory": {"before": global_id("Operatory", practice.operatory.id),
                      "after": global_id("Operatory", chair_two.id)},
        "providers": {"before": [global_id("Provider", practice.provider.id)],
                      "after": [global_id("Provider", hygienist.id)]},
        "waitlistEntry": {"before": None, "after": entry["id"]},
    })  # fmt: skip
    # and the entry is scheduled with that visit, saying it moved it
    assert payload["waitlistEntry"]["status"] == "SCHEDULED"
    assert payload["waitlistEntry"]["linkedAppointment"] == {"id": later_id}
    # (linked to that visit before and after: no change of linkedAppointment)
    assert changes(history(payload["waitlistEntry"])[-1]) == {
        "status": {"before": "OFFERED", "after": "SCHEDULED"},
        "patientResponse": {"before": None, "after": "ACCEPTED"},
        "movedAppointment": {"before": None, "after": later_id},
    }
    # and the week-later time it gave up is offered to the next patient at once
    assert payload["openingMatches"] == [{"entry": {"id": waiting["id"]}, "quality": "EXCELLENT"}]


async def test_a_retry_of_the_acceptance_moves_nothing_twice(engine, execute):
    # given an accepted offer that moved the later visit
    practice = await make_practice(engine)
    later = await make_appointment(engine, practice, start_at=LATER_START, end_at=LATER_END)
    entry = await add(execute, practice, linkedAppointmentId=global_id("Appointment", later.id))
    entry = await offered_entry(execute, practice, entry)
    first = await accept(execute, practice, entry, idempotencyKey="accept-1")
    before = await state(engine)
    # when the client retries with the same key
    again = await accept(execute, practice, entry, idempotencyKey="accept-1")
    # then it answers the same appointment and freed slot, and nothing changed
    assert again["appointment"] == first["appointment"]
    assert again["openingMatches"] == first["openingMatches"] == []
    assert again["userErrors"] == []
    assert await state(engine) == before


async def test_a_later_visit_is_moved_to_another_location_the_entry_accepts(engine, execute):
    # given an entry that accepts Uptown, linked to a visit at home
    practice = await make_practice(engine)
    uptown = await make_location(engine, practice.org, name="Uptown")
    uptown_chair = await make_operatory(engine, uptown)
    later = await make_appointment(engine, practice, start_at=LATER_START, end_at=LATER_END)
    entry = await add(
        execute, practice, appointmentTypeId=None, linkedAppointmentId=global_id("Appointment", later.id),
        locationScope="SELECTED", additionalLocationIds=[global_id("Location", uptown.id)],
    )  # fmt: skip
    entry = await offered_entry(
        execute, practice, entry, operatoryId=global_id("Operatory", uptown_chair.id)
    )
    # when the patient accepts the Uptown slot
    payload = await accept(execute, practice, entry)
    # then the visit is at Uptown now, and its history records the location change
    assert payload["userErrors"] == []
    visit = payload["appointment"]
    assert (visit["id"], visit["location"], visit["operatory"]) == (
        global_id("Appointment", later.id),
        {"id": global_id("Location", uptown.id)},
        {"id": global_id("Operatory", uptown_chair.id)},
    )
    assert changes(history(visit)[-1])["location"] == {
        "before": global_id("Location", practice.location.id),
        "after": global_id("Location", uptown.id),
    }


async def test_a_visit_that_cannot_move_stays_and_a_new_one_is_booked(engine, execute):
    # given two patients' entries: one linked to a time-locked visit, one to a completed one
    practice = await make_practice(engine)
    locked = await make_appointment(engine, practice, start_at=LATER_START, end_at=LATER_END)
    async with engine.begin() as connection:
        await connection.execute(
            text("UPDATE appointments SET is_time_locked = true WHERE id = :id"), {"id": locked.id}
        )
    cases = [(locked, practice.patient, "the linked appointment's time is locked")]
    done_patient = await make_patient(engine, practice.org, first_name="Dana")
    done = await make_appointment(
        engine, practice, patient=done_patient, status=AppointmentStatus.COMPLETE,
        start_at=datetime(2029, 12, 3, 15, tzinfo=UTC), end_at=datetime(2029, 12, 3, 16, tzinfo=UTC),
    )  # fmt: skip
    cases.append((done, done_patient, "the linked appointment is complete"))
    for n, (visit, patient, reason) in enumerate(cases):
        entry = await add(
            execute, practice,
            patientId=global_id("Patient", patient.id),
            linkedAppointmentId=global_id("Appointment", visit.id),
        )  # fmt: skip
        entry = await offered_entry(
            execute, practice, entry,
            startAt=f"2030-01-0{7 + n}T15:00:00+00:00", endAt=f"2030-01-0{7 + n}T16:00:00+00:00",
        )  # fmt: skip
        # when the patient accepts
        payload = await accept(execute, practice, entry)
        # then a new visit is booked, the linked one is untouched, and the entry says why
        assert payload["userErrors"] == []
        assert payload["appointment"]["id"] != global_id("Appointment", visit.id)
        assert payload["appointment"]["version"] == 1
        after = changes(history(payload["waitlistEntry"])[-1])
        assert after["linkedVisitKeptBecause"] == {"before": None, "after": reason}
        async with engine.connect() as connection:
            row = (
                await connection.execute(
                    text("SELECT start_at, version FROM appointments WHERE id = :id"),
                    {"id": visit.id},
                )
            ).one()
        assert (row.start_at, row.version) == (visit.start_at, 1)


async def test_a_taken_slot_leaves_the_later_visit_where_it_was(engine, execute):
    # given an offered entry linked to a later visit, and the offered time taken meanwhile
    practice = await make_practice(engine)
    later = await make_appointment(engine, practice, start_at=LATER_START, end_at=LATER_END)
    entry = await add(execute, practice, linkedAppointmentId=global_id("Appointment", later.id))
    entry = await offered_entry(execute, practice, entry)
    intruder = await make_patient(engine, practice.org, first_name="Ivo")
    await make_appointment(
        engine, practice, patient=intruder,
        start_at=datetime.fromisoformat(START), end_at=datetime.fromisoformat(END),
    )  # fmt: skip
    # when the patient accepts
    payload = await accept(execute, practice, entry)
    # then it is SLOT_TAKEN, the entry waits again, and the visit kept its time and version
    assert [e["code"] for e in payload["userErrors"]] == ["SLOT_TAKEN"]
    assert payload["waitlistEntry"]["status"] == "WAITING"
    assert payload["openingMatches"] == []
    async with engine.connect() as connection:
        row = (
            await connection.execute(
                text("SELECT start_at, version FROM appointments WHERE id = :id"), {"id": later.id}
            )
        ).one()
    assert (row.start_at, row.version) == (LATER_START, 1)


async def test_another_patients_visit_cannot_be_linked(engine, execute):
    # given another patient's appointment
    practice = await make_practice(engine)
    other = await make_patient(engine, practice.org, first_name="Ola")
    theirs = await make_appointment(
        engine, practice, patient=other, start_at=LATER_START, end_at=LATER_END
    )
    before = await state(engine)
    # when staff put the practice's patient on the list linked to it
    variables = add_input(practice, linkedAppointmentId=global_id("Appointment", theirs.id))
    payload = data(await execute(ADD, variables, viewer=practice.staff), "addToWaitlist")
    # then it is refused on that field and nothing changed
    assert payload == {
        "waitlistEntry": None,
        "userErrors": [
            {
                "field": ["input", "linkedAppointmentId"],
                "code": "VALIDATION",
                "message": "The linked appointment is another patient's",
            }
        ],
    }
    assert await state(engine) == before


async def test_a_move_and_a_booking_racing_for_one_slot_fill_it_once(engine, execute):
    # given two offered entries for one slot: one moves a later visit, the other books anew
    practice = await make_practice(engine)
    later = await make_appointment(engine, practice, start_at=LATER_START, end_at=LATER_END)
    mover = await add(execute, practice, linkedAppointmentId=global_id("Appointment", later.id))
    other = await make_patient(engine, practice.org, first_name="Ola")
    booker = await add(execute, practice, patientId=global_id("Patient", other.id))
    mover = await offered_entry(execute, practice, mover)
    booker = await offered_entry(execute, practice, booker)
    # when both accept at the same moment
    payloads = await asyncio.gather(
        accept(execute, practice, mover), accept(execute, practice, booker)
    )
    # then exactly one holds the slot and the other is SLOT_TAKEN and waiting again
    outcomes = sorted(
        (p["userErrors"][0]["code"] if p["userErrors"] else "OK", p["waitlistEntry"]["status"])
        for p in payloads
    )
    assert outcomes == [("OK", "SCHEDULED"), ("SLOT_TAKEN", "WAITING")]
    # and PostgreSQL holds exactly one slot-holding appointment at the offered time
    async with engine.connect() as connection:
        holders = (
            await connection.execute(
                text(
                    "SELECT id FROM appointments WHERE start_at = :start AND status = 'scheduled'"
                ),
                {"start": datetime.fromisoformat(START)},
            )
        ).all()
        later_now = (
            await connection.execute(
                text("SELECT start_at FROM appointments WHERE id = :id"), {"id": later.id}
            )
        ).scalar_one()
    assert len(holders) == 1
    moved = not payloads[0]["userErrors"]
    # the later visit moved exactly when its entry won
    assert later_now == (datetime.fromisoformat(START) if moved else LATER_START)
    assert (holders[0].id == later.id) is moved


QUICK_FILL = (
    """query ($opening: QuickFillInput!) { quickFill(opening: $opening) { entry { id } } }"""
)


async def test_quick_fill_offers_a_flagged_entry_only_openings_sooner_than_its_visit(
    engine, execute
):
    # given an entry for a patient booked on 2030-01-14 at 09:00
    practice = await make_practice(engine)
    later = await make_appointment(engine, practice, start_at=LATER_START, end_at=LATER_END)
    entry = await add(execute, practice, linkedAppointmentId=global_id("Appointment", later.id))

    async def ranked(day: str) -> list[str]:
        opening = {"locationId": global_id("Location", practice.location.id), "date": day,
                   "startTime": "09:00", "endTime": "10:00"}  # fmt: skip
        result = await execute(QUICK_FILL, {"opening": opening}, viewer=practice.staff)
        assert result.errors is None, result.errors
        return [m["entry"]["id"] for m in result.data["quickFill"]]

    # then an opening a week sooner ranks it; the visit's own time and a later day do not
    assert await ranked("2030-01-07") == [entry["id"]]
    assert await ranked("2030-01-14") == []
    assert await ranked("2030-01-21") == []
    # and once that visit is cancelled, any opening in range ranks it again
    async with engine.begin() as connection:
        await connection.execute(
            text("UPDATE appointments SET status = 'cancelled' WHERE id = :id"), {"id": later.id}
        )
    assert await ranked("2030-01-21") == [entry["id"]]


async def test_an_offer_no_sooner_than_the_booked_visit_changes_nothing(engine, execute):
    # given a contacted entry for a patient booked on 2030-01-14 at 09:00
    practice = await make_practice(engine)
    later = await make_appointment(engine, practice, start_at=LATER_START, end_at=LATER_END)
    entry = await add(execute, practice, linkedAppointmentId=global_id("Appointment", later.id))
    entry = await contacted(execute, practice, entry)
    before = await state(engine)
    for start, end in (
        (LATER_START, LATER_END),
        (datetime(2030, 1, 21, 15, tzinfo=UTC), datetime(2030, 1, 21, 16, tzinfo=UTC)),
    ):
        # when staff offer that very time, or a week later
        variables = offer_input(practice, entry, startAt=start.isoformat(), endAt=end.isoformat())
        result = await execute(OFFER_ERRORS, variables, viewer=practice.staff)
        # then it is refused on startAt: accepting would move the visit later
        assert data(result, "offerWaitlistSlot") == {
            "waitlistEntry": None,
            "userErrors": [
                {
                    "field": ["input", "startAt"],
                    "code": "VALIDATION",
                    "message": "The patient is already booked at 2030-01-14T15:00:00+00:00; "
                    "accepting moves that visit, so offer a sooner slot",
                }
            ],
        }
    # and nothing changed
    assert await state(engine) == before
