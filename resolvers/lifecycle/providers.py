"""setAppointmentProviders: replace the primary and additional providers in one step."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import booking as writes
from resolvers.context import RequestContext
from resolvers.lifecycle import references
from resolvers.lifecycle.existing import lock_for_change
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.provider_roles import roles_after, roles_change
from resolvers.lifecycle.slot_guard import CandidateSlot, asked_overlap, guard_slot
from resolvers.lifecycle.update import ensure_open
from resolvers.mutation_runner import run_mutation
from resolvers.setup.offers import check_staffing
from scheduling.appointment_record import ProviderRole
from scheduling.appointment_status import BLOCKING
from scheduling.conflicts import Booking


@dataclass(frozen=True, slots=True)
class ProvidersRequest:
    """The providers an appointment should have, primary first."""

    appointment_id: uuid.UUID
    base_version: int
    provider_ids: tuple[uuid.UUID, ...]
    allow_overlap: bool | None = None
    # (additional provider, role) pairs; a provider not named keeps its role.
    roles: tuple[tuple[uuid.UUID, ProviderRole], ...] = ()


async def set_appointment_providers(
    ctx: RequestContext, request: ProvidersRequest, *, idempotency_key: str | None
) -> AppointmentOutcome:
    """Swap the providers at the appointment's current time and operatory, conflict-checked."""
    viewer = ctx.viewer
    org = viewer.organization_id
    booking = CandidateSlot(ctx)

    async def work(connection: AsyncConnection) -> AppointmentOutcome:
        row = await lock_for_change(
            connection,
            ctx,
            appointment_id=request.appointment_id,
            base_version=request.base_version,
        )
        status = await ensure_open(connection, row, "have its providers changed")
        providers = request.provider_ids
        await references.require_providers(connection, org, providers)
        current = await writes.additional_of(connection, appointment_id=row.id)
        before = (row.primary_provider_id, *[provider_id for provider_id, _ in current])
        before_roles = dict(current)
        roles = roles_after(providers[1:], request.roles, before_roles)
        asked = asked_overlap(row)
        allow_overlap = asked if request.allow_overlap is None else request.allow_overlap
        if providers == before and allow_overlap == asked and roles == before_roles:
            return AppointmentOutcome((row.id,))
        if providers != before:
            await check_staffing(
                connection,
                ctx,
                type_id=row.appointment_type_id,
                location_id=row.location_id,
                provider_ids=providers,
            )
        candidate = Booking(
            row.id,
            row.operatory_id,
            frozenset(providers),
            row.start_at,
            row.end_at,
            row.appointment_type_id,
        )
        booking.remember(candidate)
        # Only a slot-holding appointment can collide; the exclusion constraint agrees.
        overlap = await guard_slot(
            connection,
            organization_id=org,
            candidate=candidate,
            allow_overlap=allow_overlap or status not in BLOCKING,
            check_blockouts=False,  # same time and operatory: blockouts do not apply
        )
        by_rule = overlap and not allow_overlap and status in BLOCKING
        await writes.update_appointment(
            connection,
            appointment_id=row.id,
            values={
                "primary_provider_id": providers[0],
                "allow_overlap": allow_overlap or by_rule,
                "overlap_by_rule": by_rule,
            },
        )
        if providers[1:] != before[1:] or roles != before_roles:
            await writes.replace_additional_providers(
                connection,
                organization_id=org,
                appointment_id=row.id,
                provider_ids=providers[1:],
                roles=roles,
            )
        changes: dict[str, dict[str, Any]] = {
            "provider_ids": {
                "before": [str(p) for p in before],
                "after": [str(p) for p in providers],
            },
            "provider_roles": roles_change(before_roles, roles),
            "allow_overlap": {"before": row.allow_overlap, "after": allow_overlap or by_rule},
        }
        await writes.record_history(
            connection,
            organization_id=org,
            appointment_id=row.id,
            actor=viewer.subject,
            action="providers_set",
            changes={
                field: change
                for field, change in changes.items()
                if change["before"] != change["after"]
            },
        )
        return AppointmentOutcome((row.id,))

    return await run_mutation(
        ctx,
        work,
        name="setAppointmentProviders",
        outcome=AppointmentOutcome,
        idempotency_key=idempotency_key,
        request=asdict(request),
        exclusion=booking.conflict,
    )
