"""Appointment type overlap rules in booking, moving and checkConflicts (real PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import text

from tests.support.factories import (
    global_id,
    make_appointment_type,
    make_location,
    make_operatory,
    make_practice,
    make_provider,
)
from tests.support.lifecycle_documents import BOOK, MOVE, booking_input
from tests.support.schedule_documents import CREATE_RULE, DELETE_RULE, payload

CHECK = """query ($input: CheckConflictsInput!) {
  checkConflicts(input: $input) { conflicts { reason appointment { id } } } }"""


async def _setup(engine, execute, *, rule_elsewhere: bool = False):
    """A practice with a hygiene (60 min) and an exam (30 min) type and a hygienist."""
    practice = await make_practice(engine)
    rule_location = await make_location(engine, practice.org) if rule_elsewhere else None
    exam = await make_appointment_type(engine, practice.org, minutes=30)
    hygienist = await make_provider(engine, practice.org, last_name="Hygienist")
    hygiene = await execute(
        BOOK,
        {"input": booking_input(practice, providerIds=[global_id("Provider", hygienist.id)])},
        viewer=practice.staff,
    )
    hygiene_id = payload(hygiene, "bookAppointment")["appointment"]["id"]
    rule = {
        "appointmentTypeAId": global_id("AppointmentType", exam.id),
        "appointmentTypeBId": global_id("AppointmentType", practice.appointment_type.id),
    }
    if rule_location is not None:
        rule["locationId"] = global_id("Location", rule_location.id)
    made = await execute(CREATE_RULE, {"input": rule}, viewer=practice.staff)
    rule_id = payload(made, "createAppointmentTypeOverlapRule")["rule"]["id"]
    return practice, exam, hygienist, hygiene_id, rule_id


def exam_input(practice, exam, start="09:15", **extra):
    return booking_input(
        practice, start=start, appointmentTypeId=global_id("AppointmentType", exam.id), **extra
    )


async def _flags(engine, appointment_id: str) -> tuple[bool, bool, bool]:
    from strawberry.relay import GlobalID

    ident = GlobalID.from_id(appointment_id).node_id
    async with engine.connect() as connection:
        row = (
            await connection.execute(
                text(
                    "SELECT allow_overlap, overlap_by_rule, blocks_slot FROM appointments "
                    "WHERE id = CAST(:id AS uuid)"
                ),
                {"id": ident},
            )
        ).one()
    return tuple(row)


async def test_an_allowed_pair_books_into_the_same_operatory(engine, execute):
    practice, exam, _, hygiene_id, _ = await _setup(engine, execute)
    preview = await execute(
        CHECK,
        {
            "input": {
                key: value
                for key, value in exam_input(practice, exam).items()
                if key != "patientId"
            }
        },
        viewer=practice.staff,
    )
    assert preview.data["checkConflicts"] == {"conflicts": []}
    result = await execute(BOOK, {"input": exam_input(practice, exam)}, viewer=practice.staff)
    booked = payload(result, "bookAppointment")
    assert booked["userErrors"] == []
    exam_id = booked["appointment"]["id"]
    # Written as a rule-allowed overlap: PostgreSQL's exclusion constraints skip it.
    assert await _flags(engine, exam_id) == (True, True, False)
    assert await _flags(engine, hygiene_id) == (False, False, True)


async def test_other_types_and_providers_still_collide_with_the_allowed_overlap(engine, execute):
    practice, exam, _, _, _ = await _setup(engine, execute)
    booked = await execute(BOOK, {"input": exam_input(practice, exam)}, viewer=practice.staff)
    exam_id = payload(booked, "bookAppointment")["appointment"]["id"]
    # A second exam at 09:30 in the chair overlaps the first exam (exam+exam is not allowed).
    second = await execute(
        BOOK, {"input": exam_input(practice, exam, start="09:30")}, viewer=practice.staff
    )
    conflicts = payload(second, "bookAppointment")["userErrors"][0]["conflicts"]
    assert sorted((c["reason"], c["appointment"]["id"]) for c in conflicts) == [
        ("APPOINTMENT_OVERLAP", exam_id),
        ("PROVIDER_OVERLAP", exam_id),
    ]
    # The dentist of the exam cannot do a crown in another operatory at the same time either.
    other_op = await make_operatory(engine, practice.location)
    crown = await make_appointment_type(engine, practice.org, minutes=90)
    elsewhere = await execute(
        BOOK,
        {
            "input": booking_input(
                practice,
                operatoryId=global_id("Operatory", other_op.id),
                appointmentTypeId=global_id("AppointmentType", crown.id),
            )
        },
        viewer=practice.staff,
    )
    conflicts = payload(elsewhere, "bookAppointment")["userErrors"][0]["conflicts"]
    assert [(c["reason"], c["appointment"]["id"]) for c in conflicts] == [
        ("PROVIDER_OVERLAP", exam_id)
    ]


async def test_a_moved_rule_overlap_blocks_again_at_a_free_time(engine, execute):
    practice, exam, _, _, _ = await _setup(engine, execute)
    booked = await execute(BOOK, {"input": exam_input(practice, exam)}, viewer=practice.staff)
    exam_id = payload(booked, "bookAppointment")["appointment"]["id"]
    moved = await execute(
        MOVE,
        {
            "input": {
                "appointmentId": exam_id,
                "baseVersion": 1,
                "slot": {"date": "2030-01-07", "startTime": "11:00"},
            }
        },
        viewer=practice.staff,
    )
    assert payload(moved, "moveAppointment")["userErrors"] == []
    assert await _flags(engine, exam_id) == (False, False, True)
    # Moving it back into the hygiene visit is allowed by the rule again.
    back = await execute(
        MOVE,
        {
            "input": {
                "appointmentId": exam_id,
                "baseVersion": 2,
                "slot": {"date": "2030-01-07", "startTime": "09:30"},
            }
        },
        viewer=practice.staff,
    )
    assert payload(back, "moveAppointment")["userErrors"] == []
    assert await _flags(engine, exam_id) == (True, True, False)


async def test_rules_apply_only_at_their_location_and_until_deleted(engine, execute):
    practice, exam, _, hygiene_id, _ = await _setup(engine, execute, rule_elsewhere=True)
    refused = await execute(BOOK, {"input": exam_input(practice, exam)}, viewer=practice.staff)
    errors = payload(refused, "bookAppointment")["userErrors"]
    assert [(e["code"], [c["reason"] for c in e["conflicts"]]) for e in errors] == [
        ("SLOT_CONFLICT", ["APPOINTMENT_OVERLAP"])
    ]
    assert errors[0]["conflicts"][0]["appointment"]["id"] == hygiene_id
    # An organization-wide rule applies here; once deleted, the pair collides again.
    kinds = {
        "appointmentTypeAId": global_id("AppointmentType", exam.id),
        "appointmentTypeBId": global_id("AppointmentType", practice.appointment_type.id),
    }
    org_wide = await execute(CREATE_RULE, {"input": kinds}, viewer=practice.staff)
    org_rule = payload(org_wide, "createAppointmentTypeOverlapRule")["rule"]["id"]
    preview_input = {k: v for k, v in exam_input(practice, exam).items() if k != "patientId"}
    allowed = await execute(CHECK, {"input": preview_input}, viewer=practice.staff)
    assert allowed.data["checkConflicts"]["conflicts"] == []
    await execute(DELETE_RULE, {"input": {"ruleId": org_rule}}, viewer=practice.staff)
    again = await execute(CHECK, {"input": preview_input}, viewer=practice.staff)
    assert [c["reason"] for c in again.data["checkConflicts"]["conflicts"]] == [
        "APPOINTMENT_OVERLAP"
    ]


TRANSITION = """mutation ($input: TransitionAppointmentInput!) {
  transitionAppointment(input: $input) { appointment { status version } userErrors { code } } }"""


async def test_a_status_change_back_into_the_slot_asks_the_rules_again(engine, execute):
    practice, exam, _, _, rule_id = await _setup(engine, execute)
    booked = await execute(BOOK, {"input": exam_input(practice, exam)}, viewer=practice.staff)
    exam_id = payload(booked, "bookAppointment")["appointment"]["id"]
    parked = await execute(
        TRANSITION,
        {"input": {"appointmentId": exam_id, "baseVersion": 1, "status": "UNSCHEDULED"}},
        viewer=practice.staff,
    )
    assert payload(parked, "transitionAppointment")["userErrors"] == []
    back = await execute(
        TRANSITION,
        {"input": {"appointmentId": exam_id, "baseVersion": 2, "status": "SCHEDULED"}},
        viewer=practice.staff,
    )
    assert payload(back, "transitionAppointment") == {
        "appointment": {"status": "SCHEDULED", "version": 3},
        "userErrors": [],
    }
    assert await _flags(engine, exam_id) == (True, True, False)
    # Without the rule the same change is refused: the overlap was never asked for.
    await execute(
        TRANSITION,
        {"input": {"appointmentId": exam_id, "baseVersion": 3, "status": "UNSCHEDULED"}},
        viewer=practice.staff,
    )
    await execute(DELETE_RULE, {"input": {"ruleId": rule_id}}, viewer=practice.staff)
    refused = await execute(
        TRANSITION,
        {"input": {"appointmentId": exam_id, "baseVersion": 4, "status": "SCHEDULED"}},
        viewer=practice.staff,
    )
    assert payload(refused, "transitionAppointment") == {
        "appointment": None,
        "userErrors": [{"code": "SLOT_CONFLICT"}],
    }


SET_PROVIDERS = """mutation ($input: SetAppointmentProvidersInput!) {
  setAppointmentProviders(input: $input) { appointment { version allowOverlap }
    userErrors { code } } }"""


async def test_new_providers_of_a_rule_overlap_are_checked_under_the_rules(engine, execute):
    practice, exam, hygienist, _, _ = await _setup(engine, execute)
    booked = await execute(BOOK, {"input": exam_input(practice, exam)}, viewer=practice.staff)
    exam_id = payload(booked, "bookAppointment")["appointment"]["id"]
    dentist = global_id("Provider", practice.provider.id)
    # The hygienist joins the exam: a provider shared with the hygiene visit, which the rule allows.
    joined = await execute(
        SET_PROVIDERS,
        {
            "input": {
                "appointmentId": exam_id,
                "baseVersion": 1,
                "providerIds": [dentist, global_id("Provider", hygienist.id)],
            }
        },
        viewer=practice.staff,
    )
    assert payload(joined, "setAppointmentProviders") == {
        "appointment": {"version": 2, "allowOverlap": True},
        "userErrors": [],
    }
    assert await _flags(engine, exam_id) == (True, True, False)
