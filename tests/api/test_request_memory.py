"""What a request loaded is freed when its response is built, by reference counting alone:
nothing of it waits for the garbage collector, whose collections (each walking everything
still alive) cost a week calendar a fifth of its CPU while the rows lingered."""

from __future__ import annotations

import gc
from datetime import UTC, datetime, timedelta

from schema.types.appointment import Appointment
from schema.types.appointment_type import AppointmentType
from schema.types.practice import Patient, Provider
from tests.support.factories import global_id, make_appointment, make_practice
from tests.support.tokens import bearer

MONDAY = datetime(2026, 11, 16, 14, 0, tzinfo=UTC)
DAY = """query ($l: ID!, $d: Date!) { calendarDay(locationId: $l, date: $d) {
  appointments { id patient { lastName } providers { lastName } appointmentType { name } } } }"""
APPOINTMENTS = 40
REQUEST_OBJECTS = {Appointment, Patient, Provider, AppointmentType}


async def test_a_calendars_rows_are_freed_without_the_garbage_collector(engine, http):
    practice = await make_practice(engine)
    for n in range(APPOINTMENTS):
        start = MONDAY + timedelta(minutes=10 * n)
        await make_appointment(
            engine, practice, start_at=start, end_at=start + timedelta(minutes=10)
        )
    body = {
        "query": DAY,
        "variables": {"l": global_id("Location", practice.location.id), "d": "2026-11-16"},
    }
    headers = bearer(practice.staff)
    assert (await http.post("/graphql", json=body, headers=headers)).status_code == 200  # warm
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what a collection finds stays in gc.garbage to look at
    try:
        response = await http.post("/graphql", json=body, headers=headers)
        gc.collect()
        left = [kind for kind in map(type, gc.garbage) if kind in REQUEST_OBJECTS]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert len(response.json()["data"]["calendarDay"]["appointments"]) == APPOINTMENTS
    # The request's own bookkeeping forms a few small cycles (its context, loaders and the
    # executor), which hold none of its data; with the rows in them, the day's patient,
    # provider and type objects (and every record and id loaded) were left to the collector.
    # (Other tests' leftovers may collect meanwhile: only the request's own kinds count.)
    assert left == []
