"""createAppointmentTypeOverlapRule, updateAppointmentTypeOverlapRule and
deleteAppointmentTypeOverlapRule; how rules weigh at booking: scheduling/overlap_rules.py."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass

from db.queries import schedule_writes as writes
from db.queries.practice import APPOINTMENT_TYPES
from db.queries.schedules import OVERLAP_RULES
from resolvers.context import RequestContext
from resolvers.errors import Duplicate, VersionConflict
from resolvers.lifecycle import references
from resolvers.mutation_runner import Transaction, run_row_mutation
from resolvers.outcomes import Written
from resolvers.schedules import checks
from scheduling.overlap_rules import ordered_pair


@dataclass(frozen=True, slots=True)
class NewOverlapRule:
    """Two appointment types that may (or, allow_overlap False, may not) overlap, at a
    location or (None) everywhere."""

    appointment_type_a_id: uuid.UUID
    appointment_type_b_id: uuid.UUID
    location_id: uuid.UUID | None = None
    allow_overlap: bool = True


async def create_overlap_rule(
    ctx: RequestContext, new: NewOverlapRule, *, idempotency_key: str | None
) -> uuid.UUID:
    """Allow (or forbid) the pair to overlap; the same pair and location twice is DUPLICATE."""
    org = ctx.viewer.organization_id

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        for ident, field in (
            (new.appointment_type_a_id, "appointmentTypeAId"),
            (new.appointment_type_b_id, "appointmentTypeBId"),
        ):
            await references.require(
                connection,
                APPOINTMENT_TYPES,
                organization_id=org,
                ident=ident,
                field=field,
                label="appointment type",
            )
        if new.location_id is not None:
            await references.require_location(connection, org, new.location_id)
        type_a, type_b = ordered_pair(new.appointment_type_a_id, new.appointment_type_b_id)
        row = await writes.insert_row(
            connection,
            kind=OVERLAP_RULES,
            values={
                "organization_id": org,
                "appointment_type_a_id": type_a,
                "appointment_type_b_id": type_b,
                "location_id": new.location_id,
                "allow_overlap": new.allow_overlap,
            },
        )
        return Written(row.id)

    return await run_row_mutation(
        ctx,
        work,
        name="createAppointmentTypeOverlapRule",
        idempotency_key=idempotency_key,
        request=asdict(new),
        duplicate=Duplicate(
            "These types have a rule here already; update it instead", field="appointmentTypeBId"
        ),
    )


async def update_overlap_rule(
    ctx: RequestContext,
    *,
    rule_id: uuid.UUID,
    base_version: int,
    allow_overlap: bool,
    idempotency_key: str | None,
) -> uuid.UUID:
    """Set whether the rule's pair may overlap (baseVersion must be current); its pair and
    location stay. Bookings already made keep their slots; new bookings and moves follow."""
    org = ctx.viewer.organization_id

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        row = await writes.lock_row(
            connection, kind=OVERLAP_RULES, organization_id=org, ident=rule_id
        )
        if row is None:
            raise checks.not_found("overlap rule", "ruleId")
        if row.version != base_version:
            raise VersionConflict(
                f"The rule is at version {row.version}, not {base_version}", field="baseVersion"
            )
        await writes.update_row(
            connection, kind=OVERLAP_RULES, ident=row.id, values={"allow_overlap": allow_overlap}
        )
        return Written(row.id)

    return await run_row_mutation(
        ctx,
        work,
        name="updateAppointmentTypeOverlapRule",
        idempotency_key=idempotency_key,
        request={
            "rule_id": str(rule_id),
            "base_version": base_version,
            "allow_overlap": allow_overlap,
        },
    )


async def delete_overlap_rule(
    ctx: RequestContext, rule_id: uuid.UUID, *, idempotency_key: str | None
) -> uuid.UUID:
    """Remove a rule: the pair collides again in new bookings and moves."""
    org = ctx.viewer.organization_id

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        if not await writes.delete_row(
            connection, kind=OVERLAP_RULES, organization_id=org, ident=rule_id
        ):
            raise checks.not_found("overlap rule", "ruleId")
        return Written(rule_id)

    return await run_row_mutation(
        ctx,
        work,
        name="deleteAppointmentTypeOverlapRule",
        idempotency_key=idempotency_key,
        request={"rule_id": str(rule_id)},
    )
