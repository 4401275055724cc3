"""Practice setup: versions on the directory's rows, provider kinds and locations, what an
appointment type offers (providers, locations, modality, telehealth, deposit, category),
unique operatory and type names, and the audit trail of setup changes.

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLE = "slotgraph_request"
CURRENT = "nullif(current_setting('slotgraph.organization_id', true), '')::uuid"
VERSIONED = ("locations", "operatories", "providers", "patients", "appointment_types")
NEW_TABLES = (
    "provider_locations",
    "appointment_type_providers",
    "appointment_type_locations",
    "setup_changes",
)


def _tenant_fk(column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["organization_id", column],
        [f"{target}.organization_id", f"{target}.id"],
        ondelete="CASCADE",
    )


def _organization() -> sa.Column:
    return sa.Column("organization_id", sa.UUID(), nullable=False)


def _link_table(name: str, left: str, left_target: str, right: str, right_target: str) -> None:
    op.create_table(
        name,
        sa.Column(left, sa.UUID(), nullable=False),
        sa.Column(right, sa.UUID(), nullable=False),
        _organization(),
        _tenant_fk(left, left_target),
        _tenant_fk(right, right_target),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f(f"fk_{name}_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(left, right, name=op.f(f"pk_{name}")),
    )
    op.create_index(op.f(f"ix_{name}_organization_id"), name, ["organization_id"], unique=False)


def _alter_existing() -> None:
    for table in VERSIONED:
        op.add_column(table, sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    op.add_column(
        "providers",
        sa.Column("kind", sa.String(length=20), server_default="DENTIST", nullable=False),
    )
    op.create_check_constraint(
        op.f("ck_providers_kind_known"),
        "providers",
        "kind IN ('DENTIST', 'HYGIENIST', 'ASSISTANT', 'SPECIALIST', 'OTHER')",
    )
    op.add_column("appointment_types", sa.Column("category", sa.String(length=100)))
    op.add_column(
        "appointment_types",
        sa.Column("modality", sa.String(length=16), server_default="IN_PERSON", nullable=False),
    )
    op.add_column(
        "appointment_types",
        sa.Column("telehealth", sa.Boolean(), server_default="false", nullable=False),
    )
    op.add_column(
        "appointment_types", sa.Column("deposit_amount", sa.Numeric(precision=10, scale=2))
    )
    op.create_check_constraint(
        op.f("ck_appointment_types_modality_known"),
        "appointment_types",
        "modality IN ('IN_PERSON', 'VIDEO', 'PHONE')",
    )
    op.create_check_constraint(
        op.f("ck_appointment_types_deposit_non_negative"),
        "appointment_types",
        "deposit_amount >= 0",
    )
    op.create_unique_constraint(
        "uq_appointment_types_name", "appointment_types", ["organization_id", "name"]
    )
    op.create_unique_constraint(
        "uq_operatories_name", "operatories", ["organization_id", "location_id", "name"]
    )


def upgrade() -> None:
    """Upgrade schema."""
    _alter_existing()
    _link_table("provider_locations", "provider_id", "providers", "location_id", "locations")
    op.create_index(
        "ix_provider_locations_location", "provider_locations", ["location_id"], unique=False
    )
    _link_table(
        "appointment_type_providers",
        "appointment_type_id",
        "appointment_types",
        "provider_id",
        "providers",
    )
    op.create_index(
        "ix_appointment_type_providers_provider",
        "appointment_type_providers",
        ["provider_id"],
        unique=False,
    )
    _link_table(
        "appointment_type_locations",
        "appointment_type_id",
        "appointment_types",
        "location_id",
        "locations",
    )
    op.create_index(
        "ix_appointment_type_locations_location",
        "appointment_type_locations",
        ["location_id"],
        unique=False,
    )
    op.create_table(
        "setup_changes",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("subject_table", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.UUID(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("changes", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "changed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        _organization(),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_setup_changes_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_setup_changes")),
        sa.UniqueConstraint("organization_id", "id", name="uq_setup_changes_tenant_key"),
    )
    op.create_index(
        op.f("ix_setup_changes_organization_id"), "setup_changes", ["organization_id"], unique=False
    )
    op.create_index(
        "ix_setup_changes_subject",
        "setup_changes",
        ["organization_id", "subject_id", "changed_at"],
        unique=False,
    )
    # Row-level security as migration 0012 sets it for every tenant table.
    for table in NEW_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY tenant_isolation ON {table} TO {ROLE} "
            f"USING (organization_id = {CURRENT}) WITH CHECK (organization_id = {CURRENT})"
        )


def downgrade() -> None:
    """Downgrade schema."""
    for table in reversed(NEW_TABLES):
        op.drop_table(table)
    op.drop_constraint("uq_operatories_name", "operatories", type_="unique")
    op.drop_constraint("uq_appointment_types_name", "appointment_types", type_="unique")
    op.drop_constraint(
        op.f("ck_appointment_types_deposit_non_negative"), "appointment_types", type_="check"
    )
    op.drop_constraint(
        op.f("ck_appointment_types_modality_known"), "appointment_types", type_="check"
    )
    for column in ("deposit_amount", "telehealth", "modality", "category"):
        op.drop_column("appointment_types", column)
    op.drop_constraint(op.f("ck_providers_kind_known"), "providers", type_="check")
    op.drop_column("providers", "kind")
    for table in VERSIONED:
        op.drop_column(table, "version")
