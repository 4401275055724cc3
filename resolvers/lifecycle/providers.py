"""setAppointmentProviders: replace the primary and additional providers in one step."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from db.queries import booking as writes
from db.rows.appointments import AppointmentRow
from resolvers.context import RequestContext
from resolvers.lifecycle import references
from resolvers.lifecycle.change import change_appointment, record_change
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.provider_roles import (
    ranges_after,
    ranges_change,
    roles_after,
    roles_change,
)
from resolvers.lifecycle.slot_guard import CandidateSlot, asked_overlap, in_place
from resolvers.lifecycle.staffing import check_staffing
from resolvers.lifecycle.update import ensure_open
from resolvers.mutation_runner import Transaction
from scheduling.appointment_record import ProviderRole
from scheduling.appointment_status import BLOCKING


@dataclass(frozen=True, slots=True)
class ProvidersRequest:
    """The providers an appointment should have, primary first."""

    appointment_id: uuid.UUID
    base_version: int
    provider_ids: tuple[uuid.UUID, ...]
    allow_overlap: bool | None = None
    # (additional provider, role) pairs; a provider not named keeps its role.
    roles: tuple[tuple[uuid.UUID, ProviderRole], ...] = ()
    # (additional provider, start, end): its minutes within the visit (None: the whole
    # visit), for those named in roles; one not named keeps its range.
    ranges: tuple[tuple[uuid.UUID, int | None, int | None], ...] = ()


async def set_appointment_providers(
    ctx: RequestContext, request: ProvidersRequest, *, idempotency_key: str | None
) -> AppointmentOutcome:
    """Swap the providers at the appointment's current time and operatory, conflict-checked."""
    viewer = ctx.viewer
    org = viewer.organization_id
    booking = CandidateSlot(ctx)

    async def change(tx: Transaction, row: AppointmentRow) -> None:
        connection = tx.connection
        status = await ensure_open(connection, row, "have its providers changed")
        providers = request.provider_ids
        await references.require_providers(connection, org, providers)
        current = await writes.additional_of(connection, appointment_id=row.id)
        before = (row.primary_provider_id, *[provider_id for provider_id, _, _ in current])
        before_roles = {provider_id: role for provider_id, role, _ in current}
        before_ranges = {provider_id: span for provider_id, _, span in current}
        roles = roles_after(providers[1:], request.roles, before_roles)
        visit_minutes = int((row.end_at - row.start_at).total_seconds() // 60)
        ranges = ranges_after(providers[1:], request.ranges, before_ranges, visit_minutes)
        asked = asked_overlap(row)
        allow_overlap = asked if request.allow_overlap is None else request.allow_overlap
        same_assignments = roles == before_roles and ranges == before_ranges
        if providers == before and allow_overlap == asked and same_assignments:
            return
        if providers != before:
            await check_staffing(
                connection,
                ctx,
                type_id=row.appointment_type_id,
                location_id=row.location_id,
                provider_ids=providers,
            )
        # Only a slot-holding appointment can collide; the exclusion constraint agrees.
        overlap = await booking.guard(
            connection,
            in_place(row, providers),
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
        if providers[1:] != before[1:] or not same_assignments:
            await writes.replace_additional_providers(
                connection,
                organization_id=org,
                appointment_id=row.id,
                provider_ids=providers[1:],
                roles=roles,
                ranges=ranges,
            )
        changes: dict[str, dict[str, Any]] = {
            "provider_ids": {
                "before": [str(p) for p in before],
                "after": [str(p) for p in providers],
            },
            "provider_roles": roles_change(before_roles, roles),
            "provider_time_ranges": ranges_change(before_ranges, ranges),
            "allow_overlap": {"before": row.allow_overlap, "after": allow_overlap or by_rule},
        }
        record_change(
            tx.journal,
            row,
            action="providers_set",
            changes={
                field: entry
                for field, entry in changes.items()
                if entry["before"] != entry["after"]
            },
        )

    return await change_appointment(
        ctx,
        request,
        change,
        name="setAppointmentProviders",
        idempotency_key=idempotency_key,
        booking=booking,
    )
