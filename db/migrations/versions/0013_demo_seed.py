"""The demo seed's anchor: the week the demo practice was laid out around, to refresh it later.

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLE = "slotgraph_request"


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "demo_seed",
        sa.Column("id", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("anchor", sa.Date(), nullable=False),
        sa.Column(
            "seeded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("id = 1", name=op.f("ck_demo_seed_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demo_seed")),
    )
    # Bookkeeping of the seeder, not tenant data: requests get none of the default grants.
    op.execute(f"REVOKE ALL ON demo_seed FROM {ROLE}")


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("demo_seed")
