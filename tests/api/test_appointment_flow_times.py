"""Appointment.flowStays and Appointment.flowStepTimes: the time one visit spent in each patient
flow step, the step it is still in measured to the request's now (a pinned clock)."""

from __future__ import annotations

from datetime import UTC, datetime

from db.models import PatientFlowStatus
from resolvers.clock import FixedClock
from tests.support.factories import global_id, make_appointment, make_practice
from tests.support.recall_rows import insert_row
from tests.support.report_rows import flow_timeline, make_flow_status

READ = """query ($id: ID!, $open: Boolean!) {
  node(id: $id) { ... on Appointment {
    flowStays { flowStatus { name } enteredAt leftAt seconds }
    flowStepTimes { flowStatus { name } seconds }
    closed: flowStepTimes(includeOpen: $open) { flowStatus { name } seconds }
  } }
}"""


def utc(hour: int, minute: int = 0) -> datetime:
    return datetime(2030, 1, 7, hour, minute, tzinfo=UTC)


def at(hour: int, minute: int = 0) -> str:
    return f"2030-01-07T{hour:02}:{minute:02}:00+00:00"


async def test_stays_and_totals_with_the_open_step_measured_to_now(engine, execute):
    practice = await make_practice(engine)
    arrived = await make_flow_status(engine, practice, "Arrived", 1)
    seated = await make_flow_status(engine, practice, "Seated", 2)
    visit = await make_appointment(engine, practice, start_at=utc(15), end_at=utc(16))
    # arrived 15:00, seated 15:10, back to arrived 15:40 (waiting again), still there
    await flow_timeline(
        engine, practice, visit, [(utc(15), arrived), (utc(15, 10), seated), (utc(15, 40), arrived)]
    )
    variables = {"id": global_id("Appointment", visit.id), "open": False}
    result = await execute(READ, variables, viewer=practice.staff, clock=FixedClock(utc(15, 45)))
    assert result.errors is None, result.errors
    assert result.data["node"] == {
        "flowStays": [
            {"flowStatus": {"name": "Arrived"}, "enteredAt": at(15), "leftAt": at(15, 10),
             "seconds": 600},
            {"flowStatus": {"name": "Seated"}, "enteredAt": at(15, 10), "leftAt": at(15, 40),
             "seconds": 1800},
            {"flowStatus": {"name": "Arrived"}, "enteredAt": at(15, 40), "leftAt": None,
             "seconds": 300},
        ],
        "flowStepTimes": [
            {"flowStatus": {"name": "Arrived"}, "seconds": 900},
            {"flowStatus": {"name": "Seated"}, "seconds": 1800},
        ],
        "closed": [
            {"flowStatus": {"name": "Arrived"}, "seconds": 600},
            {"flowStatus": {"name": "Seated"}, "seconds": 1800},
        ],
    }  # fmt: skip
    # later, the open step has grown
    later = await execute(READ, variables, viewer=practice.staff, clock=FixedClock(utc(16)))
    assert later.data["node"]["flowStays"][-1]["seconds"] == 1200


async def test_a_terminal_step_ends_the_flow_and_other_visits_read_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    arrived = await make_flow_status(engine, practice, "Arrived", 1)
    out = await insert_row(
        engine,
        PatientFlowStatus,
        {"organization_id": practice.org.id, "name": "Out", "abbreviation": "Out",
         "color": "#336699", "sort_order": 9, "is_terminal": True},
    )  # fmt: skip
    visit = await make_appointment(engine, practice, start_at=utc(15), end_at=utc(16))
    await flow_timeline(engine, practice, visit, [(utc(15), arrived), (utc(15, 30), out)])
    variables = {"id": global_id("Appointment", visit.id), "open": True}
    result = await execute(READ, variables, viewer=practice.staff, clock=FixedClock(utc(18)))
    node = result.data["node"]
    assert node["flowStays"][-1] == {
        "flowStatus": {"name": "Out"}, "enteredAt": at(15, 30), "leftAt": at(15, 30), "seconds": 0}  # fmt: skip
    assert (
        node["flowStepTimes"]
        == node["closed"]
        == [
            {"flowStatus": {"name": "Arrived"}, "seconds": 1800},
            {"flowStatus": {"name": "Out"}, "seconds": 0},
        ]
    )
    # a visit without events has none; another organization's visit is not there at all
    quiet = await make_appointment(engine, practice, start_at=utc(17), end_at=utc(18))
    variables = {"id": global_id("Appointment", quiet.id), "open": True}
    result = await execute(READ, variables, viewer=practice.staff)
    assert result.data["node"] == {"flowStays": [], "flowStepTimes": [], "closed": []}
    variables = {"id": global_id("Appointment", visit.id), "open": True}
    result = await execute(READ, variables, viewer=other.staff)
    assert result.data["node"] is None
