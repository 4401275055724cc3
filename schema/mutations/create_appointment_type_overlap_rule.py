"""createAppointmentTypeOverlapRule: let appointments of two types overlap."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import OVERLAP_RULE_EDITORS
from resolvers.ids import decode_id
from resolvers.schedules.overlap_rules import NewOverlapRule, create_overlap_rule
from schema.info import Info
from schema.mutations.schedule_common import (
    IDEMPOTENCY_DESCRIPTION,
    ScheduleUserError,
    attempt,
    fresh_row,
)
from schema.types.schedules import AppointmentTypeOverlapRule


@strawberry.input(description="Two appointment types that may overlap (in either order).")
class CreateAppointmentTypeOverlapRuleInput:
    appointment_type_a_id: GlobalID = strawberry.field(description="One type of the pair.")
    appointment_type_b_id: GlobalID = strawberry.field(
        description="The other type (may be the same one)."
    )
    location_id: GlobalID | None = strawberry.field(
        default=None, description="Only at this location; null: at every location."
    )
    allow_overlap: bool = strawberry.field(
        default=True,
        description="true lets the pair overlap; false forbids it (a location's rule outweighs "
        "the org-wide one).",
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description=IDEMPOTENCY_DESCRIPTION
    )


@strawberry.type(description="The result of createAppointmentTypeOverlapRule.")
class CreateAppointmentTypeOverlapRulePayload:
    rule: AppointmentTypeOverlapRule | None = strawberry.field(description="The new rule.")
    user_errors: list[ScheduleUserError] = strawberry.field(
        description="Why nothing was created (DUPLICATE: the pair has a rule there already)."
    )


async def resolve_create_appointment_type_overlap_rule(
    info: Info,
    input: Annotated[
        CreateAppointmentTypeOverlapRuleInput, strawberry.argument(description="The new rule.")
    ],
) -> CreateAppointmentTypeOverlapRulePayload:
    """Create an overlap rule; staff only."""

    async def call() -> uuid.UUID:
        new = NewOverlapRule(
            appointment_type_a_id=decode_id(
                input.appointment_type_a_id, "AppointmentType", field="appointmentTypeAId"
            ),
            appointment_type_b_id=decode_id(
                input.appointment_type_b_id, "AppointmentType", field="appointmentTypeBId"
            ),
            location_id=decode_id(input.location_id, "Location", field="locationId")
            if input.location_id
            else None,
            allow_overlap=input.allow_overlap,
        )
        return await create_overlap_rule(info.context, new, idempotency_key=input.idempotency_key)

    ident, errors = await attempt(call)
    row = await fresh_row(info.context.loaders.schedules.overlap_rules, ident)
    return CreateAppointmentTypeOverlapRulePayload(
        rule=AppointmentTypeOverlapRule.from_row(row) if row else None, user_errors=errors
    )


create_appointment_type_overlap_rule_field = strawberry.mutation(
    metadata=OVERLAP_RULE_EDITORS,
    resolver=resolve_create_appointment_type_overlap_rule,
    description=(
        "Let appointments of two types overlap in one operatory and share providers (or, "
        "allowOverlap false, forbid it where an org-wide rule allows it); new bookings and "
        "moves follow the rule."
    ),
)
