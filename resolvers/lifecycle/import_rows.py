"""importAppointments: up to 500 appointments from another system in one transaction, each
row through bookAppointment's one write path (write_booking) with its references preloaded.

Each row runs in a savepoint, so a row the rules or PostgreSQL's exclusion constraints refuse
is undone alone. ALL_OR_NOTHING then rolls the whole transaction back (its idempotency key
too) when any row failed; PER_ROW commits the rows that passed.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import ARRAY, Text, any_, bindparam, insert, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from db.loaders import Loaders
from db.queries import booking as writes
from resolvers.context import RequestContext
from resolvers.errors import ClientError, SlotConflict, Validation
from resolvers.lifecycle.book import Booked, BookingRequest, CheckedBooking, check_booking
from resolvers.lifecycle.book import write_booking as write_one
from resolvers.lifecycle.booking_reads import BookingReads, Wanted
from resolvers.lifecycle.slot_guard import CandidateSlot
from resolvers.mutation_runner import (
    EXCLUSION_VIOLATION,
    UNIQUE_VIOLATION,
    run_mutation,
    sqlstate,
)
from scheduling.appointment_record import AppointmentSource
from scheduling.conflicts import Conflict

MAX_ROWS = 500
MAX_EXTERNAL_ID = 100
SAVEPOINT = "import_row"
appointments = writes.appointments


class ImportMode(enum.StrEnum):
    """What a failing row does to the others."""

    ALL_OR_NOTHING = "ALL_OR_NOTHING"
    PER_ROW = "PER_ROW"


class RowStatus(enum.StrEnum):
    """What became of one row."""

    CREATED = "CREATED"
    SKIPPED = "SKIPPED"  # its externalId was imported before: the earlier appointment stands
    ROLLED_BACK = "ROLLED_BACK"  # passed, but another row failed (ALL_OR_NOTHING)
    CONFLICT = "CONFLICT"  # its slot is taken (SLOT_CONFLICT)
    INVALID = "INVALID"  # another rule refused it (NOT_FOUND, VALIDATION, DST_GAP, ...)


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One appointment to import, and the reference the other system gives it."""

    request: BookingRequest
    external_id: str | None = None


@dataclass(frozen=True, slots=True)
class RowError:
    """Why a row was refused: a client error's code, the path below the argument
    (("rows", "3", "slot", "startTime")), its message and, for SLOT_CONFLICT, the conflicts."""

    code: str
    path: tuple[str, ...]
    message: str
    conflicts: tuple[Conflict, ...] = ()


@dataclass(frozen=True, slots=True)
class RowResult:
    """One row's result, in input order."""

    index: int
    status: RowStatus
    appointment_id: uuid.UUID | None = None
    error: RowError | None = None


@dataclass(frozen=True, slots=True)
class ImportResult:
    """Every row's result; `written`: whether the created rows were committed."""

    rows: tuple[RowResult, ...]
    written: bool

    def forget(self, loaders: Loaders) -> None:
        for row in self.rows:
            if row.status is RowStatus.CREATED and row.appointment_id is not None:
                loaders.forget_appointment(row.appointment_id)

    @property
    def failed(self) -> int:
        return sum(row.error is not None for row in self.rows)


class ImportRefused(Validation):
    """ALL_OR_NOTHING and a row failed: nothing was written (the result says which rows)."""

    def __init__(self, result: ImportResult) -> None:
        super().__init__(
            f"{result.failed} of {len(result.rows)} rows failed; nothing was imported",
            field="rows",
        )
        self.result = result


# A row as the schema hands it over: ready, or refused while its input was read (a bad ID).
GivenRow = ImportRow | ClientError


def row_error(index: int, error: ClientError) -> RowError:
    """The row's error, its path from the argument."""
    conflicts = tuple(error.conflicts) if isinstance(error, SlotConflict) else ()
    return RowError(error.code, ("rows", str(index), *error.path), error.message, conflicts)


def _failed(index: int, error: ClientError) -> RowResult:
    status = RowStatus.CONFLICT if isinstance(error, SlotConflict) else RowStatus.INVALID
    return RowResult(index, status, error=row_error(index, error))


def _prechecked(ctx: RequestContext, rows: Sequence[GivenRow]) -> list[CheckedBooking | RowError]:
    """Each row's checks that need no database, and no external id given twice."""
    seen: set[str] = set()
    checked: list[CheckedBooking | RowError] = []
    for index, row in enumerate(rows):
        try:
            if isinstance(row, ClientError):
                raise row
            _check_external_id(row.external_id, seen)
            checked.append(check_booking(ctx, row.request))
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
    """One attempt's rows, written one savepoint each."""

    def __init__(
        self,
        connection: AsyncConnection,
        ctx: RequestContext,
        reads: BookingReads,
        imported: dict[str, uuid.UUID],
    ) -> None:
        self.connection = connection
        self.ctx = ctx
        self.reads = reads
        self.imported = imported
        self.booked: list[Booked] = []

    async def row(self, index: int, row: GivenRow, checked: CheckedBooking | RowError) -> RowResult:
        if isinstance(checked, RowError):
            status = RowStatus.CONFLICT if checked.code == "SLOT_CONFLICT" else RowStatus.INVALID
            return RowResult(index, status, error=checked)
        assert isinstance(row, ImportRow)
        earlier = self.imported.get(row.external_id) if row.external_id else None
        if earlier is not None:
            return RowResult(index, RowStatus.SKIPPED, appointment_id=earlier)
        slot = CandidateSlot(self.ctx)
        await self._savepoint("SAVEPOINT")
        try:
            booked = await write_one(
                self.connection,
                self.ctx,
                checked,
                reads=self.reads,
                slot=slot,
                source=AppointmentSource.IMPORT,
                external_id=row.external_id,
                holds_cleared=True,
            )
        except ClientError as error:
            await self._undo_row()
            return _failed(index, error)
        except DBAPIError as exc:
            await self._undo_row()
            return await self._refused(index, row, slot, exc)
        await self._savepoint("RELEASE SAVEPOINT")
        self.booked.append(booked)
        if row.external_id:
            self.imported[row.external_id] = booked.row.id
        return RowResult(index, RowStatus.CREATED, appointment_id=booked.row.id)

    async def _savepoint(self, command: str) -> None:
        # One name for every row's savepoint (released before the next): the same statement
        # text each time, prepared once, where SQLAlchemy's begin_nested() names each one anew
        # (a new prepared statement per row).
        await self.connection.exec_driver_sql(f"{command} {SAVEPOINT}")

    async def _undo_row(self) -> None:
        """Roll the row's writes back and drop its savepoint: the transaction goes on."""
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
                return _failed(index, conflict)
        if state == UNIQUE_VIOLATION and row.external_id:
            found = await _imported(self.connection, self.ctx.viewer.organization_id, [row])
            if row.external_id in found:
                return RowResult(index, RowStatus.SKIPPED, appointment_id=found[row.external_id])
        raise exc

    async def record_history(self) -> None:
        """Every created row's history entry, as bookAppointment writes it, in one insert."""
        if not self.booked:
            return
        viewer = self.ctx.viewer
        await self.connection.execute(
            insert(writes.history).values(
                [
                    {
                        "organization_id": viewer.organization_id,
                        "appointment_id": booked.row.id,
                        "actor": viewer.subject,
                        "action": booked.action,
                        "changes": booked.changes,
                    }
                    for booked in self.booked
                ]
            )
        )


async def _expire_lapsed_holds(
    connection: AsyncConnection, organization_id: uuid.UUID, wanted: Wanted
) -> None:
    """Expire the lapsed holds in the way of any row at once (booking does it per booking):
    in the rows' operatories or with their providers, over their local days (a day either
    side already, and a day more for the zones' offsets). A hold lapsing while the import runs
    is not cleared: PostgreSQL refuses the row that meets it (CONFLICT)."""
    start_at = datetime.combine(wanted.first_day, time.min, UTC)
    end_at = datetime.combine(wanted.last_day + timedelta(days=1), time.min, UTC)
    for operatory_id in sorted(wanted.operatories):
        await writes.expire_lapsed_holds(
            connection,
            organization_id=organization_id,
            window=writes.SlotWindow(
                operatory_id=operatory_id,
                provider_ids=sorted(wanted.providers),
                start_at=start_at,
                end_at=end_at,
            ),
        )


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

    async def work(connection: AsyncConnection) -> ImportResult:
        reads = BookingReads(connection, org)
        if any(isinstance(c, CheckedBooking) for c in checked):
            wanted = _wanted(checked)
            await reads.preload(wanted)
            await _expire_lapsed_holds(connection, org, wanted)
        importer = _Importer(connection, ctx, reads, await _imported(connection, org, rows))
        results = [
            await importer.row(index, row, check)
            for index, (row, check) in enumerate(zip(rows, checked, strict=True))
        ]
        result = ImportResult(tuple(results), written=True)
        if mode is ImportMode.ALL_OR_NOTHING and result.failed:
            raise ImportRefused(_rolled_back(result))
        await importer.record_history()
        return result

    return await run_mutation(
        ctx,
        work,
        name="importAppointments",
        outcome=ImportResult,
        idempotency_key=idempotency_key,
        request=_fingerprint(rows, mode),
    )


def _rolled_back(result: ImportResult) -> ImportResult:
    """The result once the transaction is rolled back: created rows were not kept."""
    rows = tuple(
        replace(row, status=RowStatus.ROLLED_BACK, appointment_id=None)
        if row.status is RowStatus.CREATED
        else row
        for row in result.rows
    )
    return ImportResult(rows, written=False)
