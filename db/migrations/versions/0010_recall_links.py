"""Recall links: waitlist entries made from a recall, and finding an appointment's recalls.

Revision ID: 0010
Revises: 0008, 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = ("0008", "0009")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("waitlist_entries", sa.Column("recall_id", sa.UUID(), nullable=True))
    # Composite: an entry can only name a recall of its own organization (NULL skips the check).
    op.create_foreign_key(
        op.f("fk_waitlist_entries_organization_id_recall_id"),
        "waitlist_entries",
        "patient_recalls",
        ["organization_id", "recall_id"],
        ["organization_id", "id"],
    )
    # Appointment.recalls and completing an appointment look recalls up by appointment.
    op.create_index(
        op.f("ix_patient_recalls_organization_id_appointment_id"),
        "patient_recalls",
        ["organization_id", "appointment_id"],
        postgresql_where=sa.text("appointment_id IS NOT NULL"),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(
        op.f("ix_patient_recalls_organization_id_appointment_id"), table_name="patient_recalls"
    )
    op.drop_constraint(
        op.f("fk_waitlist_entries_organization_id_recall_id"),
        "waitlist_entries",
        type_="foreignkey",
    )
    op.drop_column("waitlist_entries", "recall_id")
