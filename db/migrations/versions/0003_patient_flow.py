"""Patient flow: per-organization flow statuses, the event timeline, appointments' current one.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _organization_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["organization_id"],
        ["organizations.id"],
        name=op.f(f"fk_{table}_organization_id"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "patient_flow_statuses",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("abbreviation", sa.String(length=10), nullable=False),
        sa.Column("color", sa.String(length=7), nullable=False),
        sa.Column("sort_order", sa.Integer(), server_default="0", nullable=False),
        sa.Column("is_terminal", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("active", sa.Boolean(), server_default="true", nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.CheckConstraint(
            "color ~ '^#[0-9a-fA-F]{6}$'", name=op.f("ck_patient_flow_statuses_color_hex")
        ),
        _organization_fk("patient_flow_statuses"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patient_flow_statuses")),
        sa.UniqueConstraint(
            "organization_id", "name", name=op.f("uq_patient_flow_statuses_organization_id_name")
        ),
        sa.UniqueConstraint(
            "organization_id", "id", name=op.f("uq_patient_flow_statuses_tenant_key")
        ),
    )
    op.create_index(
        op.f("ix_patient_flow_statuses_organization_id"),
        "patient_flow_statuses",
        ["organization_id"],
    )
    op.create_table(
        "patient_flow_events",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("appointment_id", sa.UUID(), nullable=False),
        sa.Column("flow_status_id", sa.UUID(), nullable=False),
        sa.Column(
            "occurred_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id", "appointment_id"],
            ["appointments.organization_id", "appointments.id"],
            name=op.f("fk_patient_flow_events_organization_id_appointment_id"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "flow_status_id"],
            ["patient_flow_statuses.organization_id", "patient_flow_statuses.id"],
            name=op.f("fk_patient_flow_events_organization_id_flow_status_id"),
            ondelete="NO ACTION",
        ),
        _organization_fk("patient_flow_events"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patient_flow_events")),
    )
    op.create_index(
        "ix_patient_flow_events_appointment_occurred_at",
        "patient_flow_events",
        ["appointment_id", "occurred_at"],
    )
    op.create_index(
        op.f("ix_patient_flow_events_organization_id"), "patient_flow_events", ["organization_id"]
    )
    op.add_column("appointments", sa.Column("flow_status_id", sa.UUID(), nullable=True))
    op.create_foreign_key(
        op.f("fk_appointments_organization_id_flow_status_id"),
        "appointments",
        "patient_flow_statuses",
        ["organization_id", "flow_status_id"],
        ["organization_id", "id"],
        ondelete="NO ACTION",
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_constraint(
        op.f("fk_appointments_organization_id_flow_status_id"), "appointments", type_="foreignkey"
    )
    op.drop_column("appointments", "flow_status_id")
    op.drop_table("patient_flow_events")
    op.drop_table("patient_flow_statuses")
