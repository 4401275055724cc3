"""Booking guarantees: holds, exclusion constraints, provider slots, idempotency keys.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = (
    "hold",
    "planned",
    "scheduled",
    "complete",
    "broken",
    "cancelled",
    "unscheduled",
    "pinboard",
    "expired",
)
OLD_STATUSES = STATUSES[1:-1]
BLOCKING = "'complete', 'hold', 'planned', 'scheduled'"


PROVIDER_SLOT_SQL = [
    """
    CREATE FUNCTION sync_provider_slots(target uuid) RETURNS void LANGUAGE sql AS $$
      DELETE FROM provider_slots WHERE appointment_id = target;
      INSERT INTO provider_slots (organization_id, appointment_id, provider_id, during)
      SELECT a.organization_id, a.id, p.provider_id, tstzrange(a.start_at, a.end_at, '[)')
      FROM appointments a
      CROSS JOIN LATERAL (
        SELECT a.primary_provider_id AS provider_id
        UNION
        SELECT ap.provider_id FROM appointment_providers ap WHERE ap.appointment_id = a.id
      ) p
      WHERE a.id = target AND a.blocks_slot;
    $$;
    """,
    """
    CREATE FUNCTION appointments_sync_provider_slots() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM sync_provider_slots(NEW.id);
      RETURN NULL;
    END $$;
    """,
    """
    CREATE FUNCTION appointment_providers_sync_provider_slots() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM sync_provider_slots(OLD.appointment_id); END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM sync_provider_slots(NEW.appointment_id); END IF;
      RETURN NULL;
    END $$;
    """,
    """
    CREATE TRIGGER appointments_provider_slots
      AFTER INSERT OR UPDATE OF start_at, end_at, status, allow_overlap, primary_provider_id
      ON appointments FOR EACH ROW EXECUTE FUNCTION appointments_sync_provider_slots();
    """,
    """
    CREATE TRIGGER appointment_providers_provider_slots
      AFTER INSERT OR UPDATE OR DELETE ON appointment_providers
      FOR EACH ROW EXECUTE FUNCTION appointment_providers_sync_provider_slots();
    """,
    """
    SELECT sync_provider_slots(id) FROM appointments;
    """,
]


def _status_check(values: Sequence[str]) -> None:
    op.drop_constraint(op.f("ck_appointments_appointment_status"), "appointments", type_="check")
    listed = ", ".join(f"'{value}'" for value in values)
    op.create_check_constraint(
        op.f("ck_appointments_appointment_status"), "appointments", f"status IN ({listed})"
    )


def upgrade() -> None:
    """Upgrade schema."""
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    _status_check(STATUSES)
    op.add_column(
        "appointments", sa.Column("hold_expires_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column(
        "appointments",
        sa.Column("allow_overlap", sa.Boolean(), server_default="false", nullable=False),
    )
    op.add_column(
        "appointments",
        sa.Column(
            "blocks_slot",
            sa.Boolean(),
            sa.Computed(f"status IN ({BLOCKING}) AND NOT allow_overlap", persisted=True),
            nullable=False,
        ),
    )
    op.add_column("appointments", sa.Column("status_reason", sa.Text(), nullable=True))
    op.add_column("appointments", sa.Column("cancelled_by", sa.String(length=16), nullable=True))
    op.create_check_constraint(
        op.f("ck_appointments_hold_has_expiry"),
        "appointments",
        "(status = 'hold') = (hold_expires_at IS NOT NULL)",
    )
    op.create_check_constraint(
        op.f("ck_appointments_cancelled_by_known"),
        "appointments",
        "cancelled_by IN ('patient', 'practice')",
    )
    # The guarantee: no two slot-holding appointments overlap in one operatory.
    op.execute(
        "ALTER TABLE appointments ADD CONSTRAINT ex_appointments_operatory_overlap "
        "EXCLUDE USING gist (operatory_id WITH =, tstzrange(start_at, end_at, '[)') WITH &&) "
        "WHERE (blocks_slot)"
    )

    op.create_table(
        "provider_slots",
        sa.Column("appointment_id", sa.UUID(), nullable=False),
        sa.Column("provider_id", sa.UUID(), nullable=False),
        sa.Column("during", postgresql.TSTZRANGE(), nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id", "appointment_id"],
            ["appointments.organization_id", "appointments.id"],
            name=op.f("fk_provider_slots_organization_id_appointment_id"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "provider_id"],
            ["providers.organization_id", "providers.id"],
            name=op.f("fk_provider_slots_organization_id_provider_id"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_provider_slots_organization_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("appointment_id", "provider_id", name=op.f("pk_provider_slots")),
    )
    op.create_index(
        op.f("ix_provider_slots_organization_id"), "provider_slots", ["organization_id"]
    )
    # The guarantee: no provider (primary or additional) is in two places at once.
    op.execute(
        "ALTER TABLE provider_slots ADD CONSTRAINT ex_provider_slots_provider_overlap "
        "EXCLUDE USING gist (provider_id WITH =, during WITH &&)"
    )
    # Triggers keep provider_slots equal to "every provider of every slot-holding appointment",
    # so the constraint holds whatever writes appointments or their providers.
    for statement in PROVIDER_SLOT_SQL:
        op.execute(statement)

    op.create_table(
        "idempotency_keys",
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("mutation", sa.String(length=60), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("response", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_idempotency_keys_organization_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "organization_id", "actor", "key", name=op.f("pk_idempotency_keys")
        ),
    )
    op.create_index(
        op.f("ix_idempotency_keys_organization_id"), "idempotency_keys", ["organization_id"]
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("idempotency_keys")
    op.execute("DROP TRIGGER appointment_providers_provider_slots ON appointment_providers")
    op.execute("DROP TRIGGER appointments_provider_slots ON appointments")
    op.execute("DROP FUNCTION appointment_providers_sync_provider_slots()")
    op.execute("DROP FUNCTION appointments_sync_provider_slots()")
    op.execute("DROP FUNCTION sync_provider_slots(uuid)")
    op.drop_table("provider_slots")
    op.execute("ALTER TABLE appointments DROP CONSTRAINT ex_appointments_operatory_overlap")
    op.drop_constraint(op.f("ck_appointments_cancelled_by_known"), "appointments", type_="check")
    op.drop_constraint(op.f("ck_appointments_hold_has_expiry"), "appointments", type_="check")
    for column in (
        "cancelled_by",
        "status_reason",
        "blocks_slot",
        "allow_overlap",
        "hold_expires_at",
    ):
        op.drop_column("appointments", column)
    op.execute("DELETE FROM appointments WHERE status IN ('hold', 'expired')")
    _status_check(OLD_STATUSES)
