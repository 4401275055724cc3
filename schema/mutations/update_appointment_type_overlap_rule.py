"""updateAppointmentTypeOverlapRule: set whether a rule's two types may overlap."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import OVERLAP_RULE_EDITORS
from resolvers.ids import decode_id
from resolvers.schedules.overlap_rules import update_overlap_rule
from schema.info import Info
from schema.mutations.schedule_common import (
    IDEMPOTENCY_DESCRIPTION,
    ScheduleUserError,
    attempt,
    fresh_row,
)
from schema.types.schedules import AppointmentTypeOverlapRule


@strawberry.input(description="Whether an overlap rule's pair may overlap; pair and place stay.")
class UpdateAppointmentTypeOverlapRuleInput:
    rule_id: GlobalID = strawberry.field(description="The rule to change.")
    base_version: int = strawberry.field(description="The version the client last saw.")
    allow_overlap: bool = strawberry.field(
        description="true lets the pair overlap; false forbids it."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description=IDEMPOTENCY_DESCRIPTION
    )


@strawberry.type(description="The result of updateAppointmentTypeOverlapRule.")
class UpdateAppointmentTypeOverlapRulePayload:
    rule: AppointmentTypeOverlapRule | None = strawberry.field(description="The changed rule.")
    user_errors: list[ScheduleUserError] = strawberry.field(description="Why nothing changed.")


async def resolve_update_appointment_type_overlap_rule(
    info: Info,
    input: Annotated[
        UpdateAppointmentTypeOverlapRuleInput, strawberry.argument(description="The change.")
    ],
) -> UpdateAppointmentTypeOverlapRulePayload:
    """Change an overlap rule; staff only."""

    async def call() -> uuid.UUID:
        return await update_overlap_rule(
            info.context,
            rule_id=decode_id(input.rule_id, "AppointmentTypeOverlapRule", field="ruleId"),
            base_version=input.base_version,
            allow_overlap=input.allow_overlap,
            idempotency_key=input.idempotency_key,
        )

    ident, errors = await attempt(call)
    row = await fresh_row(info.context.loaders.schedules.overlap_rules, ident)
    return UpdateAppointmentTypeOverlapRulePayload(
        rule=AppointmentTypeOverlapRule.from_row(row) if row else None, user_errors=errors
    )


update_appointment_type_overlap_rule_field = strawberry.mutation(
    metadata=OVERLAP_RULE_EDITORS,
    resolver=resolve_update_appointment_type_overlap_rule,
    description=(
        "Allow or forbid a rule's pair of types to overlap; baseVersion must be current. "
        "Appointments already booked keep their slots."
    ),
)
