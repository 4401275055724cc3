"""The reports: appointments counted per location (one grouped statement) and the time visits
spent in each patient flow step per day and provider, with refusals that answer nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scheduling.appointment_status import AppointmentStatus
from tests.support.factories import (
    global_id,
    make_appointment,
    make_location,
    make_operatory,
    make_practice,
    make_provider,
)
from tests.support.report_rows import flow_timeline, make_flow_status

COUNTS = """
query ($from: Date!, $to: Date!, $statuses: [AppointmentStatus!]) {
  appointmentCountsByLocation(from: $from, to: $to, statuses: $statuses) {
    from to statuses total locations { location { name } count }
  }
}
"""
FLOW = """
query ($locationId: ID!, $from: Date!, $to: Date!, $providerId: ID) {
  patientFlowStats(locationId: $locationId, from: $from, to: $to, providerId: $providerId) {
    date provider { lastName } flowStatus { name } visits totalSeconds averageSeconds
  }
}
"""


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2030, 1, day, hour, minute, tzinfo=UTC)


async def visit(engine, practice, start: datetime, **extra):
    return await make_appointment(
        engine, practice, start_at=start, end_at=start + timedelta(minutes=30), **extra
    )


async def test_counts_by_location_over_local_dates(engine, execute, count_statements):
    practice = await make_practice(engine)  # America/Chicago
    london = await make_location(engine, practice.org, time_zone="Europe/London", name="Alpha")
    await make_location(engine, practice.org, name="Zulu")  # nothing booked there
    chair = await make_operatory(engine, london)
    # Chicago: Jan 31 23:30 local is Feb 1 05:30 UTC and counts in January.
    for start, status in [
        (utc(7, 15), AppointmentStatus.SCHEDULED),
        (utc(8, 15), AppointmentStatus.SCHEDULED),
        (datetime(2030, 2, 1, 5, 30, tzinfo=UTC), AppointmentStatus.SCHEDULED),
        (utc(9, 15), AppointmentStatus.CANCELLED),
        (utc(10, 15), AppointmentStatus.COMPLETE),
        (datetime(2030, 2, 1, 6, 30, tzinfo=UTC), AppointmentStatus.SCHEDULED),  # Feb 1 local
    ]:
        await visit(engine, practice, start, status=status)
    await visit(engine, practice, utc(7, 9), operatory=chair)
    await visit(engine, practice, utc(31, 23, 30), operatory=chair)  # Jan 31 in London
    other = await make_practice(engine)
    await visit(engine, other, utc(7, 15))
    january = {"from": "2030-01-01", "to": "2030-01-31"}
    site = practice.location.name
    with count_statements() as counter:
        result = await execute(COUNTS, january, viewer=practice.staff)
    assert result.errors is None
    assert result.data["appointmentCountsByLocation"] == {
        "from": "2030-01-01", "to": "2030-01-31", "statuses": ["SCHEDULED"], "total": 5,
        "locations": [{"location": {"name": "Alpha"}, "count": 2},
                      {"location": {"name": site}, "count": 3},
                      {"location": {"name": "Zulu"}, "count": 0}],
    }  # fmt: skip
    # The grouped count, the locations in one batch.
    assert counter.count == 2, counter.statements
    several = {**january, "statuses": ["CANCELLED", "COMPLETE", "CANCELLED"]}
    result = await execute(COUNTS, several, viewer=practice.staff)
    counts = result.data["appointmentCountsByLocation"]
    assert (counts["statuses"], counts["total"]) == (["CANCELLED", "COMPLETE"], 2)
    assert [each["count"] for each in counts["locations"]] == [0, 2, 0]


async def test_count_and_flow_refusals(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    here = global_id("Location", practice.location.id)
    cases = [
        (COUNTS, {"from": "2030-02-01", "to": "2030-01-01"}, "BAD_USER_INPUT"),
        (COUNTS, {"from": "2030-01-01", "to": "2031-06-01"}, "BAD_USER_INPUT"),
        (FLOW, {"locationId": here, "from": "2030-01-01", "to": "2030-02-01"}, "BAD_USER_INPUT"),
        (FLOW, {"locationId": here, "from": "2030-01-02", "to": "2030-01-01"}, "BAD_USER_INPUT"),
        (FLOW, {"locationId": global_id("Location", other.location.id), "from": "2030-01-01",
                "to": "2030-01-02"}, "NOT_FOUND"),
        (FLOW, {"locationId": here, "from": "2030-01-01", "to": "2030-01-02",
                "providerId": global_id("Provider", other.provider.id)}, "NOT_FOUND"),
        (FLOW, {"locationId": global_id("Provider", practice.provider.id), "from": "2030-01-01",
                "to": "2030-01-02"}, "BAD_USER_INPUT"),
    ]  # fmt: skip
    for document, variables, code in cases:
        result = await execute(document, variables, viewer=practice.staff)
        assert result.data is None, variables
        assert [error.extensions["code"] for error in result.errors] == [code], variables
    for document, variables in [
        (COUNTS, {"from": "2030-01-01", "to": "2030-01-02"}),
        (FLOW, {"locationId": here, "from": "2030-01-01", "to": "2030-01-02"}),
    ]:
        refused = await execute(document, variables, viewer=practice.patient_viewer())
        assert [error.extensions["code"] for error in refused.errors] == ["FORBIDDEN"]


async def test_time_in_each_flow_step_per_day_and_provider(engine, execute, count_statements):
    practice = await make_practice(engine)  # provider "Lee"
    adams = await make_provider(engine, practice.org, last_name="Adams")
    arrived = await make_flow_status(engine, practice, "Arrived", 1)
    seated = await make_flow_status(engine, practice, "Seated", 2)
    out = await make_flow_status(engine, practice, "Out", 3)
    day = {"locationId": global_id("Location", practice.location.id),
           "from": "2030-01-07", "to": "2030-01-08"}  # fmt: skip
    with count_statements() as empty:
        result = await execute(FLOW, day, viewer=practice.staff)
    assert result.data == {"patientFlowStats": []}
    first = await visit(engine, practice, utc(7, 15))
    await flow_timeline(
        engine, practice, first, [(utc(7, 15), arrived), (utc(7, 15, 10), seated),
                                  (utc(7, 15, 50), out)],
    )  # fmt: skip
    second = await visit(engine, practice, utc(7, 16))
    # Still seated: the step it is in has no length yet.
    await flow_timeline(engine, practice, second, [(utc(7, 16), arrived), (utc(7, 16, 20), seated)])
    third = await visit(engine, practice, utc(7, 17), provider=adams)
    await flow_timeline(
        engine, practice, third, [(utc(7, 17), arrived), (utc(7, 17, 5), seated),
                                  (utc(7, 17, 35), out)],
    )  # fmt: skip
    fourth = await visit(engine, practice, utc(8, 15))
    await flow_timeline(engine, practice, fourth, [(utc(8, 15), arrived), (utc(8, 15, 15), out)])
    outside = await visit(engine, practice, utc(9, 15))
    await flow_timeline(engine, practice, outside, [(utc(9, 15), arrived), (utc(9, 16), out)])
    with count_statements() as counter:
        result = await execute(FLOW, day, viewer=practice.staff)
    assert result.errors is None
    assert result.data["patientFlowStats"] == [
        {"date": "2030-01-07", "provider": {"lastName": "Adams"}, "flowStatus": {"name": "Arrived"},
         "visits": 1, "totalSeconds": 300, "averageSeconds": 300},
        {"date": "2030-01-07", "provider": {"lastName": "Adams"}, "flowStatus": {"name": "Seated"},
         "visits": 1, "totalSeconds": 1800, "averageSeconds": 1800},
        {"date": "2030-01-07", "provider": {"lastName": "Lee"}, "flowStatus": {"name": "Arrived"},
         "visits": 2, "totalSeconds": 1800, "averageSeconds": 900},
        {"date": "2030-01-07", "provider": {"lastName": "Lee"}, "flowStatus": {"name": "Seated"},
         "visits": 1, "totalSeconds": 2400, "averageSeconds": 2400},
        {"date": "2030-01-08", "provider": {"lastName": "Lee"}, "flowStatus": {"name": "Arrived"},
         "visits": 1, "totalSeconds": 900, "averageSeconds": 900},
    ]  # fmt: skip
    # The location, the grouped statement, then providers and statuses in one batch each.
    assert counter.count == 4, counter.statements
    assert empty.count == 2, empty.statements  # nothing to load after an empty report
    only_adams = {**day, "providerId": global_id("Provider", adams.id)}
    result = await execute(FLOW, only_adams, viewer=practice.staff)
    assert [row["flowStatus"]["name"] for row in result.data["patientFlowStats"]] == [
        "Arrived",
        "Seated",
    ]
