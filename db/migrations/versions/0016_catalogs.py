"""Catalogs and patient records: confirmation and flow statuses become managed lists
(archivable, versioned, names unique per organization), cancellation and no-show reasons, the
reason an appointment was cancelled or broken with, a per-organization counter for generated
chart numbers, and merged patients.

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLE = "slotgraph_request"
CURRENT = "nullif(current_setting('slotgraph.organization_id', true), '')::uuid"
NEW_TABLES = ("appointment_reasons", "patient_chart_counters")


def _organization_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["organization_id"],
        ["organizations.id"],
        name=op.f(f"fk_{table}_organization_id_organizations"),
        ondelete="CASCADE",
    )


def _confirmation_statuses() -> None:
    op.add_column(
        "confirmation_statuses",
        sa.Column("active", sa.Boolean(), server_default="true", nullable=False),
    )
    op.add_column(
        "confirmation_statuses",
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
    )
    # Seed data never repeated a name; should a database have, later copies get a suffix so
    # that the names can be unique from now on.
    op.execute("""
        UPDATE confirmation_statuses c SET name = left(c.name, 90) || ' (' || d.n || ')'
        FROM (
            SELECT id, row_number() OVER (
                PARTITION BY organization_id, name ORDER BY sort_order, id) AS n
            FROM confirmation_statuses
        ) d
        WHERE d.id = c.id AND d.n > 1
    """)
    op.create_unique_constraint(
        "uq_confirmation_statuses_name", "confirmation_statuses", ["organization_id", "name"]
    )
    op.add_column(
        "patient_flow_statuses",
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
    )


def _reasons() -> None:
    op.create_table(
        "appointment_reasons",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("sort_order", sa.Integer(), server_default="0", nullable=False),
        sa.Column("active", sa.Boolean(), server_default="true", nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('CANCELLATION', 'NO_SHOW')", name=op.f("ck_appointment_reasons_kind_known")
        ),
        _organization_fk("appointment_reasons"),
        # Keyed by organization first (a new table: distributable by organization).
        sa.PrimaryKeyConstraint("organization_id", "id", name=op.f("pk_appointment_reasons")),
        sa.UniqueConstraint("organization_id", "kind", "name", name="uq_appointment_reasons_name"),
    )
    op.create_index(
        op.f("ix_appointment_reasons_organization_id"),
        "appointment_reasons",
        ["organization_id"],
        unique=False,
    )
    op.add_column("appointments", sa.Column("status_reason_id", sa.UUID(), nullable=True))
    op.create_foreign_key(
        op.f("fk_appointments_organization_id_status_reason_id"),
        "appointments",
        "appointment_reasons",
        ["organization_id", "status_reason_id"],
        ["organization_id", "id"],
    )


def _patients() -> None:
    op.create_table(
        "patient_chart_counters",
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("last_number", sa.BigInteger(), server_default="0", nullable=False),
        _organization_fk("patient_chart_counters"),
        sa.PrimaryKeyConstraint("organization_id", name=op.f("pk_patient_chart_counters")),
    )
    op.add_column("patients", sa.Column("merged_into_id", sa.UUID(), nullable=True))
    op.create_foreign_key(
        op.f("fk_patients_organization_id_merged_into_id"),
        "patients",
        "patients",
        ["organization_id", "merged_into_id"],
        ["organization_id", "id"],
    )
    op.create_check_constraint(
        op.f("ck_patients_not_merged_into_self"), "patients", "merged_into_id <> id"
    )


def upgrade() -> None:
    """Upgrade schema."""
    _confirmation_statuses()
    _reasons()
    _patients()
    # Row-level security as migration 0012 sets it for every tenant table.
    for table in NEW_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY tenant_isolation ON {table} TO {ROLE} "
            f"USING (organization_id = {CURRENT}) WITH CHECK (organization_id = {CURRENT})"
        )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_constraint(op.f("ck_patients_not_merged_into_self"), "patients", type_="check")
    op.drop_constraint(
        op.f("fk_patients_organization_id_merged_into_id"), "patients", type_="foreignkey"
    )
    op.drop_column("patients", "merged_into_id")
    op.drop_table("patient_chart_counters")
    op.drop_constraint(
        op.f("fk_appointments_organization_id_status_reason_id"), "appointments", type_="foreignkey"
    )
    op.drop_column("appointments", "status_reason_id")
    op.drop_table("appointment_reasons")
    op.drop_column("patient_flow_statuses", "version")
    op.drop_constraint("uq_confirmation_statuses_name", "confirmation_statuses", type_="unique")
    op.drop_column("confirmation_statuses", "version")
    op.drop_column("confirmation_statuses", "active")
