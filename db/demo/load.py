"""Lay out the demo practice in a database around an anchor week, inside the caller's
transaction, and lay it out again (replacing only the demo organizations) once it is dated."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import Table, delete, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from db.demo.calendar import current_anchor
from db.demo.ids import DEMO_ORG_ID, OTHER_ORG_ID
from db.demo.practice import DemoPractice, build_demo_practice
from db.models import Base, DemoSeed, Organization

# Rows per executemany: bounded batches, and still within 32,767 bind parameters should a
# driver fold a batch into one multi-VALUES INSERT.
CHUNK_ROWS = 1000
# pg_advisory_xact_lock key ("slotdemo" as bytes): concurrent seeders queue instead of colliding.
SEED_LOCK_KEY = 0x736C6F7464656D6F

# The models' tables in insert order; DemoPractice fields are named after them.
TABLES: dict[str, Table] = {f.name: Base.metadata.tables[f.name] for f in fields(DemoPractice)}


# Both demo tenants: a refresh deletes exactly these organizations (their rows cascade).
DEMO_TENANTS = (DEMO_ORG_ID, OTHER_ORG_ID)


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """Rows of both demo tenants per table, the anchor they are laid out around, and whether
    this call inserted them (`created`) in place of a dated demo (`replaced`)."""

    created: bool
    replaced: bool
    anchor: date | None
    organizations: int
    locations: int
    operatories: int
    providers: int
    patients: int
    appointment_types: int
    confirmation_statuses: int
    patient_flow_statuses: int
    appointment_reasons: int
    appointments: int
    appointment_providers: int
    appointment_procedures: int
    appointment_history: int
    patient_flow_events: int
    production_goals: int
    blockout_types: int
    blockouts: int
    blockout_templates: int
    blockout_template_items: int
    provider_schedule_templates: int
    provider_schedule_overrides: int
    schedule_notes: int
    appointment_type_overlap_rules: int
    recall_types: int
    recall_triggers: int
    recall_booking_types: int
    patient_recalls: int
    waitlist_entries: int
    waitlist_contacts: int
    waitlist_history: int

    @property
    def total(self) -> int:
        """All rows over all tables."""
        return sum(getattr(self, name) for name in TABLES)


async def seed_demo_data(connection: AsyncConnection, anchor: date | None = None) -> DemoSummary:
    """Lay out the demo practice around `anchor` (a Monday; default: the current week's, in the
    main location's zone) unless it already is; return the counts either way.

    A demo laid out around another anchor (with the default: an older one, or one not recorded
    because it predates the record) is replaced: both demo organizations are deleted, with
    everything they own (their rows cascade), and laid out again. Other organizations and
    anything outside the demo tenants stay as they are.
    """
    await connection.execute(select(func.pg_advisory_xact_lock(SEED_LOCK_KEY)))
    wanted = anchor if anchor is not None else current_anchor()
    existing = await connection.scalar(
        select(Organization.id).where(Organization.id == DEMO_ORG_ID)
    )
    recorded = await demo_anchor(connection)
    if existing is not None and not is_dated(recorded, wanted, explicit=anchor is not None):
        return await _existing_summary(connection, recorded)
    if existing is not None:
        await connection.execute(delete(Organization).where(Organization.id.in_(DEMO_TENANTS)))
    practice = build_demo_practice(wanted)
    for name, rows in practice.tables():
        for offset in range(0, len(rows), CHUNK_ROWS):
            await connection.execute(insert(TABLES[name]), rows[offset : offset + CHUNK_ROWS])
    record = pg_insert(DemoSeed).values(id=1, anchor=wanted)
    await connection.execute(
        record.on_conflict_do_update(
            index_elements=[DemoSeed.id], set_={"anchor": wanted, "seeded_at": func.now()}
        )
    )
    return DemoSummary(
        created=True,
        replaced=existing is not None,
        anchor=wanted,
        **{name: len(rows) for name, rows in practice.tables()},
    )


def is_dated(recorded: date | None, wanted: date, *, explicit: bool) -> bool:
    """Whether a demo laid out around `recorded` must be laid out again around `wanted`.

    An explicit anchor wants exactly itself; the default (the current week) replaces only an
    older or unrecorded anchor, so a demo seeded ahead on purpose is kept.
    """
    if recorded is None:
        return True
    return recorded != wanted if explicit else recorded < wanted


async def demo_anchor(connection: AsyncConnection) -> date | None:
    """The anchor the demo was last laid out around, or None (never, or before the record)."""
    return await connection.scalar(select(DemoSeed.anchor).where(DemoSeed.id == 1))


async def _existing_summary(connection: AsyncConnection, anchor: date | None) -> DemoSummary:
    """Count the rows both demo tenants already have, in one round trip."""
    tenants = DEMO_TENANTS
    counts = []
    for name, table in TABLES.items():
        key = table.c.id if name == "organizations" else table.c.organization_id
        counts.append(
            select(func.count()).select_from(table).where(key.in_(tenants)).scalar_subquery()
        )
    row = (await connection.execute(select(*counts))).one()
    return DemoSummary(
        created=False, replaced=False, anchor=anchor, **dict(zip(TABLES, row, strict=True))
    )
