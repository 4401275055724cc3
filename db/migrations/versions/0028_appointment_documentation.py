"""Pending documentation (seed 001): when a completed visit's documentation was recorded, and
by whom. A completed visit without it is pending; a partial index keeps that list cheap.

The database keeps the two together (both or neither); existing visits read as undocumented.

Revision ID: 0028
Revises: 0027
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028"
down_revision: str | Sequence[str] | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "appointments", sa.Column("documented_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("appointments", sa.Column("documented_by", sa.String(200), nullable=True))
    op.create_check_constraint(
        op.f("ck_appointments_documented_by_whom"),
        "appointments",
        "(documented_at IS NULL) = (documented_by IS NULL)",
    )
    op.create_index(
        "ix_appointments_pending_documentation",
        "appointments",
        ["organization_id", "start_at"],
        postgresql_where=sa.text("status = 'complete' AND documented_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_appointments_pending_documentation", table_name="appointments")
    op.drop_constraint(op.f("ck_appointments_documented_by_whom"), "appointments", type_="check")
    op.drop_column("appointments", "documented_by")
    op.drop_column("appointments", "documented_at")
