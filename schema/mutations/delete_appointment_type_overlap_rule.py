"""deleteAppointmentTypeOverlapRule: the pair collides again."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import OVERLAP_RULE_EDITORS
from resolvers.ids import decode_id
from resolvers.schedules.overlap_rules import delete_overlap_rule
from schema.info import Info
from schema.mutations.schedule_common import (
    IDEMPOTENCY_DESCRIPTION,
    ScheduleUserError,
    attempt,
    deleted_id,
)


@strawberry.input(description="The overlap rule to remove.")
class DeleteAppointmentTypeOverlapRuleInput:
    rule_id: GlobalID = strawberry.field(description="The rule to remove.")
    idempotency_key: str | None = strawberry.field(
        default=None, description=IDEMPOTENCY_DESCRIPTION
    )


@strawberry.type(description="The result of deleteAppointmentTypeOverlapRule.")
class DeleteAppointmentTypeOverlapRulePayload:
    deleted_id: GlobalID | None = strawberry.field(
        description="The global ID of the deleted overlap rule; null if nothing was deleted."
    )
    user_errors: list[ScheduleUserError] = strawberry.field(description="Why nothing was deleted.")


async def resolve_delete_appointment_type_overlap_rule(
    info: Info,
    input: Annotated[
        DeleteAppointmentTypeOverlapRuleInput, strawberry.argument(description="What to remove.")
    ],
) -> DeleteAppointmentTypeOverlapRulePayload:
    """Delete an overlap rule; staff only."""

    async def call() -> uuid.UUID:
        rule_id = decode_id(input.rule_id, "AppointmentTypeOverlapRule", field="ruleId")
        return await delete_overlap_rule(
            info.context, rule_id, idempotency_key=input.idempotency_key
        )

    ident, errors = await attempt(call)
    return DeleteAppointmentTypeOverlapRulePayload(
        deleted_id=deleted_id("AppointmentTypeOverlapRule", ident), user_errors=errors
    )


delete_appointment_type_overlap_rule_field = strawberry.mutation(
    resolver=resolve_delete_appointment_type_overlap_rule,
    metadata=OVERLAP_RULE_EDITORS,
    description=(
        "Remove an overlap rule; appointments already overlapping stay, new ones collide."
    ),
)
