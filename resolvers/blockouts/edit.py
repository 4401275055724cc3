"""createBlockouts, updateBlockout and deleteBlockout."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import blockout_writes as writes
from db.tables import blockouts
from resolvers.blockouts import common
from resolvers.blockouts.common import LocalSpan
from resolvers.blockouts.outcome import BlockoutOutcome
from resolvers.blockouts.overlaps import overlap_warnings
from resolvers.blockouts.recurrence import BlockoutScope, others_in_scope, span_for
from resolvers.context import RequestContext
from resolvers.errors import NotFound
from resolvers.lifecycle.references import require_location
from resolvers.mutation_runner import Transaction, run_mutation
from resolvers.setup import rows
from scheduling.blockouts import NewBlockout
from scheduling.local_time import zone_named


@dataclass(frozen=True, slots=True)
class NewBlockouts:
    """Blockouts of one type on a local date: one per operatory, or one for the whole location."""

    location_id: uuid.UUID
    blockout_type_id: uuid.UUID
    span: LocalSpan
    operatory_ids: tuple[uuid.UUID, ...] = ()
    note: str | None = None


@dataclass(frozen=True, slots=True)
class BlockoutChanges:
    """Changes to one blockout at `base_version`; unset parts stay as they are."""

    blockout_id: uuid.UUID
    base_version: int
    blockout_type_id: uuid.UUID | None = None
    span: LocalSpan | None = None
    set_operatory: bool = False
    operatory_id: uuid.UUID | None = None  # with set_operatory: None means the whole location
    set_note: bool = False
    note: str | None = None
    scope: BlockoutScope = BlockoutScope.THIS


async def create_blockouts(
    ctx: RequestContext, request: NewBlockouts, *, idempotency_key: str | None
) -> BlockoutOutcome:
    """Insert the blockouts with one statement; ids in the order of the operatories given."""
    note = common.note(request.note)
    org = ctx.viewer.organization_id

    async def work(tx: Transaction) -> BlockoutOutcome:
        connection = tx.connection
        location = await require_location(connection, org, request.location_id)
        await common.require_type(connection, org, request.blockout_type_id)
        await common.require_operatories(
            connection, org, request.operatory_ids, location_id=location.id
        )
        start_at, end_at = common.resolve_span(request.span, zone_named(location.time_zone))
        operatories: tuple[uuid.UUID | None, ...] = request.operatory_ids or (None,)
        new = [
            NewBlockout(request.blockout_type_id, operatory, start_at, end_at, note)
            for operatory in operatories
        ]
        ids = await writes.insert_blockouts(
            connection, organization_id=org, location_id=location.id, new=new
        )
        return BlockoutOutcome(tuple(ids), await overlap_warnings(connection, org, ids))

    return await run_mutation(
        ctx,
        work,
        name="createBlockouts",
        outcome=BlockoutOutcome,
        idempotency_key=idempotency_key,
        request=asdict(request),
    )


async def _locked(connection: AsyncConnection, org: uuid.UUID, blockout_id: uuid.UUID) -> Any:
    row = await writes.lock_blockout(connection, organization_id=org, blockout_id=blockout_id)
    if row is None:
        raise NotFound("No blockout with this ID", field="blockoutId")
    return row


async def _shared_values(
    connection: AsyncConnection, org: uuid.UUID, row: Any, changes: BlockoutChanges
) -> dict[str, Any]:
    """The changed type, operatory and note, checked: the same for every blockout reached."""
    values: dict[str, Any] = {}
    if changes.blockout_type_id is not None:
        await common.require_type(connection, org, changes.blockout_type_id)
        values["blockout_type_id"] = changes.blockout_type_id
    if changes.set_operatory:
        if changes.operatory_id is not None:
            await common.require_operatories(
                connection,
                org,
                [changes.operatory_id],
                location_id=row.location_id,
                field="operatoryId",
            )
        values["operatory_id"] = changes.operatory_id
    if changes.set_note:
        values["note"] = common.note(changes.note)
    return values


async def update_blockout(
    ctx: RequestContext, changes: BlockoutChanges, *, idempotency_key: str | None
) -> BlockoutOutcome:
    """Change a blockout's type, operatory, times or note (baseVersion must be current; the
    change is audited and bumps the version), and with a scope the same in the other
    blockouts of its recurrence group it reaches (each audited, each version bumped; new
    dates move each by as many days); warns of the blockouts they then overlap."""
    common.note(changes.note)
    org = ctx.viewer.organization_id

    async def work(tx: Transaction) -> BlockoutOutcome:
        connection = tx.connection
        row = await _locked(connection, org, changes.blockout_id)
        rows.check_version(row, changes.base_version)
        values = await _shared_values(connection, org, row, changes)
        reached = [row, *await others_in_scope(connection, org, row, changes.scope)]
        zone = None
        if changes.span is not None:
            location = await require_location(connection, org, row.location_id)
            zone = zone_named(location.time_zone)
        for target in reached:
            own = dict(values)
            if changes.span is not None and zone is not None:
                span = span_for(changes.span, row, target, zone)
                own["start_at"], own["end_at"] = common.resolve_span(span, zone, at=("times",))
            await rows.update_row(tx, ctx, blockouts, target, own)
        ids = [target.id for target in reached]
        return BlockoutOutcome(tuple(ids), await overlap_warnings(connection, org, ids))

    return await run_mutation(
        ctx,
        work,
        name="updateBlockout",
        outcome=BlockoutOutcome,
        idempotency_key=idempotency_key,
        request=asdict(changes),
    )


async def delete_blockout(
    ctx: RequestContext, blockout_id: uuid.UUID, *, idempotency_key: str | None
) -> BlockoutOutcome:
    """Remove a blockout; the outcome names the removed id."""
    org = ctx.viewer.organization_id

    async def work(tx: Transaction) -> BlockoutOutcome:
        connection = tx.connection
        row = await _locked(connection, org, blockout_id)
        await writes.delete_blockout(connection, blockout_id=row.id)
        return BlockoutOutcome((row.id,))

    return await run_mutation(
        ctx,
        work,
        name="deleteBlockout",
        outcome=BlockoutOutcome,
        idempotency_key=idempotency_key,
        request={"blockout_id": str(blockout_id)},
    )
