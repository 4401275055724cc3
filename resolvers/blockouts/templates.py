"""createBlockoutTemplate, updateBlockoutTemplate and deleteBlockoutTemplate: a named day of
blockouts with its items (each item on its own: template_items.py)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import time
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import blockout_writes as writes
from db.queries.blockouts import BLOCKOUT_TEMPLATES
from resolvers.blockouts import common
from resolvers.blockouts.outcome import BlockoutOutcome
from resolvers.context import RequestContext
from resolvers.errors import Duplicate, NotFound, Validation
from resolvers.lifecycle.references import require_location
from resolvers.mutation_runner import Transaction, run_mutation
from resolvers.setup import rows

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
class TemplateSettings:
    """Where and when a template is meant to be used and how pick lists show it; in changes,
    None (and set_location False) leaves a setting as it is."""

    set_location: bool = False
    location_id: uuid.UUID | None = None  # with set_location: None means any location
    weekdays: tuple[int, ...] | None = None
    hidden: bool | None = None
    sort_order: int | None = None
    active: bool | None = None


@dataclass(frozen=True, slots=True)
class NewTemplate:
    """A template as a client describes it."""

    name: str
    items: tuple[NewTemplateItem, ...]
    description: str | None = None
    settings: TemplateSettings = TemplateSettings()


@dataclass(frozen=True, slots=True)
class TemplateChanges:
    """Changes to a template at `base_version`; unset parts stay as they are."""

    template_id: uuid.UUID
    base_version: int
    name: str | None = None
    set_description: bool = False
    description: str | None = None  # with set_description: None removes it
    settings: TemplateSettings = TemplateSettings()


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


def _name(name: str) -> str:
    return common.text(name, field="name", label="name", longest=100)


def _name_in_use(name: str) -> Duplicate:
    """DUPLICATE for a template name the organization uses (checked first; a concurrent
    request that takes the name meanwhile meets the unique index, which says the same)."""
    return Duplicate(f"A blockout template named {name!r} exists already", field="name")


def _setting_values(settings: TemplateSettings) -> dict[str, Any]:
    """The columns the settings set, checked (the location is checked in the transaction)."""
    values: dict[str, Any] = {}
    if settings.set_location:
        values["location_id"] = settings.location_id
    if settings.weekdays is not None:
        # 0 Monday to 6 Sunday, each once (schema/types/day_of_week.py), stored in order.
        values["weekdays"] = sorted(settings.weekdays)
    if settings.hidden is not None:
        values["hidden"] = settings.hidden
    if settings.sort_order is not None:
        values["sort_order"] = common.sort_order(settings.sort_order)
    if settings.active is not None:
        values["active"] = settings.active
    return values


async def _require_place(
    connection: AsyncConnection, org: uuid.UUID, values: dict[str, Any]
) -> None:
    """A location the settings name exists in the organization (NOT_FOUND otherwise)."""
    if values.get("location_id") is not None:
        await require_location(connection, org, values["location_id"])


def _checked(template: NewTemplate) -> tuple[str, list[dict[str, object]]]:
    name = _name(template.name)
    if not 1 <= len(template.items) <= MAX_ITEMS:
        raise Validation(f"A template has 1 to {MAX_ITEMS} items", field="items")
    values: list[dict[str, object]] = []
    for order, item in enumerate(template.items):
        if item.end <= item.start:
            raise Validation("An item must end after it starts", field="items")
        values.append(
            {
                "blockout_type_id": item.blockout_type_id,
                "operatory_id": item.operatory_id,
                "start_time": item.start,
                "end_time": item.end,
                "note": common.note(item.note, field="items"),
                "sort_order": order,
            }
        )
    return name, values


async def create_template(
    ctx: RequestContext, template: NewTemplate, *, idempotency_key: str | None
) -> BlockoutOutcome:
    """Insert the template and its items (one statement for all items)."""
    name, items = _checked(template)
    description = common.note(template.description, field="description")
    settings = _setting_values(template.settings)
    org = ctx.viewer.organization_id
    name_in_use = _name_in_use(name)

    async def work(tx: Transaction) -> BlockoutOutcome:
        connection = tx.connection
        if await writes.name_taken(connection, writes.templates, organization_id=org, name=name):
            raise name_in_use
        await _require_place(connection, org, settings)
        await _require_types(connection, org, [item.blockout_type_id for item in template.items])
        operatories = sorted({i.operatory_id for i in template.items if i.operatory_id})
        await common.require_operatories(
            connection, org, operatories, location_id=None, field="items"
        )
        template_id = await writes.insert_template(
            connection,
            organization_id=org,
            values={"name": name, "description": description, **settings},
            items=items,
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


async def current_template(
    ctx: RequestContext, connection: AsyncConnection, ident: uuid.UUID, base: int
) -> Any:
    """The template, locked, at the version the client saw; NOT_FOUND or VERSION_CONFLICT."""
    row = await rows.locked_row(
        connection, ctx, BLOCKOUT_TEMPLATES, ident, field="templateId", label="blockout template"
    )
    rows.check_version(row, base)
    return row


async def update_template(
    ctx: RequestContext, changes: TemplateChanges, *, idempotency_key: str | None
) -> BlockoutOutcome:
    """Rename a template, change its description or settings (audited; the version goes up)."""
    values: dict[str, Any] = _setting_values(changes.settings)
    if changes.name is not None:
        values["name"] = _name(changes.name)
    if changes.set_description:
        values["description"] = common.note(changes.description, field="description")
    org = ctx.viewer.organization_id

    async def work(tx: Transaction) -> BlockoutOutcome:
        connection = tx.connection
        row = await current_template(ctx, connection, changes.template_id, changes.base_version)
        if "name" in values and await writes.name_taken(
            connection, writes.templates, organization_id=org, name=values["name"], except_id=row.id
        ):
            raise _name_in_use(values["name"])
        await _require_place(connection, org, values)
        await rows.update_row(tx, ctx, writes.templates, row, values)
        return BlockoutOutcome((row.id,))

    return await run_mutation(
        ctx,
        work,
        name="updateBlockoutTemplate",
        outcome=BlockoutOutcome,
        idempotency_key=idempotency_key,
        request=asdict(changes),
        duplicate=_name_in_use(values["name"]) if "name" in values else None,
    )


async def delete_template(
    ctx: RequestContext, template_id: uuid.UUID, base_version: int, *, idempotency_key: str | None
) -> BlockoutOutcome:
    """Remove a template and its items (audited); blockouts made from it stay."""

    async def work(tx: Transaction) -> BlockoutOutcome:
        connection = tx.connection
        row = await current_template(ctx, connection, template_id, base_version)
        await writes.delete_template(connection, template_id=row.id)
        rows.audit(tx.journal, writes.templates, row.id, "DELETED", {"name": row.name})
        return BlockoutOutcome((row.id,))

    return await run_mutation(
        ctx,
        work,
        name="deleteBlockoutTemplate",
        outcome=BlockoutOutcome,
        idempotency_key=idempotency_key,
        request={"template_id": template_id, "base_version": base_version},
    )
