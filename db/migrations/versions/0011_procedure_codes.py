"""Procedure codes: the codes an appointment type performs by default and an appointment performs.

Completing an appointment fires the recall triggers of its codes (resolvers/lifecycle).

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("appointment_types", "appointments")


def upgrade() -> None:
    """Upgrade schema."""
    for table in TABLES:
        op.add_column(
            table,
            sa.Column(
                "procedure_codes",
                postgresql.ARRAY(sa.Text()),
                server_default=sa.text("'{}'::text[]"),
                nullable=False,
            ),
        )
        op.create_check_constraint(
            op.f(f"ck_{table}_procedure_codes_limit"), table, "cardinality(procedure_codes) <= 20"
        )


def downgrade() -> None:
    """Downgrade schema."""
    for table in reversed(TABLES):
        op.drop_constraint(op.f(f"ck_{table}_procedure_codes_limit"), table, type_="check")
        op.drop_column(table, "procedure_codes")
