"""Schedules: provider templates and date overrides, schedule notes, type overlap rules.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _organization_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["organization_id"],
        ["organizations.id"],
        name=op.f(f"fk_{table}_organization_id"),
        ondelete="CASCADE",
    )


def _tenant_fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["organization_id", column],
        [f"{target}.organization_id", f"{target}.id"],
        name=op.f(f"fk_{table}_organization_id_{column}"),
        ondelete="CASCADE",
    )


def _operatory_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["organization_id", "location_id", "operatory_id"],
        ["operatories.organization_id", "operatories.location_id", "operatories.id"],
        name=op.f(f"fk_{table}_operatory"),
        ondelete="CASCADE",
    )


def _common(table: str) -> list[Any]:
    """Key, organization, version and timestamps every schedule table has."""
    return [
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("version >= 1", name=op.f(f"ck_{table}_version_positive")),
        _organization_fk(table),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint("organization_id", "id", name=op.f(f"uq_{table}_tenant_key")),
    ]


def _organization_index(table: str) -> None:
    op.create_index(op.f(f"ix_{table}_organization_id"), table, ["organization_id"])


def upgrade() -> None:
    """Upgrade schema."""
    templates = "provider_schedule_templates"
    op.create_table(
        templates,
        *_common(templates),
        sa.Column("provider_id", sa.UUID(), nullable=False),
        sa.Column("location_id", sa.UUID(), nullable=False),
        sa.Column("operatory_id", sa.UUID(), nullable=True),
        sa.Column("weekday", sa.SmallInteger(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name=op.f(f"ck_{templates}_weekday_range")),
        sa.CheckConstraint("end_time > start_time", name=op.f(f"ck_{templates}_ends_after_start")),
        sa.CheckConstraint(
            "effective_to IS NULL OR effective_to >= effective_from",
            name=op.f(f"ck_{templates}_effective_range"),
        ),
        _tenant_fk(templates, "provider_id", "providers"),
        _tenant_fk(templates, "location_id", "locations"),
        _operatory_fk(templates),
    )
    _organization_index(templates)
    op.create_index(f"ix_{templates}_location_provider", templates, ["location_id", "provider_id"])

    overrides = "provider_schedule_overrides"
    op.create_table(
        overrides,
        *_common(overrides),
        sa.Column("provider_id", sa.UUID(), nullable=False),
        sa.Column("location_id", sa.UUID(), nullable=False),
        sa.Column("operatory_id", sa.UUID(), nullable=True),
        sa.Column("override_date", sa.Date(), nullable=False),
        sa.Column("is_unavailable", sa.Boolean(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=True),
        sa.Column("end_time", sa.Time(), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(is_unavailable AND start_time IS NULL AND end_time IS NULL) OR "
            "(NOT is_unavailable AND start_time IS NOT NULL AND end_time IS NOT NULL "
            "AND end_time > start_time)",
            name=op.f(f"ck_{overrides}_unavailable_or_hours"),
        ),
        sa.UniqueConstraint(
            "organization_id",
            "provider_id",
            "location_id",
            "override_date",
            name=op.f(f"uq_{overrides}_day"),
        ),
        _tenant_fk(overrides, "provider_id", "providers"),
        _tenant_fk(overrides, "location_id", "locations"),
        _operatory_fk(overrides),
    )
    _organization_index(overrides)
    op.create_index(f"ix_{overrides}_location_date", overrides, ["location_id", "override_date"])

    notes = "schedule_notes"
    op.create_table(
        notes,
        *_common(notes),
        sa.Column("location_id", sa.UUID(), nullable=False),
        sa.Column("note_date", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint("length(note) > 0", name=op.f(f"ck_{notes}_note_not_empty")),
        # A second note for the same location and date is a DUPLICATE, even when concurrent.
        sa.UniqueConstraint(
            "organization_id",
            "location_id",
            "note_date",
            name=op.f(f"uq_{notes}_organization_id_location_id_note_date"),
        ),
        _tenant_fk(notes, "location_id", "locations"),
    )
    _organization_index(notes)

    rules = "appointment_type_overlap_rules"
    op.create_table(
        rules,
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("appointment_type_a_id", sa.UUID(), nullable=False),
        sa.Column("appointment_type_b_id", sa.UUID(), nullable=False),
        sa.Column("location_id", sa.UUID(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "appointment_type_a_id <= appointment_type_b_id", name=op.f(f"ck_{rules}_pair_ordered")
        ),
        # NULLS NOT DISTINCT: one organization-wide rule (location NULL) per pair as well.
        sa.UniqueConstraint(
            "organization_id",
            "location_id",
            "appointment_type_a_id",
            "appointment_type_b_id",
            name=op.f(f"uq_{rules}_pair"),
            postgresql_nulls_not_distinct=True,
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "appointment_type_a_id"],
            ["appointment_types.organization_id", "appointment_types.id"],
            name=op.f(f"fk_{rules}_type_a"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "appointment_type_b_id"],
            ["appointment_types.organization_id", "appointment_types.id"],
            name=op.f(f"fk_{rules}_type_b"),
            ondelete="CASCADE",
        ),
        _tenant_fk(rules, "location_id", "locations"),
        _organization_fk(rules),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{rules}")),
        sa.UniqueConstraint("organization_id", "id", name=op.f(f"uq_{rules}_tenant_key")),
    )
    _organization_index(rules)

    # An appointment written with allow_overlap because an overlap rule allowed its slot, not
    # on purpose: moves and status changes check it again instead of inheriting the overlap.
    op.add_column(
        "appointments",
        sa.Column("overlap_by_rule", sa.Boolean(), server_default="false", nullable=False),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("appointments", "overlap_by_rule")
    op.drop_table("appointment_type_overlap_rules")
    op.drop_table("schedule_notes")
    op.drop_table("provider_schedule_overrides")
    op.drop_table("provider_schedule_templates")
