"""Production goals: one daily target per provider, location and date.

Revision ID: 0006
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "production_goals",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("provider_id", sa.UUID(), nullable=False),
        sa.Column("location_id", sa.UUID(), nullable=False),
        sa.Column("goal_date", sa.Date(), nullable=False),
        sa.Column("goal_amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.CheckConstraint("goal_amount >= 0", name=op.f("ck_production_goals_goal_non_negative")),
        sa.ForeignKeyConstraint(
            ["organization_id", "provider_id"],
            ["providers.organization_id", "providers.id"],
            name=op.f("fk_production_goals_organization_id_provider_id"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "location_id"],
            ["locations.organization_id", "locations.id"],
            name=op.f("fk_production_goals_organization_id_location_id"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_production_goals_organization_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_production_goals")),
        sa.UniqueConstraint(
            "organization_id",
            "provider_id",
            "location_id",
            "goal_date",
            name=op.f("uq_production_goals_provider_location_date"),
        ),
        sa.UniqueConstraint("organization_id", "id", name=op.f("uq_production_goals_tenant_key")),
    )
    op.create_index(
        op.f("ix_production_goals_organization_id"), "production_goals", ["organization_id"]
    )
    op.create_index(
        "ix_production_goals_location_date", "production_goals", ["location_id", "goal_date"]
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("production_goals")
