"""Patient flow: the organization's flow statuses (a node type) and an appointment's timeline."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry
from strawberry import relay

from db.rows.appointments import FlowEventRow
from db.rows.practice import FlowStatusRow
from resolvers.context import RequestContext
from schema.types.node_loading import node_resolver

Info = strawberry.Info[RequestContext, None]


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
