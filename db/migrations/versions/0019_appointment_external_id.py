"""Bulk import: an appointment's external id, the reference the system it came from gives it.

An import row naming an external id the organization already has is skipped, not imported
twice; a unique index guards it when two imports run at once. Appointments booked otherwise
have none (null).

Revision ID: 0019
Revises: 0018
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("appointments", sa.Column("external_id", sa.String(length=100), nullable=True))
    op.create_index(
        "uq_appointments_external_id",
        "appointments",
        ["organization_id", "external_id"],
        unique=True,
        postgresql_where=sa.text("external_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("uq_appointments_external_id", table_name="appointments")
    op.drop_column("appointments", "external_id")
