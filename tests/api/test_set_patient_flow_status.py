"""setPatientFlowStatus through the schema, and the flow on Appointment and calendarDay."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Row, func, insert, select

from db.models import IdempotencyKey, PatientFlowEvent, PatientFlowStatus
from db.tables import table_of
from resolvers.viewer import Role, Viewer
from scheduling.appointment_status import AppointmentStatus
from tests.support.factories import Practice, global_id, make_appointment, make_practice
from tests.support.lifecycle_documents import database_state

SET = """
mutation ($input: SetPatientFlowStatusInput!) {
  setPatientFlowStatus(input: $input) {
    appointment {
      id version status flowStatus { id name isTerminal }
      flowEvents { occurredAt actor note flowStatus { name } }
      history { edges { node { action actor changes { field before after } } } }
    }
    userErrors { field code message conflicts { reason } }
  }
}
"""
STATUSES = "query { patientFlowStatuses { name sortOrder active } }"
DAY = """
query ($l: ID!, $d: Date!) {
  calendarDay(locationId: $l, date: $d) {
    appointments { id flowStatus { name color } flowEvents { note flowStatus { name } } }
  }
}
"""
START = datetime(2030, 1, 7, 15, tzinfo=UTC)  # 09:00 in Chicago
statuses_table = table_of(PatientFlowStatus)
events_table = table_of(PatientFlowEvent)


async def make_flow_status(
    engine: Any, practice: Practice, name: str, *, order: int, active: bool = True
) -> Row[Any]:
    """A patient flow status of the practice's organization."""
    values = {"organization_id": practice.org.id, "name": name, "abbreviation": name[:3],
              "color": "#336699", "sort_order": order, "is_terminal": name == "Checked out",
              "active": active}  # fmt: skip
    statement = insert(statuses_table).values(**values).returning(*statuses_table.c)
    async with engine.begin() as connection:
        return (await connection.execute(statement)).one()


async def visit(engine: Any, practice: Practice, *, minutes: int = 0, **extra: Any) -> Row[Any]:
    """A 30-minute appointment `minutes` after START."""
    start = START + timedelta(minutes=minutes)
    return await make_appointment(
        engine, practice, start_at=start, end_at=start + timedelta(minutes=30), **extra
    )


def request(appointment: Any, status: Any, version: int = 1, **extra: Any) -> dict:
    """A setPatientFlowStatus input for rows (or bare UUIDs)."""
    return {
        "input": {
            "appointmentId": global_id("Appointment", getattr(appointment, "id", appointment)),
            "baseVersion": version,
            "flowStatusId": global_id("PatientFlowStatus", getattr(status, "id", status)),
            **extra,
        }
    }


async def flow_state(engine: Any) -> tuple[Any, ...]:
    """Appointments, history, slots, flow events and idempotency keys: what a failure keeps."""
    async with engine.connect() as connection:
        events = (await connection.execute(select(events_table).order_by(events_table.c.id))).all()
        keys = await connection.scalar(select(func.count()).select_from(table_of(IdempotencyKey)))
    return await database_state(engine), tuple(events), keys


def failure(field: str | None, code: str, message: str) -> dict:
    """The payload of a refused change."""
    return {
        "appointment": None,
        "userErrors": [
            {
                "field": ["input", field] if field else None,
                "code": code,
                "message": message,
                "conflicts": [],
            }
        ],
    }


@pytest.fixture
async def practice(engine: Any) -> Practice:
    return await make_practice(engine)


async def test_staff_walk_a_visit_through_the_flow(engine, execute, practice):
    checked_in = await make_flow_status(engine, practice, "Checked in", order=1)
    seated = await make_flow_status(engine, practice, "Seated", order=2)
    await make_flow_status(engine, practice, "Old step", order=3, active=False)
    booked = await visit(engine, practice)
    first = await execute(
        SET, request(booked, checked_in, note="Arrived early"), viewer=practice.staff
    )
    assert first.errors is None
    second = await execute(SET, request(booked, seated, version=2), viewer=practice.staff)
    payload = second.data["setPatientFlowStatus"]
    events = payload["appointment"].pop("flowEvents")
    assert payload == {
        "appointment": {
            "id": global_id("Appointment", booked.id),
            "version": 3,
            "status": "SCHEDULED",
            "flowStatus": {
                "id": global_id("PatientFlowStatus", seated.id),
                "name": "Seated",
                "isTerminal": False,
            },
            "history": {
                "edges": [
                    {"node": {"action": "FLOW_STATUS_SET", "actor": "staff-test", "changes": [
                        {"field": "flowEventNote", "before": None, "after": "Arrived early"},
                        {"field": "flowStatus", "before": None,
                         "after": global_id("PatientFlowStatus", checked_in.id)}]}},
                    {"node": {"action": "FLOW_STATUS_SET", "actor": "staff-test", "changes": [
                        {"field": "flowStatus",
                         "before": global_id("PatientFlowStatus", checked_in.id),
                         "after": global_id("PatientFlowStatus", seated.id)}]}},
                ]
            },
        },
        "userErrors": [],
    }  # fmt: skip
    assert [(e["flowStatus"]["name"], e["actor"], e["note"]) for e in events] == [
        ("Checked in", "staff-test", "Arrived early"),
        ("Seated", "staff-test", None),
    ]
    assert events[0]["occurredAt"] < events[1]["occurredAt"]
    listed = await execute(STATUSES, viewer=practice.staff)
    assert listed.data["patientFlowStatuses"] == [
        {"name": "Checked in", "sortOrder": 1, "active": True},
        {"name": "Seated", "sortOrder": 2, "active": True},
    ]


async def test_a_complete_visit_can_be_checked_out_by_an_integration(engine, execute, practice):
    out = await make_flow_status(engine, practice, "Checked out", order=5)
    done = await visit(engine, practice, status=AppointmentStatus.COMPLETE)
    integration = Viewer(organization_id=practice.org.id, role=Role.INTEGRATION, subject="kiosk")
    variables = request(done, out, idempotencyKey="checkout-1")
    first = await execute(SET, variables, viewer=integration)
    state = await flow_state(engine)
    retried = await execute(SET, variables, viewer=integration)
    assert retried.data == first.data
    appointment = first.data["setPatientFlowStatus"]["appointment"]
    assert (appointment["status"], appointment["version"]) == ("COMPLETE", 2)
    assert appointment["flowStatus"]["isTerminal"] is True
    assert [e["actor"] for e in appointment["flowEvents"]] == ["kiosk"]
    assert await flow_state(engine) == state  # the retry changed nothing


async def test_a_stale_version_is_a_conflict_and_changes_nothing(engine, execute, practice):
    status = await make_flow_status(engine, practice, "Checked in", order=1)
    booked = await visit(engine, practice)
    before = await flow_state(engine)
    result = await execute(SET, request(booked, status, version=5), viewer=practice.staff)
    assert result.data["setPatientFlowStatus"] == failure(
        "baseVersion", "VERSION_CONFLICT", "The appointment is at version 1, not 5"
    )
    assert await flow_state(engine) == before


@pytest.mark.parametrize(
    "status",
    [
        AppointmentStatus.PLANNED,
        AppointmentStatus.BROKEN,
        AppointmentStatus.CANCELLED,
        AppointmentStatus.UNSCHEDULED,
        AppointmentStatus.PINBOARD,
    ],
)
async def test_only_scheduled_and_complete_visits_flow(engine, execute, practice, status):
    flow = await make_flow_status(engine, practice, "Checked in", order=1)
    appointment = await visit(engine, practice, status=status)
    before = await flow_state(engine)
    result = await execute(SET, request(appointment, flow), viewer=practice.staff)
    assert result.data["setPatientFlowStatus"] == failure(
        None,
        "INVALID_TRANSITION",
        f"A {status.upper()} appointment has no patient flow; only SCHEDULED and COMPLETE ones do",
    )
    assert await flow_state(engine) == before


async def test_unknown_foreign_and_inactive_ids_change_nothing(engine, execute, practice):
    status = await make_flow_status(engine, practice, "Checked in", order=1)
    retired = await make_flow_status(engine, practice, "Retired", order=2, active=False)
    booked = await visit(engine, practice)
    other = await make_practice(engine)
    foreign_status = await make_flow_status(engine, other, "Checked in", order=1)
    foreign_visit = await visit(engine, other)
    unknown = uuid.uuid4()
    no_visit = failure("appointmentId", "NOT_FOUND", "No appointment with this ID")
    no_status = failure("flowStatusId", "NOT_FOUND", "No patient flow status with this ID")
    cases = [
        (request(unknown, status), no_visit),
        (request(foreign_visit, status), no_visit),
        (request(foreign_visit, foreign_status), no_visit),
        (request(booked, unknown), no_status),
        (request(booked, foreign_status), no_status),
        (
            request(booked, retired),
            failure("flowStatusId", "VALIDATION", "The flow status 'Retired' is inactive"),
        ),
    ]
    before = await flow_state(engine)
    for variables, expected in cases:
        result = await execute(SET, variables, viewer=practice.staff)
        assert result.data["setPatientFlowStatus"] == expected, variables
    assert await flow_state(engine) == before
    # Another organization's status is no node here either.
    node = await execute(
        "query ($id: ID!) { node(id: $id) { id } }",
        {"id": global_id("PatientFlowStatus", foreign_status.id)},
        viewer=practice.staff,
    )
    assert node.data == {"node": None}


async def test_patients_may_not_set_the_flow(engine, execute, practice):
    status = await make_flow_status(engine, practice, "Checked in", order=1)
    booked = await visit(engine, practice)
    before = await flow_state(engine)
    result = await execute(SET, request(booked, status), viewer=practice.patient_viewer())
    assert result.data["setPatientFlowStatus"] == failure(
        None, "FORBIDDEN", "Only the practice may set the patient flow status"
    )
    assert await flow_state(engine) == before


async def test_the_calendar_shows_the_flow_in_a_constant_number_of_queries(
    engine, execute, practice, count_statements
):
    statuses = [
        await make_flow_status(engine, practice, name, order=n)
        for n, name in enumerate(("Checked in", "Seated", "In chair"), 1)
    ]
    small = [await visit(engine, practice, minutes=30 * n) for n in range(2)]
    large = [await visit(engine, practice, minutes=24 * 60 + 30 * n) for n in range(20)]
    expected = {}
    for n, appointment in enumerate([*small, *large]):
        steps = statuses[: n % 3 + 1]  # one to three steps each
        for version, step in enumerate(steps, 1):
            result = await execute(
                SET, request(appointment, step, version=version), viewer=practice.staff
            )
            assert result.data["setPatientFlowStatus"]["userErrors"] == []
        expected[global_id("Appointment", appointment.id)] = [s.name for s in steps]
    location = global_id("Location", practice.location.id)
    counts = []
    for day, appointments in (("2030-01-07", small), ("2030-01-08", large)):
        with count_statements() as counter:
            result = await execute(DAY, {"l": location, "d": day}, viewer=practice.staff)
        assert result.errors is None
        shown = result.data["calendarDay"]["appointments"]
        assert [a["id"] for a in shown] == [global_id("Appointment", a.id) for a in appointments]
        for item in shown:
            names = expected[item["id"]]
            assert item["flowStatus"] == {"name": names[-1], "color": "#336699"}
            assert [e["flowStatus"]["name"] for e in item["flowEvents"]] == names
        counts.append(counter.count)
    assert counts[0] == counts[1]
