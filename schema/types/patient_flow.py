"""Patient flow: the organization's flow statuses (a node type) and an appointment's timeline."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry
from strawberry import relay

from db.rows.appointments import FlowEventRow
from db.rows.practice import FlowStatusRow
from scheduling.flow_steps import FlowEntry, FlowStretch, stretches, totals
from schema.info import Info
from schema.types.node_loading import node_resolver


@strawberry.type(
    description="One step of the organization's patient flow, e.g. 'Checked in' or 'In chair'."
)
class PatientFlowStatus(relay.Node):
    pk: relay.NodeID[UUID]
    name: str = strawberry.field(description="Display name, unique in the organization.")
    abbreviation: str = strawberry.field(description="Short label for the calendar.")
    color: str = strawberry.field(description="Calendar color as #rrggbb.")
    sort_order: int = strawberry.field(description="Position in the flow and in pick lists.")
    is_terminal: bool = strawberry.field(
        description="Whether this step ends the visit's flow (e.g. 'Checked out')."
    )
    active: bool = strawberry.field(description="Inactive statuses cannot be set any more.")
    version: int = strawberry.field(
        description="Optimistic-concurrency version; changes send it back as baseVersion."
    )

    @classmethod
    def from_row(cls, row: FlowStatusRow) -> PatientFlowStatus:
        """Build from a patient_flow_statuses row."""
        return cls(
            pk=row.id,
            name=row.name,
            abbreviation=row.abbreviation,
            color=row.color,
            sort_order=row.sort_order,
            is_terminal=row.is_terminal,
            active=row.active,
            version=row.version,
        )

    # Patient flow statuses of the caller's organization.
    resolve_nodes = node_resolver(lambda c: c.loaders.flow_statuses)


@strawberry.type(description="An appointment entering a patient flow status.")
class PatientFlowEvent:
    occurred_at: datetime = strawberry.field(description="When the status was set.")
    actor: str = strawberry.field(description="Who set it (the token's subject).")
    note: str | None = strawberry.field(description="Free-text note given with the change.")
    flow_status_id: strawberry.Private[UUID]

    @classmethod
    def from_row(cls, row: FlowEventRow) -> PatientFlowEvent:
        """Build from a patient_flow_events row."""
        return cls(
            occurred_at=row.occurred_at,
            actor=row.actor,
            note=row.note,
            flow_status_id=row.flow_status_id,
        )

    @strawberry.field(description="The status the appointment entered.")
    async def flow_status(self, info: Info) -> PatientFlowStatus:
        row = await info.context.loaders.flow_statuses.load(self.flow_status_id)
        assert row is not None, "composite foreign keys keep events in their organization"
        return PatientFlowStatus.from_row(row)


@strawberry.type(description="One stay of a visit in a patient flow step.")
class PatientFlowStay:
    entered_at: datetime = strawberry.field(description="When the visit entered the step.")
    left_at: datetime | None = strawberry.field(
        description="When it moved on (a terminal step: when entered); null while it is still "
        "in the step."
    )
    seconds: int = strawberry.field(
        description="Time in the step: to leftAt, or to now while the visit is still in it."
    )
    flow_status_id: strawberry.Private[UUID]

    @strawberry.field(description="The step.")
    async def flow_status(self, info: Info) -> PatientFlowStatus:
        return await _status(info, self.flow_status_id)


@strawberry.type(description="The time a visit spent in one patient flow step, all stays summed.")
class PatientFlowStepTime:
    seconds: int = strawberry.field(description="Seconds in the step.")
    flow_status_id: strawberry.Private[UUID]

    @strawberry.field(description="The step.")
    async def flow_status(self, info: Info) -> PatientFlowStatus:
        return await _status(info, self.flow_status_id)


async def _status(info: Info, ident: UUID) -> PatientFlowStatus:
    row = await info.context.loaders.flow_statuses.load(ident)
    assert row is not None, "composite foreign keys keep events in their organization"
    return PatientFlowStatus.from_row(row)


async def flow_stays(info: Info, appointment_id: UUID) -> list[FlowStretch]:
    """The visit's stays in its flow steps, in time order, the current one measured to the
    request's now (its events and their steps: one batch each)."""
    events = await info.context.loaders.flow_events.load(appointment_id)
    statuses = await info.context.loaders.flow_statuses.load_many(
        [event.flow_status_id for event in events]
    )
    entries = [
        FlowEntry(event.flow_status_id, event.occurred_at, bool(status and status.is_terminal))
        for event, status in zip(events, statuses, strict=True)
    ]
    return stretches(entries, info.context.now)


def stay_of(stretch: FlowStretch) -> PatientFlowStay:
    """The graph's form of a stay."""
    return PatientFlowStay(
        entered_at=stretch.entered_at,
        left_at=stretch.left_at,
        seconds=stretch.seconds,
        flow_status_id=stretch.status_id,
    )


def step_times(found: list[FlowStretch], *, include_open: bool) -> list[PatientFlowStepTime]:
    """Seconds per step in the order first entered."""
    return [
        PatientFlowStepTime(seconds=seconds, flow_status_id=ident)
        for ident, seconds in totals(found, include_open=include_open)
    ]
