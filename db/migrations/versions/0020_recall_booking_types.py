"""Recall types linked to the appointment types that book them: one row per pair, keyed by
organization first, kept inside one organization by composite foreign keys, with row-level
security like every tenant table.

Revision ID: 0020
Revises: 0018
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | Sequence[str] | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLE = "slotgraph_request"
CURRENT = "nullif(current_setting('slotgraph.organization_id', true), '')::uuid"
TABLE = "recall_booking_types"


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        TABLE,
        sa.Column("recall_type_id", sa.UUID(), nullable=False),
        sa.Column("appointment_type_id", sa.UUID(), nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id", "appointment_type_id"],
            ["appointment_types.organization_id", "appointment_types.id"],
            name=op.f(f"fk_{TABLE}_organization_id_appointment_type_id"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "recall_type_id"],
            ["recall_types.organization_id", "recall_types.id"],
            name=op.f(f"fk_{TABLE}_organization_id_recall_type_id"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f(f"fk_{TABLE}_organization_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "organization_id", "recall_type_id", "appointment_type_id", name=op.f(f"pk_{TABLE}")
        ),
    )
    op.create_index(op.f(f"ix_{TABLE}_organization_id"), TABLE, ["organization_id"])
    op.create_index(
        "ix_recall_booking_types_appointment_type",
        TABLE,
        ["organization_id", "appointment_type_id"],
    )
    op.execute(f"ALTER TABLE {TABLE} ENABLE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY tenant_isolation ON {TABLE} TO {ROLE} "
        f"USING (organization_id = {CURRENT}) WITH CHECK (organization_id = {CURRENT})"
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table(TABLE)
