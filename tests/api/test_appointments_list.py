"""The appointments connection: keyset pages, the page-size cap and the filters."""

from __future__ import annotations

from datetime import UTC, datetime

from resolvers.cursors import MALFORMED
from scheduling.appointment_status import AppointmentStatus
from tests.support.factories import (
    global_id,
    make_appointment,
    make_location,
    make_operatory,
    make_patient,
    make_practice,
    make_provider,
)
from tests.support.graphql_errors import codes

APPOINTMENTS = """
query ($filter: AppointmentFilter, $first: Int!, $after: String) {
  appointments(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    totalCount
  }
}
"""


def at(hour: int, minute: int = 0, day: int = 16) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


async def page(execute, viewer, *, first, after=None, filter=None):
    result = await execute(
        APPOINTMENTS, {"first": first, "after": after, "filter": filter}, viewer=viewer
    )
    assert result.errors is None, result.errors
    return result.data["appointments"]


def ids(connection) -> list[str]:
    return [edge["node"]["id"] for edge in connection["edges"]]


async def test_pages_are_stable_when_rows_are_inserted_between_them(engine, execute):
    # given five appointments at 15:00..19:00, two of them at the same instant
    practice = await make_practice(engine)
    other_op = await make_operatory(engine, practice.location)
    made = [
        await make_appointment(engine, practice, start_at=at(15 + n), end_at=at(15 + n, 30))
        for n in range(4)
    ]
    other_provider = await make_provider(engine, practice.org)
    twin = await make_appointment(
        engine,
        practice,
        start_at=at(16),
        end_at=at(16, 30),
        operatory=other_op,
        provider=other_provider,
    )
    expected = sorted([*made, twin], key=lambda row: (row.start_at, row.id))
    # when the first page of two is read, then an earlier and a later appointment are inserted
    first = await page(execute, practice.staff, first=2)
    await make_appointment(engine, practice, start_at=at(9), end_at=at(9, 30))
    late = await make_appointment(engine, practice, start_at=at(20), end_at=at(20, 30))
    second = await page(execute, practice.staff, first=2, after=first["pageInfo"]["endCursor"])
    third = await page(execute, practice.staff, first=2, after=second["pageInfo"]["endCursor"])
    # then the pages continue exactly after the cursor: no duplicates, nothing skipped
    expected_ids = [global_id("Appointment", row.id) for row in expected]
    assert ids(first) == expected_ids[:2]
    assert ids(second) == expected_ids[2:4]
    assert ids(third) == [expected_ids[4], global_id("Appointment", late.id)]
    assert first["pageInfo"]["hasPreviousPage"] is False
    assert second["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": True,
        "startCursor": second["edges"][0]["cursor"],
        "endCursor": second["edges"][1]["cursor"],
    }
    assert third["pageInfo"]["hasNextPage"] is False
    assert third["totalCount"] == 7


async def test_page_size_is_capped(engine, execute):
    practice = await make_practice(engine)
    for first in (0, 101, -5):
        result = await execute(APPOINTMENTS, {"first": first}, viewer=practice.staff)
        assert result.data is None
        assert codes(result) == ["BAD_USER_INPUT"]
        assert result.errors[0].message == "first must be between 1 and 100"


async def test_a_forged_cursor_is_bad_input(engine, execute):
    practice = await make_practice(engine)
    result = await execute(
        APPOINTMENTS, {"first": 5, "after": "not-a-cursor"}, viewer=practice.staff
    )
    assert codes(result) == ["BAD_USER_INPUT"]
    assert result.errors[0].message == MALFORMED


async def test_local_date_filters_cover_whole_local_days_per_location_zone(engine, execute):
    # given appointments just inside and outside 2026-11-16 in Chicago (UTC-6) and London (UTC+0)
    practice = await make_practice(engine, time_zone="America/Chicago")
    london = await make_location(engine, practice.org, time_zone="Europe/London")
    london_op = await make_operatory(engine, london)
    inside_first = await make_appointment(engine, practice, start_at=at(6, 0), end_at=at(6, 30))
    inside_last = await make_appointment(
        engine, practice, start_at=at(5, 45, day=17), end_at=at(6, 0, day=17)
    )
    await make_appointment(
        engine, practice, start_at=at(5, 45), end_at=at(6, 0)
    )  # 23:45 on the 15th
    await make_appointment(engine, practice, start_at=at(6, 0, day=17), end_at=at(6, 30, day=17))
    london_row = await make_appointment(
        engine, practice, start_at=at(0, 0), end_at=at(0, 30), operatory=london_op
    )
    # when filtering from 2026-11-16 to 2026-11-16 (dates, no times)
    result = await page(
        execute, practice.staff, first=50, filter={"from": "2026-11-16", "to": "2026-11-16"}
    )
    # then each location's own local day is used
    assert ids(result) == [
        global_id("Appointment", london_row.id),
        global_id("Appointment", inside_first.id),
        global_id("Appointment", inside_last.id),
    ]


async def test_instant_bounds_and_other_filters(engine, execute):
    # given appointments with different providers, patients, statuses and operatories
    practice = await make_practice(engine)
    assistant = await make_provider(engine, practice.org, last_name="Assist")
    other_patient = await make_patient(engine, practice.org)
    other_op = await make_operatory(engine, practice.location)
    a = await make_appointment(
        engine, practice, start_at=at(15), end_at=at(16), additional_providers=[assistant]
    )
    b = await make_appointment(
        engine,
        practice,
        start_at=at(16),
        end_at=at(17),
        patient=other_patient,
        status=AppointmentStatus.COMPLETE,
    )
    c = await make_appointment(
        engine,
        practice,
        start_at=at(17),
        end_at=at(18),
        operatory=other_op,
        status=AppointmentStatus.CANCELLED,
    )
    gid = {row.id: global_id("Appointment", row.id) for row in (a, b, c)}
    staff = practice.staff
    # then each filter narrows as documented
    by_provider = await page(
        execute, staff, first=10, filter={"providerIds": [global_id("Provider", assistant.id)]}
    )
    assert ids(by_provider) == [gid[a.id]]
    by_patient = await page(
        execute, staff, first=10, filter={"patientIds": [global_id("Patient", other_patient.id)]}
    )
    assert ids(by_patient) == [gid[b.id]]
    by_status = await page(execute, staff, first=10, filter={"statuses": ["COMPLETE", "CANCELLED"]})
    assert ids(by_status) == [gid[b.id], gid[c.id]]
    by_operatory = await page(
        execute, staff, first=10, filter={"operatoryIds": [global_id("Operatory", other_op.id)]}
    )
    assert ids(by_operatory) == [gid[c.id]]
    window = {
        "from": "2026-11-16T16:00:00+00:00",
        "to": "2026-11-16T11:00:00-06:00",
    }  # [16:00Z, 17:00Z)
    assert ids(await page(execute, staff, first=10, filter=window)) == [gid[b.id]]


async def test_a_patient_sees_only_their_own_appointments(engine, execute):
    practice = await make_practice(engine)
    other_patient = await make_patient(engine, practice.org)
    mine = await make_appointment(engine, practice, start_at=at(15), end_at=at(16))
    await make_appointment(engine, practice, start_at=at(16), end_at=at(17), patient=other_patient)
    # even when asking for someone else's appointments
    result = await page(
        execute,
        practice.patient_viewer(),
        first=10,
        filter={"patientIds": [global_id("Patient", other_patient.id)]},
    )
    assert ids(result) == [global_id("Appointment", mine.id)]
