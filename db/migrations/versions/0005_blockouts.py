"""Blockouts: types, blockouts at a location or operatory, templates and their items.

Revision ID: 0005
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
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


def _id() -> sa.Column:
    return sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False)


def _created_at() -> sa.Column:
    return sa.Column(
        "created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
    )


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "blockout_types",
        _id(),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("abbreviation", sa.String(length=10), nullable=False),
        sa.Column("color", sa.String(length=7), nullable=False),
        sa.Column("no_schedule", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("do_not_copy", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("hidden", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("sort_order", sa.Integer(), server_default="0", nullable=False),
        sa.Column("active", sa.Boolean(), server_default="true", nullable=False),
        _created_at(),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.CheckConstraint("color ~ '^#[0-9a-fA-F]{6}$'", name=op.f("ck_blockout_types_color_hex")),
        _organization_fk("blockout_types"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blockout_types")),
        sa.UniqueConstraint(
            "organization_id", "name", name=op.f("uq_blockout_types_organization_id_name")
        ),
        sa.UniqueConstraint("organization_id", "id", name=op.f("uq_blockout_types_tenant_key")),
    )
    op.create_index(
        op.f("ix_blockout_types_organization_id"), "blockout_types", ["organization_id"]
    )
    op.create_table(
        "blockouts",
        _id(),
        sa.Column("location_id", sa.UUID(), nullable=False),
        sa.Column("operatory_id", sa.UUID(), nullable=True),
        sa.Column("blockout_type_id", sa.UUID(), nullable=False),
        sa.Column("start_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        _created_at(),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.CheckConstraint("end_at > start_at", name=op.f("ck_blockouts_ends_after_start")),
        _tenant_fk("blockouts", "location_id", "locations", "CASCADE"),
        sa.ForeignKeyConstraint(
            ["organization_id", "location_id", "operatory_id"],
            ["operatories.organization_id", "operatories.location_id", "operatories.id"],
            name=op.f("fk_blockouts_organization_id_location_id_operatory_id"),
            ondelete="CASCADE",
        ),
        _tenant_fk("blockouts", "blockout_type_id", "blockout_types", "NO ACTION"),
        _organization_fk("blockouts"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blockouts")),
        sa.UniqueConstraint("organization_id", "id", name=op.f("uq_blockouts_tenant_key")),
    )
    op.create_index("ix_blockouts_location_start", "blockouts", ["location_id", "start_at"])
    op.create_index(op.f("ix_blockouts_organization_id"), "blockouts", ["organization_id"])
    op.create_table(
        "blockout_templates",
        _id(),
        sa.Column("name", sa.String(length=100), nullable=False),
        _created_at(),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        _organization_fk("blockout_templates"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blockout_templates")),
        sa.UniqueConstraint(
            "organization_id", "name", name=op.f("uq_blockout_templates_organization_id_name")
        ),
        sa.UniqueConstraint("organization_id", "id", name=op.f("uq_blockout_templates_tenant_key")),
    )
    op.create_index(
        op.f("ix_blockout_templates_organization_id"), "blockout_templates", ["organization_id"]
    )
    op.create_table(
        "blockout_template_items",
        _id(),
        sa.Column("template_id", sa.UUID(), nullable=False),
        sa.Column("blockout_type_id", sa.UUID(), nullable=False),
        sa.Column("operatory_id", sa.UUID(), nullable=True),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("sort_order", sa.Integer(), server_default="0", nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.CheckConstraint(
            "end_time > start_time", name=op.f("ck_blockout_template_items_ends_after_start")
        ),
        _tenant_fk("blockout_template_items", "template_id", "blockout_templates", "CASCADE"),
        _tenant_fk("blockout_template_items", "blockout_type_id", "blockout_types", "NO ACTION"),
        _tenant_fk("blockout_template_items", "operatory_id", "operatories", "NO ACTION"),
        _organization_fk("blockout_template_items"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blockout_template_items")),
    )
    op.create_index(
        "ix_blockout_template_items_template",
        "blockout_template_items",
        ["template_id", "sort_order"],
    )
    op.create_index(
        op.f("ix_blockout_template_items_organization_id"),
        "blockout_template_items",
        ["organization_id"],
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("blockout_template_items")
    op.drop_table("blockout_templates")
    op.drop_table("blockouts")
    op.drop_table("blockout_types")
