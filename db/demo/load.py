"""Insert the demo practice into a database, once, inside the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.demo.ids import DEMO_ORG_ID, OTHER_ORG_ID
from db.demo.practice import DemoPractice, build_demo_practice
from db.models import Base, Organization

# Rows per executemany: bounded batches, and still within 32,767 bind parameters should a
# driver fold a batch into one multi-VALUES INSERT.
CHUNK_ROWS = 1000
# pg_advisory_xact_lock key ("slotdemo" as bytes): concurrent seeders queue instead of colliding.
SEED_LOCK_KEY = 0x736C6F7464656D6F

# The models' tables in insert order; DemoPractice fields are named after them.
TABLES: dict[str, Table] = {f.name: Base.metadata.tables[f.name] for f in fields(DemoPractice)}


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """Rows of both demo tenants per table, and whether this call inserted them."""

    created: bool
    organizations: int
    locations: int
    operatories: int
    providers: int
    patients: int
    appointment_types: int
    confirmation_statuses: int
    patient_flow_statuses: int
    appointments: int
    appointment_providers: int
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
    patient_recalls: int
    waitlist_entries: int
    waitlist_contacts: int
    waitlist_history: int

    @property
    def total(self) -> int:
        """All rows over all tables."""
        return sum(getattr(self, f.name) for f in fields(self) if f.name != "created")


async def seed_demo_data(connection: AsyncConnection) -> DemoSummary:
    """Insert the demo practice unless DEMO_ORG_ID exists; return the counts either way."""
    await connection.execute(select(func.pg_advisory_xact_lock(SEED_LOCK_KEY)))
    existing = await connection.scalar(
        select(Organization.id).where(Organization.id == DEMO_ORG_ID)
    )
    if existing is not None:
        return await _existing_summary(connection)
    practice = build_demo_practice()
    for name, rows in practice.tables():
        for offset in range(0, len(rows), CHUNK_ROWS):
            await connection.execute(insert(TABLES[name]), rows[offset : offset + CHUNK_ROWS])
    return DemoSummary(created=True, **{name: len(rows) for name, rows in practice.tables()})


async def _existing_summary(connection: AsyncConnection) -> DemoSummary:
    """Count the rows both demo tenants already have, in one round trip."""
    tenants = (DEMO_ORG_ID, OTHER_ORG_ID)
    counts = []
    for name, table in TABLES.items():
        key = table.c.id if name == "organizations" else table.c.organization_id
        counts.append(
            select(func.count()).select_from(table).where(key.in_(tenants)).scalar_subquery()
        )
    row = (await connection.execute(select(*counts))).one()
    return DemoSummary(created=False, **dict(zip(TABLES, row, strict=True)))
