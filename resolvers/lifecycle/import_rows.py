"""importAppointments: up to 500 appointments from another system in one transaction.

What the rows refer to and what stands in their way is read for all rows at once
(BookingReads.preload, import_busy.ImportBusy); each row is then checked in order by
bookAppointment's rules (book.plan_booking), seeing the rows accepted before it, and the
accepted rows are written together (booking_write.write_bookings, bookAppointment's write).
When PostgreSQL's exclusion constraints refuse that write (a concurrent booking), it is undone
and the rows are written one savepoint each, so the row the database refuses is undone alone.
ALL_OR_NOTHING rolls the whole transaction back (its idempotency key too) when any row failed;
PER_ROW commits the rows that passed.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict, replace
from datetime import timedelta
from typing import Any

from sqlalchemy import ARRAY, Text, any_, bindparam, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from db.audit_journal import AppointmentAudit, Journal
from db.queries import booking as writes
from resolvers.context import RequestContext
from resolvers.errors import ClientError, Validation
from resolvers.lifecycle.book import CheckedBooking, check_booking, plan_booking
from resolvers.lifecycle.booking_reads import BookingReads, Wanted
from resolvers.lifecycle.booking_write import Booked, PlannedBooking, write_bookings
from resolvers.lifecycle.import_busy import ImportBusy
from resolvers.lifecycle.import_results import (
    GivenRow,
    ImportMode,
    ImportRefused,
    ImportResult,
    ImportRow,
    RowError,
    RowResult,
    RowStatus,
    failed_row,
    row_error,
)
from resolvers.lifecycle.slot_guard import CandidateSlot
from resolvers.mutation_runner import (
    EXCLUSION_VIOLATION,
    UNIQUE_VIOLATION,
    Transaction,
    run_mutation,
    sqlstate,
)
from scheduling.appointment_record import AppointmentSource

MAX_ROWS = 500
MAX_EXTERNAL_ID = 100
SAVEPOINT = "import_row"
appointments = writes.appointments


def _prechecked(ctx: RequestContext, rows: Sequence[GivenRow]) -> list[CheckedBooking | RowError]:
    """Each row's checks that need no database, and no external id given twice."""
    seen: set[str] = set()
    checked: list[CheckedBooking | RowError] = []
    for index, row in enumerate(rows):
        try:
            if isinstance(row, ClientError):
                raise row
            _check_external_id(row.external_id, seen)
            checked.append(check_booking(row.request))
        except ClientError as error:
            checked.append(row_error(index, error))
    return checked


def _check_external_id(external_id: str | None, seen: set[str]) -> None:
    if external_id is None:
        return
    if not 1 <= len(external_id) <= MAX_EXTERNAL_ID:
        raise Validation(f"externalId has 1 to {MAX_EXTERNAL_ID} characters", field="externalId")
    if external_id in seen:
        raise Validation("Another row has this externalId", field="externalId")
    seen.add(external_id)


def _wanted(checked: Sequence[CheckedBooking | RowError]) -> Wanted:
    requests = [c.request for c in checked if isinstance(c, CheckedBooking)]
    days = [request.slot.day for request in requests]
    return Wanted(
        locations=frozenset(r.location_id for r in requests),
        operatories=frozenset(r.operatory_id for r in requests),
        patients=frozenset(r.patient_id for r in requests),
        providers=frozenset(p for r in requests for p in r.provider_ids),
        types=frozenset(r.appointment_type_id for r in requests if r.appointment_type_id),
        confirmation_statuses=frozenset(
            r.confirmation_status_id for r in requests if r.confirmation_status_id
        ),
        # A day either side: a slot's instants can fall on a neighbouring local day.
        first_day=min(days) - timedelta(days=1),
        last_day=max(days) + timedelta(days=1),
    )


async def _imported(
    connection: AsyncConnection, organization_id: uuid.UUID, rows: Sequence[GivenRow]
) -> dict[str, uuid.UUID]:
    """The organization's appointments with the external ids the rows give: id by external id."""
    wanted = [r.external_id for r in rows if isinstance(r, ImportRow) and r.external_id]
    if not wanted:
        return {}
    result = await connection.execute(
        select(appointments.c.external_id, appointments.c.id).where(
            appointments.c.organization_id == organization_id,
            appointments.c.external_id == any_(bindparam("ids", type_=ARRAY(Text))),
        ),
        {"ids": wanted},
    )
    return {external_id: ident for external_id, ident in result}


class _Importer:
    """One attempt's rows: checked one by one, written together."""

    def __init__(
        self,
        connection: AsyncConnection,
        ctx: RequestContext,
        reads: BookingReads,
        busy: ImportBusy | None,
        imported: dict[str, uuid.UUID],
    ) -> None:
        self.connection = connection
        self.ctx = ctx
        self.reads = reads
        self.busy = busy
        self.imported = imported
        self.planned: list[tuple[int, ImportRow, PlannedBooking]] = []
        self.booked: list[Booked] = []

    async def check(
        self, index: int, row: GivenRow, checked: CheckedBooking | RowError
    ) -> RowResult | None:
        """The row's result when it is refused or skipped; None when it is to be written."""
        if isinstance(checked, RowError):
            status = RowStatus.CONFLICT if checked.code == "SLOT_CONFLICT" else RowStatus.INVALID
            return RowResult(index, status, error=checked)
        assert isinstance(row, ImportRow)
        assert self.busy is not None  # read whenever a row passed the prechecks
        earlier = self.imported.get(row.external_id) if row.external_id else None
        if earlier is not None:
            return RowResult(index, RowStatus.SKIPPED, appointment_id=earlier)
        try:
            planned = await plan_booking(
                self.connection,
                self.ctx,
                checked,
                reads=self.reads,
                slot=CandidateSlot(self.ctx),
                source=AppointmentSource.IMPORT,
                external_id=row.external_id,
                busy=self.busy,
            )
        except ClientError as error:
            return failed_row(index, error)
        self.busy.accepted(planned)
        self.planned.append((index, row, planned))
        return None

    def unwritten(self) -> dict[int, RowResult]:
        """The accepted rows as CREATED, before (or instead of) writing them."""
        return {
            index: RowResult(index, RowStatus.CREATED, appointment_id=planned.id)
            for index, _, planned in self.planned
        }

    async def write(self) -> dict[int, RowResult]:
        """Write the accepted rows together; if PostgreSQL refuses that, one by one."""
        if not self.planned:
            return {}
        await self._savepoint("SAVEPOINT")
        try:
            booked = await write_bookings(
                self.connection,
                self.ctx.viewer.organization_id,
                [planned for _, _, planned in self.planned],
            )
        except DBAPIError as exc:
            if sqlstate(exc) not in (EXCLUSION_VIOLATION, UNIQUE_VIOLATION):
                raise
            await self._undo()
            return {index: await self._one(index, row, p) for index, row, p in self.planned}
        await self._savepoint("RELEASE SAVEPOINT")
        self.booked += booked
        return self.unwritten()

    async def _one(self, index: int, row: ImportRow, planned: PlannedBooking) -> RowResult:
        """Write one accepted row in its savepoint: CREATED, or why PostgreSQL refused it."""
        slot = CandidateSlot(self.ctx)
        slot.remember(planned.candidate)
        await self._savepoint("SAVEPOINT")
        try:
            (booked,) = await write_bookings(
                self.connection, self.ctx.viewer.organization_id, [planned]
            )
        except DBAPIError as exc:
            await self._undo()
            return await self._refused(index, row, slot, exc)
        await self._savepoint("RELEASE SAVEPOINT")
        self.booked.append(booked)
        return RowResult(index, RowStatus.CREATED, appointment_id=booked.row.id)

    async def _savepoint(self, command: str) -> None:
        # One name for every savepoint (released before the next): the same statement text
        # each time, prepared once, where SQLAlchemy's begin_nested() names each one anew.
        await self.connection.exec_driver_sql(f"{command} {SAVEPOINT}")

    async def _undo(self) -> None:
        """Roll the savepoint's writes back and drop it: the transaction goes on."""
        await self._savepoint("ROLLBACK TO SAVEPOINT")
        await self._savepoint("RELEASE SAVEPOINT")

    async def _refused(
        self, index: int, row: ImportRow, slot: CandidateSlot, exc: DBAPIError
    ) -> RowResult:
        """A row PostgreSQL refused (its savepoint is rolled back): a concurrent booking took
        its slot, or a concurrent import its external id."""
        state = sqlstate(exc)
        if state == EXCLUSION_VIOLATION:
            conflict = await slot.conflict()
            if conflict is not None:
                return failed_row(index, conflict)
        if state == UNIQUE_VIOLATION and row.external_id:
            found = await _imported(self.connection, self.ctx.viewer.organization_id, [row])
            if row.external_id in found:
                return RowResult(index, RowStatus.SKIPPED, appointment_id=found[row.external_id])
        raise exc

    def record_history(self, journal: Journal) -> None:
        """Record every created row's history entry, as bookAppointment records it (the
        runner writes them in one insert)."""
        for booked in self.booked:
            journal.record(AppointmentAudit(booked.row.id, booked.action, booked.changes))


def _check_size(rows: Sequence[GivenRow]) -> None:
    if not 1 <= len(rows) <= MAX_ROWS:
        raise Validation(f"rows must list 1 to {MAX_ROWS} appointments", field="rows")


def _fingerprint(rows: Sequence[GivenRow], mode: ImportMode) -> dict[str, Any]:
    """The input an idempotency key is bound to."""
    listed: list[Any] = [
        [asdict(row.request), row.external_id]
        if isinstance(row, ImportRow)
        else [row.code, list(row.path), row.message]
        for row in rows
    ]
    return {"mode": mode.value, "rows": listed}


async def import_appointments(
    ctx: RequestContext,
    rows: Sequence[GivenRow],
    *,
    mode: ImportMode,
    idempotency_key: str | None,
) -> ImportResult:
    """Import the rows as the module's docstring says; ImportRefused when ALL_OR_NOTHING
    failed (nothing written), another ClientError when the request as a whole is refused."""
    _check_size(rows)
    checked = _prechecked(ctx, rows)
    org = ctx.viewer.organization_id

    async def work(tx: Transaction) -> ImportResult:
        connection = tx.connection
        reads = BookingReads(connection, org)
        busy = None
        if any(isinstance(c, CheckedBooking) for c in checked):
            wanted = _wanted(checked)
            await reads.preload(wanted)
            busy = ImportBusy(connection, reads, wanted)
            await busy.preload()
        importer = _Importer(connection, ctx, reads, busy, await _imported(connection, org, rows))
        refused: dict[int, RowResult] = {}
        for index, (row, check) in enumerate(zip(rows, checked, strict=True)):
            outcome = await importer.check(index, row, check)
            if outcome is not None:
                refused[index] = outcome
        failing = any(outcome.error is not None for outcome in refused.values())
        if mode is ImportMode.ALL_OR_NOTHING and failing:
            # Nothing would be kept: the accepted rows are not written at all.
            raise ImportRefused(_rolled_back(_in_order(refused | importer.unwritten())))
        result = _in_order(refused | await importer.write())
        if mode is ImportMode.ALL_OR_NOTHING and result.failed:
            raise ImportRefused(_rolled_back(result))
        importer.record_history(tx.journal)
        return result

    return await run_mutation(
        ctx,
        work,
        name="importAppointments",
        outcome=ImportResult,
        idempotency_key=idempotency_key,
        request=_fingerprint(rows, mode),
    )


def _in_order(results: dict[int, RowResult]) -> ImportResult:
    return ImportResult(tuple(results[index] for index in sorted(results)), written=True)


def _rolled_back(result: ImportResult) -> ImportResult:
    """The result once the transaction is rolled back: created rows were not kept."""
    rows = tuple(
        replace(row, status=RowStatus.ROLLED_BACK, appointment_id=None)
        if row.status is RowStatus.CREATED
        else row
        for row in result.rows
    )
    return ImportResult(rows, written=False)
