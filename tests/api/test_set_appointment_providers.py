"""setAppointmentProviders through the schema: atomic swap, conflicts, races, errors."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter

from sqlalchemy import text

from tests.support.connections import changes, history
from tests.support.factories import global_id, make_operatory, make_practice, make_provider
from tests.support.lifecycle_documents import (
    CANCEL,
    PAYLOAD,
    booked,
    database_state,
)

SET_PROVIDERS = (
    "mutation ($input: SetAppointmentProvidersInput!) "
    f"{{ setAppointmentProviders(input: $input) {{ {PAYLOAD} }} }}"
)
DAY = """
query ($l: ID!) { calendarDay(locationId: $l, date: "2030-01-07") {
  appointments { id primaryProvider { id } additionalProviders { id } } } }
"""


def providers_input(ident: str, providers: list, *, version: int = 1, **extra) -> dict:
    ids = [p if isinstance(p, str) else global_id("Provider", p.id) for p in providers]
    return {"input": {"appointmentId": ident, "baseVersion": version, "providerIds": ids, **extra}}


def error_of(result) -> dict:
    assert result.errors is None, result.errors
    payload = result.data["setAppointmentProviders"]
    assert payload["appointment"] is None
    [error] = payload["userErrors"]
    return error


def node_uuid(ident: str) -> uuid.UUID:
    from strawberry.relay import GlobalID

    return uuid.UUID(GlobalID.from_id(ident).node_id)


async def test_providers_are_replaced_atomically_and_show_on_the_calendar(engine, execute):
    # given an appointment with one provider
    practice = await make_practice(engine)
    doctor = await make_provider(engine, practice.org, last_name="Doc")
    assistant = await make_provider(engine, practice.org, last_name="Assist")
    appointment = await booked(execute, practice)
    # when staff set another doctor as primary with an assistant
    result = await execute(
        SET_PROVIDERS,
        providers_input(appointment["id"], [doctor, assistant]),
        viewer=practice.staff,
    )
    # then both providers hold the slot, the version is bumped and the history says so
    payload = result.data["setAppointmentProviders"]
    assert payload["userErrors"] == []
    changed = payload["appointment"]
    assert (changed["version"], changed["providers"]) == (
        2,
        [{"id": global_id("Provider", doctor.id)}, {"id": global_id("Provider", assistant.id)}],
    )
    assert (changed["startAt"], changed["endAt"]) == (appointment["startAt"], appointment["endAt"])
    assert changed["history"]["edges"][-1]["node"] == {
        "action": "PROVIDERS_SET",
        "actor": "staff-test",
        "changes": [
            {
                "field": "providers",
                "before": [global_id("Provider", practice.provider.id)],
                "after": [global_id("Provider", doctor.id), global_id("Provider", assistant.id)],
            }
        ],
    }
    async with engine.connect() as connection:
        slots = await connection.execute(
            text("SELECT provider_id FROM provider_slots WHERE appointment_id = :a"),
            {"a": node_uuid(appointment["id"])},
        )
        assert {row.provider_id for row in slots} == {doctor.id, assistant.id}
    day = await execute(
        DAY, {"l": global_id("Location", practice.location.id)}, viewer=practice.staff
    )
    assert day.data["calendarDay"]["appointments"] == [
        {
            "id": appointment["id"],
            "primaryProvider": {"id": global_id("Provider", doctor.id)},
            "additionalProviders": [{"id": global_id("Provider", assistant.id)}],
        }
    ]
    # and the original provider is free again at that time
    second_op = await make_operatory(engine, practice.location)
    again = await booked(execute, practice, operatoryId=global_id("Operatory", second_op.id))
    assert again["providers"] == [{"id": global_id("Provider", practice.provider.id)}]


async def test_a_provider_busy_elsewhere_is_a_slot_conflict(engine, execute):
    # given the practice's provider at 09:00 in one operatory and a busy doctor in another
    practice = await make_practice(engine)
    busy = await make_provider(engine, practice.org, last_name="Busy")
    second_op = await make_operatory(engine, practice.location)
    appointment = await booked(execute, practice)
    elsewhere = await booked(
        execute,
        practice,
        start="09:30",
        operatoryId=global_id("Operatory", second_op.id),
        providerIds=[global_id("Provider", busy.id)],
    )
    before = await database_state(engine)
    # when staff add the busy doctor to the 09:00 appointment
    result = await execute(
        SET_PROVIDERS,
        providers_input(appointment["id"], [practice.provider, busy]),
        viewer=practice.staff,
    )
    # then nothing changes and the conflict names the other appointment and the doctor
    assert error_of(result) == {
        "field": None,
        "code": "SLOT_CONFLICT",
        "message": "A provider is in another appointment at this time",
        "conflicts": [
            {
                "reason": "PROVIDER_OVERLAP",
                "appointment": {"id": elsewhere["id"]},
                "provider": {"id": global_id("Provider", busy.id)},
            }
        ],
    }
    assert await database_state(engine) == before
    # and double-booking on purpose is allowed
    forced = await execute(
        SET_PROVIDERS,
        providers_input(appointment["id"], [practice.provider, busy], allowOverlap=True),
        viewer=practice.staff,
    )
    last = history(forced.data["setAppointmentProviders"]["appointment"])[-1]
    assert changes(last)["allowOverlap"] == {"before": False, "after": True}


async def test_bad_provider_lists_stale_versions_and_foreign_ids_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    extra = [await make_provider(engine, practice.org) for _ in range(5)]
    appointment = await booked(execute, practice)
    foreign = await booked(execute, other)
    cancelled = await booked(execute, practice, start="12:00")
    await execute(
        CANCEL,
        {"input": {"appointmentId": cancelled["id"], "baseVersion": 1, "cancelledBy": "PRACTICE"}},
        viewer=practice.staff,
    )
    before = await database_state(engine)
    ident = appointment["id"]
    cases = [
        (
            providers_input(ident, [], version=1),
            "VALIDATION",
            ["input", "providerIds"],
            "At least one provider is required",
        ),
        (
            providers_input(ident, [extra[0], extra[0]]),
            "VALIDATION",
            ["input", "providerIds"],
            "A provider is listed twice",
        ),
        (
            providers_input(ident, [practice.provider, *extra]),
            "VALIDATION",
            ["input", "providerIds"],
            "At most 5 providers per appointment",
        ),
        (
            providers_input(ident, [other.provider]),
            "NOT_FOUND",
            ["input", "providerIds"],
            "No provider with this ID",
        ),
        (
            providers_input(ident, [extra[0]], version=4),
            "VERSION_CONFLICT",
            ["input", "baseVersion"],
            "The appointment is at version 1, not 4",
        ),
        (
            providers_input(foreign["id"], [extra[0]]),
            "NOT_FOUND",
            ["input", "appointmentId"],
            "No appointment with this ID",
        ),
        (
            providers_input(global_id("Appointment", uuid.uuid4()), [extra[0]]),
            "NOT_FOUND",
            ["input", "appointmentId"],
            "No appointment with this ID",
        ),
        (
            providers_input(cancelled["id"], [extra[0]], version=2),
            "INVALID_TRANSITION",
            None,
            "A CANCELLED appointment cannot have its providers changed",
        ),
    ]
    for variables, code, field, message in cases:
        result = await execute(SET_PROVIDERS, variables, viewer=practice.staff)
        assert error_of(result) == {
            "field": field,
            "code": code,
            "message": message,
            "conflicts": [],
        }, message
    by_patient = await execute(
        SET_PROVIDERS, providers_input(ident, [extra[0]]), viewer=practice.patient_viewer()
    )
    assert error_of(by_patient) == {
        "field": None,
        "code": "FORBIDDEN",
        "message": "Only staff may change an appointment's providers",
        "conflicts": [],
    }
    assert await database_state(engine) == before


async def test_two_racing_swaps_onto_one_provider_let_exactly_one_win(engine, execute):
    # given two overlapping appointments in two operatories and a doctor free at that time
    practice = await make_practice(engine)
    second_op = await make_operatory(engine, practice.location)
    second_provider = await make_provider(engine, practice.org)
    doctor = await make_provider(engine, practice.org, last_name="Wanted")
    seen: Counter[str] = Counter()
    for round_ in range(4):
        date = f"2030-01-{7 + round_:02d}"
        first = await booked(execute, practice, date=date)
        second = await booked(
            execute,
            practice,
            date=date,
            start="09:30",
            operatoryId=global_id("Operatory", second_op.id),
            providerIds=[global_id("Provider", second_provider.id)],
        )
        # when both are given the doctor at the same moment
        results = await asyncio.gather(
            *(
                execute(SET_PROVIDERS, providers_input(a["id"], [doctor]), viewer=practice.staff)
                for a in (first, second)
            )
        )
        # then exactly one wins and the other is a SLOT_CONFLICT naming the winner
        codes = []
        for result in results:
            assert result.errors is None, result.errors
            errors = result.data["setAppointmentProviders"]["userErrors"]
            codes.append(errors[0]["code"] if errors else "OK")
        assert sorted(codes) == ["OK", "SLOT_CONFLICT"]
        winner, loser = (first, second) if codes[0] == "OK" else (second, first)
        [error] = results[codes.index("SLOT_CONFLICT")].data["setAppointmentProviders"][
            "userErrors"
        ]
        assert [(c["reason"], c["appointment"], c["provider"]) for c in error["conflicts"]] == [
            ("PROVIDER_OVERLAP", {"id": winner["id"]}, {"id": global_id("Provider", doctor.id)})
        ]
        seen[error["message"]] += 1
        async with engine.connect() as connection:
            holders = await connection.execute(
                text("SELECT appointment_id FROM provider_slots WHERE provider_id = :p"),
                {"p": doctor.id},
            )
            assert node_uuid(loser["id"]) not in {row.appointment_id for row in holders}
    # (the loser lost either at the check or, racing it, at the exclusion constraint)
    busy = "a provider is in another appointment at this time"
    assert set(seen) <= {busy.capitalize(), f"A concurrent booking took the slot: {busy}"}
    async with engine.connect() as connection:
        assert (
            await connection.scalar(
                text("SELECT count(*) FROM provider_slots WHERE provider_id = :p"), {"p": doctor.id}
            )
            == 4
        )
