"""The schema stays distributable by organization (README: Distributing by organization).

On a sharded PostgreSQL such as Citus, every organization's rows would live on one shard:
tables distributed by `organization_id` and colocated, `organizations` by its `id`, global
tables as reference tables. That works only if every key and every foreign key between
distributed tables names `organization_id`. This test reads the migrated schema's catalog and
holds every table to it; the tables still keyed by `id` alone are listed, with what replaces
their key, so the list can only shrink and a new table cannot join it unnoticed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

# Not distributed: copied to every node (Citus reference tables) or the migration tool's own.
REFERENCE_TABLES = frozenset({"alembic_version", "demo_seed"})
# The distribution root: its `id` is every other table's organization_id.
ROOT_TABLE = "organizations"

# Primary key (id) today; the foreign keys to them reference a UNIQUE (organization_id, id)
# "tenant key" (tables nothing references have none). Before distributing, their primary key becomes (organization_id,
# id) (README: what would have to change). Do not add to this list: key new tables by
# organization first.
KEYED_BY_ID = frozenset(
    {
        "appointment_history",
        "appointment_type_overlap_rules",
        "appointment_types",
        "appointments",
        "blockout_template_items",
        "blockout_templates",
        "blockout_types",
        "blockouts",
        "confirmation_statuses",
        "locations",
        "operatories",
        "patient_flow_events",
        "patient_flow_statuses",
        "patient_recalls",
        "patients",
        "production_goals",
        "provider_schedule_overrides",
        "provider_schedule_templates",
        "providers",
        "recall_triggers",
        "recall_types",
        "schedule_notes",
        "setup_changes",
        "waitlist_contacts",
        "waitlist_entries",
        "waitlist_history",
    }
)
# Link tables keyed by their two ids (organization_id is a column and in both foreign keys).
KEYED_BY_LINK = frozenset(
    {
        "appointment_providers",
        "appointment_type_locations",
        "appointment_type_providers",
        "provider_locations",
        "provider_slots",
    }
)
# Exclusion constraints without organization_id (Citus needs the distribution column in
# each, compared with =): ids are unique across organizations, so adding it changes nothing
# of what they exclude.
EXCLUSIONS_WITHOUT_ORGANIZATION = frozenset(
    {"ex_appointments_operatory_overlap", "ex_provider_slots_provider_overlap"}
)

CONSTRAINTS = text(
    """
    SELECT c.relname AS table_name, k.conname AS name, k.contype::text AS kind,
           ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY AS col(num, ord)
                 JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = col.num
                 ORDER BY col.ord) AS columns,
           k.confrelid::regclass::text AS referenced,
           ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY AS col(num, ord)
                 JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = col.num
                 ORDER BY col.ord) AS referenced_columns
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
    WHERE c.relnamespace = 'public'::regnamespace AND k.contype IN ('p', 'u', 'f', 'x')
    """
)
TABLES = text(
    """
    SELECT c.relname AS table_name,
           EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                   AND a.attname = 'organization_id' AND a.attnotnull) AS has_organization
    FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
    """
)


async def _catalog(engine) -> tuple[dict[str, bool], list[Any]]:
    async with engine.connect() as connection:
        tables = {row.table_name: row.has_organization for row in await connection.execute(TABLES)}
        constraints = list(await connection.execute(CONSTRAINTS))
    return tables, constraints


def _distributed(tables: dict[str, bool]) -> set[str]:
    return set(tables) - REFERENCE_TABLES - {ROOT_TABLE}


async def test_every_distributed_table_has_a_not_null_organization_id(engine):
    tables, _ = await _catalog(engine)
    missing = sorted(name for name in _distributed(tables) if not tables[name])
    assert missing == [], f"tables without organization_id NOT NULL: {missing}"


async def test_primary_keys_begin_with_organization_id_but_for_the_listed_tables(engine):
    tables, constraints = await _catalog(engine)
    primary = {row.table_name: row.columns for row in constraints if row.kind == "p"}
    unkeyed = sorted(name for name in _distributed(tables) if name not in primary)
    assert unkeyed == [], f"tables without a primary key: {unkeyed}"
    by_id = {name for name in _distributed(tables) if primary[name][0] != "organization_id"}
    # New tables begin their key with organization_id; a re-keyed table leaves the lists.
    assert by_id == KEYED_BY_ID | KEYED_BY_LINK
    assert all(primary[name] == ["id"] for name in KEYED_BY_ID)
    assert primary[ROOT_TABLE] == ["id"]


async def test_unique_and_exclusion_constraints_include_organization_id(engine):
    tables, constraints = await _catalog(engine)
    without = {
        row.name
        for row in constraints
        if row.kind in ("u", "x")
        and row.table_name in _distributed(tables)
        and "organization_id" not in row.columns
    }
    assert without == EXCLUSIONS_WITHOUT_ORGANIZATION


async def test_foreign_keys_between_distributed_tables_are_colocated(engine):
    tables, constraints = await _catalog(engine)
    distributed = _distributed(tables)
    apart = []
    for row in constraints:
        if row.kind != "f" or row.table_name not in distributed:
            continue
        if row.referenced == ROOT_TABLE:
            colocated = row.columns == ["organization_id"] and row.referenced_columns == ["id"]
        elif row.referenced in REFERENCE_TABLES:
            colocated = True  # a reference table is on every node
        else:
            # organization_id first on both sides: the referenced row is on the same shard.
            colocated = row.columns[0] == row.referenced_columns[0] == "organization_id"
        if not colocated:
            apart.append(row.name)
    assert apart == []
