"""The change log: every committed change of a calendar's rows, numbered per organization and
announced with NOTIFY, for live subscriptions on every server process.

Triggers on appointments, their additional providers, blockouts, schedule overrides and
waitlist entries record each changed row once per transaction (several writes to one row in
one transaction become one change: its state before the transaction and after it). At commit
a deferred trigger gives each recorded change the organization's next change id (a counter
row locked until the commit ends, so the ids of one organization are dense and in commit
order), announces it on the `slotgraph_changes` channel (the row as JSON: ids, times and
statuses, no names or notes), and, every 1,000th change, forgets the organization's changes
older than its last 10,000. NOTIFY is delivered only when the transaction commits, so only
committed changes are announced; whatever writes the rows (a mutation, a script, psql) is
announced alike.

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLE = "slotgraph_request"
CURRENT = "nullif(current_setting('slotgraph.organization_id', true), '')::uuid"
# A change id this far behind the newest is forgotten (at every PRUNE_EVERY-th change).
KEEP_CHANGES = 10_000
PRUNE_EVERY = 1_000

LOG_CHANGE = """
CREATE FUNCTION slotgraph_log_change(
    org uuid, kind text, item uuid, op text, loc uuid, prev_loc uuid, patient uuid,
    starts timestamptz, ends timestamptz, prev_starts timestamptz, prev_ends timestamptz,
    day date, prev_day date, st text, prev_st text, hold timestamptz,
    was_moved boolean, providers boolean
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- Rows going with their deleted organization: nobody is left to tell.
    IF NOT EXISTS (SELECT 1 FROM organizations WHERE id = org) THEN
        RETURN;
    END IF;
    INSERT INTO change_log AS c (
        organization_id, txid, entity_id, entity, operation, location_id,
        previous_location_id, patient_id, starts_at, ends_at, previous_starts_at,
        previous_ends_at, on_date, previous_on_date, status, previous_status,
        hold_expires_at, moved, providers_changed
    ) VALUES (
        org, pg_current_xact_id()::text::bigint, item, kind, op, loc, prev_loc, patient,
        starts, ends, prev_starts, prev_ends, day, prev_day, st, prev_st, hold,
        was_moved, providers
    )
    -- A second write to the row in this transaction: the state before stays the first's.
    ON CONFLICT (organization_id, txid, entity_id) DO UPDATE SET
        operation = CASE WHEN c.operation = 'insert' AND excluded.operation = 'update'
                         THEN 'insert' ELSE excluded.operation END,
        location_id = excluded.location_id,
        patient_id = coalesce(excluded.patient_id, c.patient_id),
        starts_at = excluded.starts_at,
        ends_at = excluded.ends_at,
        on_date = excluded.on_date,
        status = excluded.status,
        hold_expires_at = excluded.hold_expires_at,
        moved = c.moved OR excluded.moved,
        providers_changed = c.providers_changed OR excluded.providers_changed;
END $$
"""

ROW_CHANGED = """
CREATE FUNCTION slotgraph_row_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    -- TG_ARGV: the entity, then the table's columns of location, patient, start, end, date,
    -- status and hold expiry ('' where it has none), then (comma-separated) those whose
    -- change is a move. The row goes through JSON so one function serves every table.
    n jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
    o jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
    r jsonb := coalesce(n, o);
BEGIN
    IF n = o THEN
        RETURN NULL;  -- an update that changed nothing
    END IF;
    PERFORM slotgraph_log_change(
        (r->>'organization_id')::uuid, TG_ARGV[0], (r->>'id')::uuid, lower(TG_OP),
        (n->>TG_ARGV[1])::uuid, (o->>TG_ARGV[1])::uuid, (r->>TG_ARGV[2])::uuid,
        (n->>TG_ARGV[3])::timestamptz, (n->>TG_ARGV[4])::timestamptz,
        (o->>TG_ARGV[3])::timestamptz, (o->>TG_ARGV[4])::timestamptz,
        (n->>TG_ARGV[5])::date, (o->>TG_ARGV[5])::date, n->>TG_ARGV[6], o->>TG_ARGV[6],
        (n->>TG_ARGV[7])::timestamptz,
        TG_OP = 'UPDATE' AND EXISTS (
            SELECT 1 FROM unnest(string_to_array(TG_ARGV[8], ',')) AS moved(c)
            WHERE n->moved.c IS DISTINCT FROM o->moved.c
        ),
        false);
    RETURN NULL;
END $$
"""

PROVIDERS_CHANGED = """
CREATE FUNCTION slotgraph_providers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    a appointments%ROWTYPE;
BEGIN
    SELECT * INTO a FROM appointments
    WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.appointment_id ELSE NEW.appointment_id END;
    IF NOT FOUND THEN
        RETURN NULL;  -- the appointment is being deleted: its own change says so
    END IF;
    PERFORM slotgraph_log_change(a.organization_id, 'appointment', a.id, 'update',
        a.location_id, a.location_id, a.patient_id, a.start_at, a.end_at, a.start_at,
        a.end_at, NULL, NULL, a.status, a.status, a.hold_expires_at, false, true);
    RETURN NULL;
END $$
"""

ANNOUNCE = f"""
CREATE FUNCTION slotgraph_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r change_log%ROWTYPE;
    n bigint;
BEGIN
    -- Runs at commit: the change is final now (several writes folded into one).
    SELECT * INTO r FROM change_log
    WHERE organization_id = NEW.organization_id AND txid = NEW.txid
      AND entity_id = NEW.entity_id;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    IF r.operation = 'delete' AND r.previous_location_id IS NULL THEN
        -- Inserted and deleted in this transaction: nothing happened.
        DELETE FROM change_log
        WHERE organization_id = r.organization_id AND txid = r.txid AND entity_id = r.entity_id;
        RETURN NULL;
    END IF;
    -- The counter row stays locked until this transaction ends: ids in commit order.
    INSERT INTO change_counters AS k (organization_id, last_change_id)
    VALUES (r.organization_id, 1)
    ON CONFLICT (organization_id) DO UPDATE SET last_change_id = k.last_change_id + 1
    RETURNING last_change_id INTO n;
    UPDATE change_log SET change_id = n, committed_at = clock_timestamp()
    WHERE organization_id = r.organization_id AND txid = r.txid AND entity_id = r.entity_id
    RETURNING * INTO r;
    PERFORM pg_notify('slotgraph_changes', row_to_json(r)::text);
    IF n % {PRUNE_EVERY} = 0 THEN
        DELETE FROM change_log
        WHERE organization_id = r.organization_id AND change_id <= n - {KEEP_CHANGES};
    END IF;
    RETURN NULL;
END $$
"""

# table -> slotgraph_row_changed's arguments: entity; columns of location, patient, start,
# end, date, status, hold expiry; the columns whose change is a move.
MOVES = "start_at,end_at,operatory_id,location_id"
WATCHED = {
    "appointments": (
        "appointment",
        "location_id",
        "patient_id",
        "start_at",
        "end_at",
        "",
        "status",
        "hold_expires_at",
        MOVES,
    ),
    "blockouts": ("blockout", "location_id", "", "start_at", "end_at", "", "", "", MOVES),
    "provider_schedule_overrides": (
        "schedule_override",
        "location_id",
        "",
        "",
        "",
        "override_date",
        "",
        "",
        "override_date,location_id",
    ),
    "waitlist_entries": (
        "waitlist_entry",
        "home_location_id",
        "patient_id",
        "",
        "",
        "",
        "status",
        "",
        "home_location_id",
    ),
}
FUNCTIONS = [
    "slotgraph_announce_change()",
    "slotgraph_row_changed()",
    "slotgraph_providers_changed()",
    "slotgraph_log_change(uuid, text, uuid, text, uuid, uuid, uuid, timestamptz, timestamptz, "
    "timestamptz, timestamptz, date, date, text, text, timestamptz, boolean, boolean)",
]


def _organization_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["organization_id"],
        ["organizations.id"],
        name=op.f(f"fk_{table}_organization_id"),
        ondelete="CASCADE",
    )


def _create_tables() -> None:
    op.create_table(
        "change_log",
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("txid", sa.BigInteger(), nullable=False),
        sa.Column("entity_id", sa.UUID(), nullable=False),
        sa.Column("change_id", sa.BigInteger(), nullable=True),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("operation", sa.String(length=6), nullable=False),
        sa.Column("location_id", sa.UUID(), nullable=True),
        sa.Column("previous_location_id", sa.UUID(), nullable=True),
        sa.Column("patient_id", sa.UUID(), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("previous_starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("previous_ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("on_date", sa.Date(), nullable=True),
        sa.Column("previous_on_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=True),
        sa.Column("previous_status", sa.String(length=16), nullable=True),
        sa.Column("hold_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("moved", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("providers_changed", sa.Boolean(), server_default="false", nullable=False),
        sa.Column(
            "committed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "entity IN ('appointment', 'blockout', 'schedule_override', 'waitlist_entry')",
            name=op.f("ck_change_log_entity_known"),
        ),
        sa.CheckConstraint(
            "operation IN ('insert', 'update', 'delete')",
            name=op.f("ck_change_log_operation_known"),
        ),
        _organization_fk("change_log"),
        sa.PrimaryKeyConstraint("organization_id", "txid", "entity_id", name=op.f("pk_change_log")),
    )
    op.create_index(
        op.f("ix_change_log_organization_id_change_id"),
        "change_log",
        ["organization_id", "change_id"],
        unique=True,
    )
    op.create_table(
        "change_counters",
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("last_change_id", sa.BigInteger(), nullable=False),
        _organization_fk("change_counters"),
        sa.PrimaryKeyConstraint("organization_id", name=op.f("pk_change_counters")),
    )


def upgrade() -> None:
    """Upgrade schema."""
    _create_tables()
    for table in ("change_log", "change_counters"):
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY tenant_isolation ON {table} TO {ROLE} "
            f"USING (organization_id = {CURRENT}) WITH CHECK (organization_id = {CURRENT})"
        )
    for function in (LOG_CHANGE, ROW_CHANGED, PROVIDERS_CHANGED, ANNOUNCE):
        op.execute(function)
    for table, arguments in WATCHED.items():
        quoted = ", ".join(f"'{argument}'" for argument in arguments)
        op.execute(
            f"CREATE TRIGGER log_change AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION slotgraph_row_changed({quoted})"
        )
    op.execute(
        "CREATE TRIGGER log_change AFTER INSERT OR UPDATE OR DELETE ON appointment_providers "
        "FOR EACH ROW EXECUTE FUNCTION slotgraph_providers_changed()"
    )
    op.execute(
        "CREATE CONSTRAINT TRIGGER announce_change AFTER INSERT ON change_log "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slotgraph_announce_change()"
    )


def downgrade() -> None:
    """Downgrade schema."""
    for table in (*WATCHED, "appointment_providers"):
        op.execute(f"DROP TRIGGER log_change ON {table}")
    op.drop_table("change_counters")
    op.drop_table("change_log")
    for function in FUNCTIONS:
        op.execute(f"DROP FUNCTION {function}")
