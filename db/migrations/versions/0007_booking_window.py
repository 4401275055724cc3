"""Appointment types: how far ahead they may be booked (the booking window).

Revision ID: 0007
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column(
        "appointment_types",
        sa.Column("booking_window_days", sa.Integer(), server_default="180", nullable=False),
    )
    op.create_check_constraint(
        op.f("ck_appointment_types_booking_window_range"),
        "appointment_types",
        "booking_window_days BETWEEN 1 AND 730",
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_constraint(
        op.f("ck_appointment_types_booking_window_range"), "appointment_types", type_="check"
    )
    op.drop_column("appointment_types", "booking_window_days")
