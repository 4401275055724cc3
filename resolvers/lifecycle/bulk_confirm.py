"""bulkConfirmAppointments: one confirmation status for many appointments in one transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import any_, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from db.audit_journal import AppointmentAudit
from db.loaders import Loaders
from db.queries import booking as writes
from db.queries.ids import uuid_array
from db.rows.appointments import AppointmentRow
from db.rows.practice import ConfirmationStatusRow
from db.shapes import all_as
from resolvers.context import RequestContext
from resolvers.errors import Validation
from resolvers.lifecycle import references
from resolvers.lifecycle.confirmation import confirmation_change
from resolvers.lifecycle.update import CLOSED
from resolvers.mutation_runner import Transaction, run_mutation
from scheduling.appointment_status import AppointmentStatus, effective_status

MAX_ITEMS = 100
appointments = writes.appointments


@dataclass(frozen=True, slots=True)
class BulkItem:
    """One appointment to confirm, at the version the client last saw."""

    appointment_id: uuid.UUID
    base_version: int


@dataclass(frozen=True, slots=True)
class StaleItem:
    """An item whose baseVersion is behind: the appointment and its current version."""

    appointment_id: uuid.UUID
    version: int


@dataclass(frozen=True, slots=True)
class BulkConfirmResult:
    """The split of a bulk confirmation: done, skipped (unknown or closed), and stale."""

    confirmed: tuple[uuid.UUID, ...]
    skipped: tuple[uuid.UUID, ...]
    conflicts: tuple[StaleItem, ...]

    def forget(self, loaders: Loaders) -> None:
        for ident in self.confirmed:
            loaders.forget_appointment(ident)


async def _lock_all(
    connection: AsyncConnection, organization_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, AppointmentRow]:
    """The organization's listed appointments, locked in id order (no deadlocks) at once."""
    statement = (
        select(appointments)
        .where(
            appointments.c.organization_id == organization_id,
            appointments.c.id == any_(uuid_array("ids")),
        )
        .order_by(appointments.c.id)
        .with_for_update()
    )
    rows = await all_as(connection, AppointmentRow, statement, {"ids": list(ids)})
    return {row.id: row for row in rows}


def _closed(row: AppointmentRow, now: datetime | None) -> bool:
    """Cancelled or expired; `now` (the database clock) is given when a hold is among the rows."""
    if now is None:
        return row.status in CLOSED
    return effective_status(row.status, row.hold_expires_at, now) in CLOSED


def _check(ctx: RequestContext, items: Sequence[BulkItem]) -> None:
    if not 1 <= len(items) <= MAX_ITEMS:
        raise Validation(f"items must list 1 to {MAX_ITEMS} appointments", field="items")
    if len({item.appointment_id for item in items}) != len(items):
        raise Validation("An appointment is listed twice", field="items")


async def bulk_confirm_appointments(
    ctx: RequestContext,
    *,
    confirmation_status_id: uuid.UUID,
    items: Sequence[BulkItem],
    idempotency_key: str | None,
) -> BulkConfirmResult:
    """Set the status on every fresh item; stale, unknown and closed ones stay unchanged."""
    _check(ctx, items)
    viewer = ctx.viewer
    org = viewer.organization_id

    async def work(tx: Transaction) -> BulkConfirmResult:
        connection = tx.connection
        confirmation = await references.require_confirmation_status(
            connection, org, confirmation_status_id
        )
        rows = await _lock_all(connection, org, [item.appointment_id for item in items])
        now: datetime | None = None
        if any(row.status is AppointmentStatus.HOLD for row in rows.values()):
            now = await writes.database_now(connection)
        confirmed: list[uuid.UUID] = []
        skipped: list[uuid.UUID] = []
        conflicts: list[StaleItem] = []
        changed: list[AppointmentRow] = []
        for item in items:
            row = rows.get(item.appointment_id)
            if row is None or _closed(row, now):
                skipped.append(item.appointment_id)
            elif row.version != item.base_version:
                conflicts.append(StaleItem(row.id, row.version))
            else:
                confirmed.append(row.id)
                if row.confirmation_status_id != confirmation_status_id:
                    changed.append(row)
        if changed:
            await _write(tx, changed, confirmation)
        return BulkConfirmResult(tuple(confirmed), tuple(skipped), tuple(conflicts))

    return await run_mutation(
        ctx,
        work,
        name="bulkConfirmAppointments",
        outcome=BulkConfirmResult,
        idempotency_key=idempotency_key,
        request={
            "confirmation_status_id": str(confirmation_status_id),
            "items": [[str(item.appointment_id), item.base_version] for item in items],
        },
    )


async def _write(
    tx: Transaction, rows: Sequence[AppointmentRow], confirmation: ConfirmationStatusRow
) -> None:
    """One update for all changed appointments, and their history entries (the runner
    writes them in one multi-row insert)."""
    confirmation_status_id = confirmation.id
    await tx.connection.execute(
        update(appointments)
        .where(appointments.c.id == any_(uuid_array("ids")))
        .values(
            confirmation_status_id=confirmation_status_id,
            confirmed_at=writes.confirmed_at_after(confirmation.is_confirmed),
            version=appointments.c.version + 1,
            updated_at=func.now(),
        ),
        {"ids": [row.id for row in rows]},
    )
    for row in rows:
        changes = confirmation_change(row.confirmation_status_id, confirmation_status_id)
        tx.journal.record(AppointmentAudit(row.id, "confirmation_set", changes))
