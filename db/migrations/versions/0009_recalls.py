"""Recalls: recall types, procedure-code triggers and patients' recalls.

Revision ID: 0009
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _organization_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["organization_id"],
        ["organizations.id"],
        name=op.f(f"fk_{table}_organization_id"),
        ondelete="CASCADE",
    )


def _tenant_fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["organization_id", column],
        [f"{target}.organization_id", f"{target}.id"],
        name=op.f(f"fk_{table}_organization_id_{column}"),
        ondelete=ondelete,
    )


def _created_at() -> sa.Column:
    return sa.Column(
        "created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
    )


def _id() -> sa.Column:
    return sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False)


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "recall_types",
        _id(),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("default_interval_months", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), server_default="true", nullable=False),
        sa.Column("sort_order", sa.Integer(), server_default="0", nullable=False),
        _created_at(),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.CheckConstraint(
            "default_interval_months BETWEEN 1 AND 120",
            name=op.f("ck_recall_types_default_interval_months_range"),
        ),
        _organization_fk("recall_types"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recall_types")),
        sa.UniqueConstraint(
            "organization_id", "name", name=op.f("uq_recall_types_organization_id_name")
        ),
        sa.UniqueConstraint("organization_id", "id", name=op.f("uq_recall_types_tenant_key")),
    )
    op.create_index(op.f("ix_recall_types_organization_id"), "recall_types", ["organization_id"])
    op.create_table(
        "recall_triggers",
        _id(),
        sa.Column("recall_type_id", sa.UUID(), nullable=False),
        sa.Column("procedure_code", sa.String(length=20), nullable=False),
        _created_at(),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        _tenant_fk("recall_triggers", "recall_type_id", "recall_types", "CASCADE"),
        _organization_fk("recall_triggers"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recall_triggers")),
        sa.UniqueConstraint(
            "organization_id",
            "procedure_code",
            name=op.f("uq_recall_triggers_organization_id_procedure_code"),
        ),
        sa.UniqueConstraint("organization_id", "id", name=op.f("uq_recall_triggers_tenant_key")),
    )
    op.create_index(
        op.f("ix_recall_triggers_organization_id"), "recall_triggers", ["organization_id"]
    )
    op.create_table(
        "patient_recalls",
        _id(),
        sa.Column("patient_id", sa.UUID(), nullable=False),
        sa.Column("recall_type_id", sa.UUID(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("previous_date", sa.Date(), nullable=True),
        sa.Column("interval_months", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="due", nullable=False),
        sa.Column("disabled", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("appointment_id", sa.UUID(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        _created_at(),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.CheckConstraint(
            "interval_months BETWEEN 1 AND 120",
            name=op.f("ck_patient_recalls_interval_months_range"),
        ),
        sa.CheckConstraint(
            "status IN ('due', 'scheduled', 'completed', 'overdue')",
            name=op.f("ck_patient_recalls_status_known"),
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_patient_recalls_version_positive")),
        _tenant_fk("patient_recalls", "patient_id", "patients", "CASCADE"),
        _tenant_fk("patient_recalls", "recall_type_id", "recall_types", "CASCADE"),
        _tenant_fk("patient_recalls", "appointment_id", "appointments", "NO ACTION"),
        _organization_fk("patient_recalls"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patient_recalls")),
        sa.UniqueConstraint(
            "organization_id",
            "patient_id",
            "recall_type_id",
            name=op.f("uq_patient_recalls_organization_id_patient_id_recall_type_id"),
        ),
        sa.UniqueConstraint("organization_id", "id", name=op.f("uq_patient_recalls_tenant_key")),
    )
    op.create_index(
        op.f("ix_patient_recalls_organization_id"), "patient_recalls", ["organization_id"]
    )
    op.create_index(
        "ix_patient_recalls_organization_id_due_date",
        "patient_recalls",
        ["organization_id", "due_date"],
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("patient_recalls")
    op.drop_table("recall_triggers")
    op.drop_table("recall_types")
