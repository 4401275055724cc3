"""The appointment record: ask-to-arrive offset, color override, tags, source, modality,
confirmedAt and cancelledAt on appointments, procedures as records of their own, and the role
of each additional provider (SECONDARY for those there already).

Existing appointments read as created by STAFF, IN_PERSON (or their type's modality), and
their cancellation and confirmation times as unknown (null).

Revision ID: 0017
Revises: 0016
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLE = "slotgraph_request"
CURRENT = "nullif(current_setting('slotgraph.organization_id', true), '')::uuid"
SOURCES = "'STAFF', 'PATIENT_APP', 'INTEGRATION', 'WAITLIST', 'IMPORT'"
MODALITIES = "'IN_PERSON', 'VIDEO', 'PHONE'"
ADDITIONAL_ROLES = "'SECONDARY', 'ASSISTANT', 'HYGIENIST', 'SPECIALIST'"
CHECKS = {
    "ask_to_arrive_range": "ask_to_arrive_minutes BETWEEN 0 AND 240",
    "color_override_hex": "color_override ~ '^#[0-9A-Fa-f]{6}$'",
    "tags_limit": "cardinality(tags) <= 10",
    "source_known": f"source IN ({SOURCES})",
    "modality_known": f"modality IN ({MODALITIES})",
}


def _columns() -> None:
    op.add_column("appointments", sa.Column("ask_to_arrive_minutes", sa.Integer(), nullable=True))
    op.add_column("appointments", sa.Column("color_override", sa.String(length=7), nullable=True))
    op.add_column(
        "appointments",
        sa.Column(
            "tags",
            postgresql.ARRAY(sa.Text()),
            server_default=sa.text("'{}'::text[]"),
            nullable=False,
        ),
    )
    op.add_column(
        "appointments",
        sa.Column("source", sa.String(length=16), server_default="STAFF", nullable=False),
    )
    op.add_column(
        "appointments",
        sa.Column("modality", sa.String(length=16), server_default="IN_PERSON", nullable=False),
    )
    for column in ("confirmed_at", "cancelled_at"):
        op.add_column("appointments", sa.Column(column, sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE appointments AS a SET modality = t.modality FROM appointment_types AS t "
        "WHERE t.id = a.appointment_type_id AND t.modality <> 'IN_PERSON'"
    )
    for name, condition in CHECKS.items():
        op.create_check_constraint(op.f(f"ck_appointments_{name}"), "appointments", condition)


def _procedures() -> None:
    op.create_table(
        "appointment_procedures",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("appointment_id", sa.UUID(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("fee", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("provider_id", sa.UUID(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.CheckConstraint("fee >= 0", name=op.f("ck_appointment_procedures_fee_non_negative")),
        sa.CheckConstraint(
            "position >= 0", name=op.f("ck_appointment_procedures_position_non_negative")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "appointment_id"],
            ["appointments.organization_id", "appointments.id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "provider_id"],
            ["providers.organization_id", "providers.id"],
            ondelete="NO ACTION",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_appointment_procedures_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organization_id", "id", name=op.f("pk_appointment_procedures")),
    )
    op.create_index(
        op.f("ix_appointment_procedures_organization_id"),
        "appointment_procedures",
        ["organization_id"],
        unique=False,
    )
    op.create_index(
        "ix_appointment_procedures_appointment",
        "appointment_procedures",
        ["appointment_id", "position"],
        unique=False,
    )
    # Row-level security as migration 0012 sets it for every tenant table.
    op.execute("ALTER TABLE appointment_procedures ENABLE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY tenant_isolation ON appointment_procedures TO {ROLE} "
        f"USING (organization_id = {CURRENT}) WITH CHECK (organization_id = {CURRENT})"
    )


def _provider_roles() -> None:
    op.add_column(
        "appointment_providers",
        sa.Column("role", sa.String(length=16), server_default="SECONDARY", nullable=False),
    )
    op.create_check_constraint(
        op.f("ck_appointment_providers_role_known"),
        "appointment_providers",
        f"role IN ({ADDITIONAL_ROLES})",
    )


def upgrade() -> None:
    """Upgrade schema."""
    _columns()
    _procedures()
    _provider_roles()


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_constraint(
        op.f("ck_appointment_providers_role_known"), "appointment_providers", type_="check"
    )
    op.drop_column("appointment_providers", "role")
    op.drop_table("appointment_procedures")
    for name in CHECKS:
        op.drop_constraint(op.f(f"ck_appointments_{name}"), "appointments", type_="check")
    for column in (
        "cancelled_at",
        "confirmed_at",
        "modality",
        "source",
        "tags",
        "color_override",
        "ask_to_arrive_minutes",
    ):
        op.drop_column("appointments", column)
