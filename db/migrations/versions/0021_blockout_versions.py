"""Blockout versions: blockouts, blockout types and blockout templates get an optimistic-
concurrency `version` (1 when created, guarded `version >= 1`; a template's covers its items),
and templates a description.

Revision ID: 0021
Revises: 0018
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | Sequence[str] | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONED = ("blockouts", "blockout_types", "blockout_templates")


def upgrade() -> None:
    """Upgrade schema."""
    for table in VERSIONED:
        op.add_column(table, sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        op.create_check_constraint(op.f(f"ck_{table}_version_positive"), table, "version >= 1")
    op.add_column("blockout_templates", sa.Column("description", sa.Text(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("blockout_templates", "description")
    for table in VERSIONED:
        op.drop_constraint(op.f(f"ck_{table}_version_positive"), table, type_="check")
        op.drop_column(table, "version")
