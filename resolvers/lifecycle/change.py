"""How a mutation changes one existing appointment: lock it at the client's baseVersion, apply
the change in the same transaction, answer with it; and the history entry a change records."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import Field, asdict
from typing import Any, ClassVar, Protocol

from db.audit_journal import AppointmentAudit, Journal
from db.rows.appointments import AppointmentRow
from resolvers.context import RequestContext
from resolvers.lifecycle.existing import lock_for_change
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.slot_guard import CandidateSlot
from resolvers.mutation_runner import Transaction, run_mutation


class ExistingRequest(Protocol):
    """A request dataclass naming the appointment and the version the client saw."""

    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    @property
    def appointment_id(self) -> uuid.UUID: ...

    @property
    def base_version(self) -> int: ...


# Applies the change to the locked row (raising a domain error refuses it, changing nothing).
Change = Callable[[Transaction, AppointmentRow], Awaitable[None]]


async def change_appointment(
    ctx: RequestContext,
    request: ExistingRequest,
    change: Change,
    *,
    name: str,
    idempotency_key: str | None,
    booking: CandidateSlot | None = None,
) -> AppointmentOutcome:
    """Run `change` on the locked appointment through run_mutation (the request's fields are
    its idempotency fingerprint); `booking`: the slot it writes, to explain a refusal by the
    exclusion constraints."""

    async def work(tx: Transaction) -> AppointmentOutcome:
        row = await lock_for_change(
            tx.connection,
            ctx,
            appointment_id=request.appointment_id,
            base_version=request.base_version,
        )
        await change(tx, row)
        return AppointmentOutcome((row.id,))

    return await run_mutation(
        ctx,
        work,
        name=name,
        outcome=AppointmentOutcome,
        idempotency_key=idempotency_key,
        request=asdict(request),
        exclusion=booking.conflict if booking is not None else None,
    )


def record_change(
    journal: Journal, row: AppointmentRow, *, action: str, changes: dict[str, Any]
) -> None:
    """Record the appointment's history entry for a change by the viewer."""
    journal.record(AppointmentAudit(row.id, action, changes))
