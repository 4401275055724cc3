"""Seed 002's gaps in types, overlap rules and appointments (issue 14):

- appointment types: a display order, hidden and blockout-only flags, required procedure codes
  with an ALL/ANY match, and a time pattern of 5-minute units (provider, assistant or open
  time) that fills the whole duration or is empty;
- overlap rules: an allow flag (a location's rule may forbid what an org-wide one allows) and
  a version with its update time;
- appointments: estimated insurance and patient portions, and a display order among visits
  sharing a slot;
- additional providers: an optional time range within the visit, as minutes from its start
  (so it follows a move, as the ask-to-arrive offset does).

Existing rows read as before: shown, bookable, no pattern, rules allowing, order 0.

Revision ID: 0025
Revises: 0018
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0025"
down_revision: str | Sequence[str] | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TYPE_CHECKS = {
    "display_order_non_negative": "display_order >= 0",
    "required_codes_limit": "cardinality(required_procedure_codes) <= 20",
    "required_codes_match_known": "required_codes_match IN ('ALL', 'ANY')",
    "time_pattern_units_known": "time_pattern <@ ARRAY['PROVIDER', 'ASSISTANT', 'OPEN']::text[]",
    "time_pattern_fills_duration": (
        "cardinality(time_pattern) = 0 OR cardinality(time_pattern) * 5 = duration_minutes"
    ),
}
APPOINTMENT_CHECKS = {
    "estimated_insurance_non_negative": "estimated_insurance >= 0",
    "estimated_patient_portion_non_negative": "estimated_patient_portion >= 0",
    "display_order_non_negative": "display_order >= 0",
}
PROVIDER_CHECKS = {
    "time_range_whole": "(start_offset_minutes IS NULL) = (end_offset_minutes IS NULL)",
    "time_range_ordered": "start_offset_minutes >= 0 AND end_offset_minutes > start_offset_minutes",
}
TABLE_CHECKS = {
    "appointment_types": TYPE_CHECKS,
    "appointments": APPOINTMENT_CHECKS,
    "appointment_providers": PROVIDER_CHECKS,
}


def _order() -> sa.Column:
    return sa.Column("display_order", sa.Integer(), server_default="0", nullable=False)


def _flag(name: str, default: str) -> sa.Column:
    return sa.Column(name, sa.Boolean(), server_default=default, nullable=False)


def _text_list(name: str) -> sa.Column:
    return sa.Column(
        name, postgresql.ARRAY(sa.Text()), server_default=sa.text("'{}'::text[]"), nullable=False
    )


def upgrade() -> None:
    types = "appointment_types"
    op.add_column(types, _order())
    op.add_column(types, _flag("hidden", "false"))
    op.add_column(types, _flag("blockout_only", "false"))
    op.add_column(types, _text_list("required_procedure_codes"))
    op.add_column(
        types,
        sa.Column(
            "required_codes_match", sa.String(length=3), server_default="ALL", nullable=False
        ),
    )
    op.add_column(types, _text_list("time_pattern"))
    rules = "appointment_type_overlap_rules"
    op.add_column(rules, _flag("allow_overlap", "true"))
    op.add_column(rules, sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    op.add_column(
        rules,
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
    )
    for column in ("estimated_insurance", "estimated_patient_portion"):
        op.add_column(
            "appointments", sa.Column(column, sa.Numeric(precision=12, scale=2), nullable=True)
        )
    op.add_column("appointments", _order())
    for column in ("start_offset_minutes", "end_offset_minutes"):
        op.add_column("appointment_providers", sa.Column(column, sa.Integer(), nullable=True))
    for table, checks in TABLE_CHECKS.items():
        for name, condition in checks.items():
            op.create_check_constraint(op.f(f"ck_{table}_{name}"), table, condition)


def downgrade() -> None:
    for table, checks in TABLE_CHECKS.items():
        for name in checks:
            op.drop_constraint(op.f(f"ck_{table}_{name}"), table, type_="check")
    for column in ("end_offset_minutes", "start_offset_minutes"):
        op.drop_column("appointment_providers", column)
    for column in ("display_order", "estimated_patient_portion", "estimated_insurance"):
        op.drop_column("appointments", column)
    for column in ("updated_at", "version", "allow_overlap"):
        op.drop_column("appointment_type_overlap_rules", column)
    for column in (
        "time_pattern",
        "required_codes_match",
        "required_procedure_codes",
        "blockout_only",
        "hidden",
        "display_order",
    ):
        op.drop_column("appointment_types", column)
