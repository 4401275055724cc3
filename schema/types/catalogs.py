"""Node type of the cancellation and no-show reasons, and the report that counts by them."""

from __future__ import annotations

from uuid import UUID

import strawberry
from strawberry import relay

from db.rows.practice import AppointmentReasonRow
from schema.enums import ReasonKind
from schema.types.node_loading import node_resolver


@strawberry.type(
    description="An entry of the organization's cancellation or no-show reasons, e.g. "
    "'Feeling unwell'."
)
class AppointmentReason(relay.Node):
    pk: relay.NodeID[UUID]
    kind: ReasonKind = strawberry.field(
        description="CANCELLATION (cancelAppointment) or NO_SHOW (breakAppointment)."
    )
    name: str = strawberry.field(description="Display name, unique in its list.")
    sort_order: int = strawberry.field(description="Position in pick lists.")
    active: bool = strawberry.field(
        description="Archived reasons (false) stay on the appointments that have them but "
        "cannot be given any more."
    )
    version: int = strawberry.field(
        description="Optimistic-concurrency version; changes send it back as baseVersion."
    )

    @classmethod
    def from_row(cls, row: AppointmentReasonRow) -> AppointmentReason:
        """Build from an appointment_reasons row."""
        return cls(
            pk=row.id,
            kind=ReasonKind(row.kind),
            name=row.name,
            sort_order=row.sort_order,
            active=row.active,
            version=row.version,
        )

    resolve_nodes = node_resolver(lambda c: c.loaders.appointment_reasons)


@strawberry.type(description="How many appointments were cancelled or broken for one reason.")
class ReasonCount:
    reason: AppointmentReason | None = strawberry.field(
        description="The list's entry; null for those recorded with free text only (or none)."
    )
    count: int = strawberry.field(description="Appointments in the range with this reason.")
