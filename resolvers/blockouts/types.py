"""createBlockoutType and updateBlockoutType."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import blockout_writes as writes
from db.queries.blockouts import BLOCKOUT_TYPES
from resolvers.blockouts import common
from resolvers.blockouts.outcome import BlockoutOutcome
from resolvers.context import RequestContext
from resolvers.errors import Duplicate
from resolvers.mutation_runner import Transaction, run_mutation
from resolvers.setup import rows


@dataclass(frozen=True, slots=True)
class NewBlockoutType:
    """A blockout type as a client describes it."""

    name: str
    abbreviation: str
    color: str
    no_schedule: bool = False
    do_not_copy: bool = False
    hidden: bool = False
    sort_order: int = 0


@dataclass(frozen=True, slots=True)
class BlockoutTypeChanges:
    """Changes to a blockout type at `base_version`; None leaves a field as it is."""

    type_id: uuid.UUID
    base_version: int
    name: str | None = None
    abbreviation: str | None = None
    color: str | None = None
    no_schedule: bool | None = None
    do_not_copy: bool | None = None
    hidden: bool | None = None
    sort_order: int | None = None
    active: bool | None = None


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """Checked and trimmed column values of whichever fields are present."""
    clean = dict(values)
    if "name" in clean:
        clean["name"] = common.text(clean["name"], field="name", label="name", longest=100)
    if "abbreviation" in clean:
        clean["abbreviation"] = common.text(
            clean["abbreviation"], field="abbreviation", label="abbreviation", longest=10
        )
    if "color" in clean:
        clean["color"] = common.color(clean["color"])
    if "sort_order" in clean:
        clean["sort_order"] = common.sort_order(clean["sort_order"])
    return clean


async def _check_name(
    connection: AsyncConnection, org: uuid.UUID, name: str, except_id: uuid.UUID | None = None
) -> None:
    taken = await writes.name_taken(
        connection, writes.blockout_types, organization_id=org, name=name, except_id=except_id
    )
    if taken:
        raise name_in_use(name)


def name_in_use(name: str) -> Duplicate:
    """DUPLICATE for a type name the organization uses (checked first; a concurrent request
    that takes the name meanwhile meets the unique index, which says the same)."""
    return Duplicate(f"A blockout type named {name!r} exists already", field="name")


async def create_blockout_type(
    ctx: RequestContext, new: NewBlockoutType, *, idempotency_key: str | None
) -> BlockoutOutcome:
    """Add a blockout type to the organization."""
    values = _clean(asdict(new))
    org = ctx.viewer.organization_id

    async def work(tx: Transaction) -> BlockoutOutcome:
        connection = tx.connection
        await _check_name(connection, org, values["name"])
        type_id = await writes.insert_blockout_type(
            connection, {**values, "organization_id": org, "active": True}
        )
        return BlockoutOutcome((type_id,))

    return await run_mutation(
        ctx,
        work,
        name="createBlockoutType",
        outcome=BlockoutOutcome,
        idempotency_key=idempotency_key,
        request=asdict(new),
        duplicate=name_in_use(values["name"]),
    )


async def update_blockout_type(
    ctx: RequestContext, changes: BlockoutTypeChanges, *, idempotency_key: str | None
) -> BlockoutOutcome:
    """Change a blockout type's fields at baseVersion (audited; the version goes up);
    deactivating keeps existing blockouts of it."""
    keys = ("type_id", "base_version")
    given = {k: v for k, v in asdict(changes).items() if k not in keys and v is not None}
    values = _clean(given)
    org = ctx.viewer.organization_id

    async def work(tx: Transaction) -> BlockoutOutcome:
        connection = tx.connection
        row = await rows.locked_row(
            connection,
            ctx,
            BLOCKOUT_TYPES,
            changes.type_id,
            field="blockoutTypeId",
            label="blockout type",
        )
        rows.check_version(row, changes.base_version)
        if "name" in values:
            await _check_name(connection, org, values["name"], except_id=changes.type_id)
        await rows.update_row(tx, ctx, writes.blockout_types, row, values)
        return BlockoutOutcome((changes.type_id,))

    return await run_mutation(
        ctx,
        work,
        name="updateBlockoutType",
        outcome=BlockoutOutcome,
        idempotency_key=idempotency_key,
        request=asdict(changes),
        duplicate=name_in_use(values["name"]) if "name" in values else None,
    )
