"""Waitlist: entries (one active per patient, location and type), contacts and history.

Revision ID: 0008
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["organization_id", column],
        [f"{target}.organization_id", f"{target}.id"],
        name=op.f(f"fk_{table}_organization_id_{column}"),
        ondelete=ondelete,
    )


def _organization_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["organization_id"],
        ["organizations.id"],
        name=op.f(f"fk_{table}_organization_id"),
        ondelete="CASCADE",
    )


def _now(name: str) -> sa.Column:
    return sa.Column(
        name, sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
    )


def upgrade() -> None:
    """Upgrade schema."""
    t = "waitlist_entries"
    op.create_table(
        t,
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("patient_id", sa.UUID(), nullable=False),
        sa.Column("home_location_id", sa.UUID(), nullable=False),
        sa.Column("location_scope", sa.String(length=16), nullable=False),
        sa.Column(
            "additional_location_ids",
            postgresql.ARRAY(sa.UUID()),
            server_default=sa.text("'{}'::uuid[]"),
            nullable=False,
        ),
        sa.Column("provider_id", sa.UUID(), nullable=True),
        sa.Column("appointment_type_id", sa.UUID(), nullable=True),
        sa.Column("estimated_duration_minutes", sa.Integer(), nullable=True),
        sa.Column("date_from", sa.Date(), nullable=True),
        sa.Column("date_to", sa.Date(), nullable=True),
        sa.Column(
            "preferred_days",
            postgresql.ARRAY(sa.Integer()),
            server_default=sa.text("'{}'::integer[]"),
            nullable=False,
        ),
        sa.Column("preferred_start_time", sa.Time(), nullable=True),
        sa.Column("preferred_end_time", sa.Time(), nullable=True),
        sa.Column("urgency", sa.String(length=16), nullable=False),
        sa.Column("priority", sa.Integer(), server_default="0", nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("treatment_value", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("linked_appointment_id", sa.UUID(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("offered_start_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("offered_end_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("offered_operatory_id", sa.UUID(), nullable=True),
        sa.Column("offered_provider_id", sa.UUID(), nullable=True),
        sa.Column("offer_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("patient_response", sa.String(length=16), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        _now("created_at"),
        _now("updated_at"),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.CheckConstraint(
            "status IN ('waiting', 'contacted', 'offered', 'scheduled', 'removed', 'expired')",
            name=op.f("ck_waitlist_entries_status_known"),
        ),
        sa.CheckConstraint(
            "location_scope IN ('home_only', 'selected', 'any')",
            name=op.f("ck_waitlist_entries_scope_known"),
        ),
        sa.CheckConstraint(
            "urgency IN ('urgent', 'soon', 'routine', 'flexible')",
            name=op.f("ck_waitlist_entries_urgency_known"),
        ),
        sa.CheckConstraint(
            "source IN ('manual', 'appointment_flag', 'recall', 'treatment_plan', 'online')",
            name=op.f("ck_waitlist_entries_source_known"),
        ),
        sa.CheckConstraint(
            "date_to IS NULL OR date_from IS NULL OR date_to >= date_from",
            name=op.f("ck_waitlist_entries_range"),
        ),
        _fk(t, "patient_id", "patients", "CASCADE"),
        _fk(t, "home_location_id", "locations", "CASCADE"),
        _fk(t, "provider_id", "providers", "NO ACTION"),
        _fk(t, "appointment_type_id", "appointment_types", "NO ACTION"),
        _fk(t, "linked_appointment_id", "appointments", "NO ACTION"),
        _fk(t, "offered_operatory_id", "operatories", "NO ACTION"),
        _fk(t, "offered_provider_id", "providers", "NO ACTION"),
        _organization_fk(t),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waitlist_entries")),
        sa.UniqueConstraint("organization_id", "id", name=op.f("uq_waitlist_entries_tenant_key")),
    )
    op.create_index(op.f("ix_waitlist_entries_organization_id"), t, ["organization_id"])
    op.create_index(
        "uq_waitlist_entries_active",
        t,
        [
            "organization_id",
            "patient_id",
            "home_location_id",
            sa.text("coalesce(appointment_type_id, '00000000-0000-0000-0000-000000000000'::uuid)"),
        ],
        unique=True,
        postgresql_where=sa.text("status IN ('waiting', 'contacted', 'offered')"),
    )
    c = "waitlist_contacts"
    op.create_table(
        c,
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("entry_id", sa.UUID(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("initiated_by", sa.String(length=16), nullable=False),
        sa.Column("slot_offered", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        _now("occurred_at"),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.CheckConstraint(
            "initiated_by IN ('staff', 'smart_fill')",
            name=op.f("ck_waitlist_contacts_initiated_by_known"),
        ),
        _fk(c, "entry_id", "waitlist_entries", "CASCADE"),
        _organization_fk(c),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waitlist_contacts")),
    )
    op.create_index(op.f("ix_waitlist_contacts_organization_id"), c, ["organization_id"])
    op.create_index("ix_waitlist_contacts_entry_occurred_at", c, ["entry_id", "occurred_at"])
    h = "waitlist_history"
    op.create_table(
        h,
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("entry_id", sa.UUID(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("before", postgresql.JSONB(), nullable=True),
        sa.Column("after", postgresql.JSONB(), nullable=True),
        _now("occurred_at"),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        _fk(h, "entry_id", "waitlist_entries", "CASCADE"),
        _organization_fk(h),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waitlist_history")),
    )
    op.create_index(op.f("ix_waitlist_history_organization_id"), h, ["organization_id"])
    op.create_index("ix_waitlist_history_entry_occurred_at", h, ["entry_id", "occurred_at"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("waitlist_history")
    op.drop_table("waitlist_contacts")
    op.drop_table("waitlist_entries")
