"""addBlockoutTemplateItem, updateBlockoutTemplateItem and removeBlockoutTemplateItem: one item
of a template at a time, each at the template's baseVersion (its version covers its items:
every item change locks the template row, checks and bumps it, so concurrent changes to one
template take turns and a stale one is VERSION_CONFLICT). Each is audited (setup_changes)."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from datetime import time
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import blockout_writes as writes
from db.queries.blockouts import TEMPLATE_ITEMS
from db.rows.blockouts import TemplateItemRow
from resolvers.blockouts import common
from resolvers.blockouts.outcome import BlockoutOutcome
from resolvers.blockouts.templates import MAX_ITEMS, NewTemplateItem, current_template
from resolvers.context import RequestContext
from resolvers.errors import Validation
from resolvers.mutation_runner import Transaction, Work, run_mutation
from resolvers.setup import rows


@dataclass(frozen=True, slots=True)
class NewItem:
    """An item to add to a template at `base_version`; no sort_order: after the last."""

    template_id: uuid.UUID
    base_version: int
    item: NewTemplateItem
    sort_order: int | None = None


@dataclass(frozen=True, slots=True)
class ItemChanges:
    """Changes to a template's item at the template's `base_version`; unset parts stay."""

    item_id: uuid.UUID
    base_version: int
    blockout_type_id: uuid.UUID | None = None
    start: time | None = None
    end: time | None = None
    set_operatory: bool = False
    operatory_id: uuid.UUID | None = None  # with set_operatory: None means every operatory
    set_note: bool = False
    note: str | None = None
    sort_order: int | None = None


def _check_times(start: time, end: time) -> None:
    if end <= start:
        raise Validation("An item must end after it starts", field="endTime")


async def _check_references(
    connection: AsyncConnection,
    org: uuid.UUID,
    type_id: uuid.UUID | None,
    operatory_id: uuid.UUID | None,
) -> None:
    """The item's new type (active) and operatory (in use, at any location) exist."""
    if type_id is not None:
        await common.require_type(connection, org, type_id)
    if operatory_id is not None:
        await common.require_operatories(
            connection, org, [operatory_id], location_id=None, field="operatoryId"
        )


async def _run(
    ctx: RequestContext,
    work: Work[BlockoutOutcome],
    name: str,
    key: str | None,
    request: dict[str, Any],
) -> BlockoutOutcome:
    return await run_mutation(
        ctx, work, name=name, outcome=BlockoutOutcome, idempotency_key=key, request=request
    )


async def add_item(
    ctx: RequestContext, new: NewItem, *, idempotency_key: str | None
) -> BlockoutOutcome:
    """Add an item to a template; the outcome names the template, then the item."""
    item = new.item
    _check_times(item.start, item.end)
    note = common.note(item.note)
    order = common.sort_order(new.sort_order) if new.sort_order is not None else None
    org = ctx.viewer.organization_id

    async def work(tx: Transaction) -> BlockoutOutcome:
        connection = tx.connection
        template = await current_template(ctx, connection, new.template_id, new.base_version)
        count, last = await writes.item_count(connection, template_id=template.id)
        if count >= MAX_ITEMS:
            raise Validation(f"A template has at most {MAX_ITEMS} items", field="templateId")
        await _check_references(connection, org, item.blockout_type_id, item.operatory_id)
        values = {
            "template_id": template.id,
            "blockout_type_id": item.blockout_type_id,
            "operatory_id": item.operatory_id,
            "start_time": item.start,
            "end_time": item.end,
            "note": note,
            "sort_order": last + 1 if order is None else order,
        }
        item_id = await rows.insert_row(tx, ctx, writes.template_items, values)
        await writes.bump_template(connection, template_id=template.id)
        return BlockoutOutcome((template.id, item_id))

    return await _run(ctx, work, "addBlockoutTemplateItem", idempotency_key, asdict(new))


async def _locked_item(
    ctx: RequestContext, connection: AsyncConnection, item_id: uuid.UUID, base_version: int
) -> TemplateItemRow:
    """The item, then its template, locked, at the template version the client saw."""
    row = await rows.locked_row(
        connection,
        ctx,
        TEMPLATE_ITEMS,
        item_id,
        field="templateItemId",
        label="blockout template item",
    )
    await current_template(ctx, connection, row.template_id, base_version)
    return row


def _changed_values(changes: ItemChanges, row: TemplateItemRow) -> dict[str, Any]:
    """The columns the changes set, checked against what stays."""
    _check_times(changes.start or row.start_time, changes.end or row.end_time)
    values: dict[str, Any] = {}
    if changes.blockout_type_id is not None:
        values["blockout_type_id"] = changes.blockout_type_id
    if changes.start is not None:
        values["start_time"] = changes.start
    if changes.end is not None:
        values["end_time"] = changes.end
    if changes.set_operatory:
        values["operatory_id"] = changes.operatory_id
    if changes.set_note:
        values["note"] = common.note(changes.note)
    if changes.sort_order is not None:
        values["sort_order"] = common.sort_order(changes.sort_order)
    return values


async def update_item(
    ctx: RequestContext, changes: ItemChanges, *, idempotency_key: str | None
) -> BlockoutOutcome:
    """Change an item's type, times, operatory, note or place; template, then item."""
    common.note(changes.note)
    org = ctx.viewer.organization_id

    async def work(tx: Transaction) -> BlockoutOutcome:
        connection = tx.connection
        row = await _locked_item(ctx, connection, changes.item_id, changes.base_version)
        values = _changed_values(changes, row)
        operatory = changes.operatory_id if changes.set_operatory else None
        await _check_references(connection, org, changes.blockout_type_id, operatory)
        if values:
            await writes.update_item(connection, item_id=row.id, values=values)
        rows.audit(tx.journal, writes.template_items, row.id, "UPDATED", values)
        await writes.bump_template(connection, template_id=row.template_id)
        return BlockoutOutcome((row.template_id, row.id))

    return await _run(ctx, work, "updateBlockoutTemplateItem", idempotency_key, asdict(changes))


async def remove_item(
    ctx: RequestContext, item_id: uuid.UUID, base_version: int, *, idempotency_key: str | None
) -> BlockoutOutcome:
    """Remove an item (a template keeps at least one); template, then the removed item."""

    async def work(tx: Transaction) -> BlockoutOutcome:
        connection = tx.connection
        row = await _locked_item(ctx, connection, item_id, base_version)
        count, _ = await writes.item_count(connection, template_id=row.template_id)
        if count <= 1:
            raise Validation(
                "A template keeps at least one item; delete the template instead",
                field="templateItemId",
            )
        await writes.delete_item(connection, item_id=row.id)
        rows.audit(tx.journal, writes.template_items, row.id, "DELETED", {})
        await writes.bump_template(connection, template_id=row.template_id)
        return BlockoutOutcome((row.template_id, row.id))

    request = {"item_id": item_id, "base_version": base_version}
    return await _run(ctx, work, "removeBlockoutTemplateItem", idempotency_key, request)
