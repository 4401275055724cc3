"""Seed 002's partly covered rows (issue 14):

- blockout templates: an optional location (null: any location), the days of the week they
  are meant for (0 Monday to 6 Sunday, as schedule templates; empty: any day), a hidden flag,
  a display order and an active flag;
- recall types: a description;
- blockouts: a recurrence group (the blockouts repeatBlockoutWeeks made from one source, the
  source included), which updateBlockout's scope reaches.

Existing rows read as before: org-wide, any day, shown, order 0, active; no description; no
recurrence.

Revision ID: 0026
Revises: 0025
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0026"
down_revision: str | Sequence[str] | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEMPLATES = "blockout_templates"
TEMPLATE_CHECKS = {
    "weekdays_known": "weekdays <@ ARRAY[0, 1, 2, 3, 4, 5, 6]",
    "sort_order_range": "sort_order BETWEEN -10000 AND 10000",
}


def _flag(name: str, default: str) -> sa.Column:
    return sa.Column(name, sa.Boolean(), server_default=default, nullable=False)


def upgrade() -> None:
    op.add_column(TEMPLATES, sa.Column("location_id", sa.UUID(), nullable=True))
    op.add_column(
        TEMPLATES,
        sa.Column(
            "weekdays",
            postgresql.ARRAY(sa.Integer()),
            server_default=sa.text("'{}'::integer[]"),
            nullable=False,
        ),
    )
    op.add_column(TEMPLATES, _flag("hidden", "false"))
    op.add_column(
        TEMPLATES, sa.Column("sort_order", sa.Integer(), server_default="0", nullable=False)
    )
    op.add_column(TEMPLATES, _flag("active", "true"))
    op.create_foreign_key(
        op.f("fk_blockout_templates_organization_id_location_id"),
        TEMPLATES,
        "locations",
        ["organization_id", "location_id"],
        ["organization_id", "id"],
    )
    for name, condition in TEMPLATE_CHECKS.items():
        op.create_check_constraint(op.f(f"ck_{TEMPLATES}_{name}"), TEMPLATES, condition)
    op.add_column("recall_types", sa.Column("description", sa.Text(), nullable=True))
    op.add_column("blockouts", sa.Column("recurrence_id", sa.UUID(), nullable=True))
    op.create_index(op.f("ix_blockouts_recurrence"), "blockouts", ["recurrence_id", "start_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_blockouts_recurrence"), table_name="blockouts")
    op.drop_column("blockouts", "recurrence_id")
    op.drop_column("recall_types", "description")
    for name in TEMPLATE_CHECKS:
        op.drop_constraint(op.f(f"ck_{TEMPLATES}_{name}"), TEMPLATES, type_="check")
    op.drop_constraint(
        op.f("fk_blockout_templates_organization_id_location_id"), TEMPLATES, type_="foreignkey"
    )
    for column in ("active", "sort_order", "hidden", "weekdays", "location_id"):
        op.drop_column(TEMPLATES, column)
