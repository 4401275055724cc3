"""createBlockoutTemplate: a named day of blockouts with its items."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import time

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import blockout_writes as writes
from resolvers.blockouts import common
from resolvers.blockouts.outcome import BlockoutOutcome
from resolvers.context import RequestContext
from resolvers.errors import Duplicate, NotFound, Validation
from resolvers.mutation_runner import run_mutation

MAX_ITEMS = 50


@dataclass(frozen=True, slots=True)
class NewTemplateItem:
    """One blockout of a template, in local times of whatever day it is applied to."""

    blockout_type_id: uuid.UUID
    start: time
    end: time
    operatory_id: uuid.UUID | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class NewTemplate:
    """A template as a client describes it."""

    name: str
    items: tuple[NewTemplateItem, ...]


async def _require_types(
    connection: AsyncConnection, org: uuid.UUID, idents: Sequence[uuid.UUID]
) -> None:
    """Every type exists in the organization and is active (one statement)."""
    wanted = set(idents)
    table = writes.blockout_types
    statement = select(table.c.id, table.c.active).where(
        table.c.organization_id == org, table.c.id.in_(sorted(wanted))
    )
    found = {row.id: row.active for row in (await connection.execute(statement)).all()}
    if set(found) != wanted:
        raise NotFound("No blockout type with this ID", field="items")
    if not all(found.values()):
        raise Validation("This blockout type is inactive", field="items")


def _checked(template: NewTemplate) -> tuple[str, list[dict[str, object]]]:
    name = common.text(template.name, field="name", label="name", longest=100)
    if not 1 <= len(template.items) <= MAX_ITEMS:
        raise Validation(f"A template has 1 to {MAX_ITEMS} items", field="items")
    rows: list[dict[str, object]] = []
    for order, item in enumerate(template.items):
        if item.end <= item.start:
            raise Validation("An item must end after it starts", field="items")
        rows.append(
            {
                "blockout_type_id": item.blockout_type_id,
                "operatory_id": item.operatory_id,
                "start_time": item.start,
                "end_time": item.end,
                "note": common.note(item.note, field="items"),
                "sort_order": order,
            }
        )
    return name, rows


async def create_template(
    ctx: RequestContext, template: NewTemplate, *, idempotency_key: str | None
) -> BlockoutOutcome:
    """Insert the template and its items (one statement for all items)."""
    name, rows = _checked(template)
    org = ctx.viewer.organization_id
    # Checked first; a concurrent request taking the name meets the unique index instead.
    name_in_use = Duplicate(f"A blockout template named {name!r} exists already", field="name")

    async def work(connection: AsyncConnection) -> BlockoutOutcome:
        if await writes.name_taken(connection, writes.templates, organization_id=org, name=name):
            raise name_in_use
        await _require_types(connection, org, [item.blockout_type_id for item in template.items])
        operatories = sorted({i.operatory_id for i in template.items if i.operatory_id})
        await common.require_operatories(
            connection, org, operatories, location_id=None, field="items"
        )
        template_id = await writes.insert_template(
            connection, organization_id=org, name=name, items=rows
        )
        return BlockoutOutcome((template_id,))

    return await run_mutation(
        ctx,
        work,
        name="createBlockoutTemplate",
        outcome=BlockoutOutcome,
        idempotency_key=idempotency_key,
        request=asdict(template),
        duplicate=name_in_use,
    )
