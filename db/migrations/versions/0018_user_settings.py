"""Per-user settings: patients' scheduling preferences, and the schedule views and saved
searches each user (a token's subject) owns, unique by name per owner, with row-level security
by organization like every tenant table.

Revision ID: 0018
Revises: 0017
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql.schema import SchemaItem

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLE = "slotgraph_request"
CURRENT = "nullif(current_setting('slotgraph.organization_id', true), '')::uuid"
NEW_TABLES = ("patient_scheduling_preferences", "schedule_views", "saved_searches")
LISTS_BOUNDED = "cardinality({0}) <= 50 AND cardinality({1}) <= 50"


def _organization(table: str) -> list[SchemaItem]:
    return [
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f(f"fk_{table}_organization_id_organizations"),
            ondelete="CASCADE",
        ),
    ]


def _uuid_list(name: str) -> sa.Column:
    return sa.Column(
        name,
        postgresql.ARRAY(sa.UUID()),
        server_default=sa.text("'{}'::uuid[]"),
        nullable=False,
    )


def _int_list(name: str) -> sa.Column:
    return sa.Column(
        name,
        postgresql.ARRAY(sa.Integer()),
        server_default=sa.text("'{}'::integer[]"),
        nullable=False,
    )


def _stamps() -> list[sa.Column]:
    return [
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
    ]


def _owned(table: str) -> list[SchemaItem]:
    return [
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        *_stamps(),
        *_organization(table),
        # Keyed by organization first, as new tables are (distributable by organization).
        sa.PrimaryKeyConstraint("organization_id", "id", name=op.f(f"pk_{table}")),
    ]


def _preferences() -> None:
    table = "patient_scheduling_preferences"
    op.create_table(
        table,
        sa.Column("patient_id", sa.UUID(), nullable=False),
        sa.Column(
            "days_of_week",
            postgresql.ARRAY(sa.SmallInteger()),
            server_default=sa.text("'{}'::smallint[]"),
            nullable=False,
        ),
        _int_list("window_starts"),
        _int_list("window_ends"),
        _uuid_list("provider_ids"),
        _uuid_list("location_ids"),
        *_stamps(),
        *_organization(table),
        sa.ForeignKeyConstraint(
            ["organization_id", "patient_id"],
            ["patients.organization_id", "patients.id"],
            name=op.f(f"fk_{table}_organization_id_patients"),
            ondelete="CASCADE",
        ),
        sa.CheckConstraint(
            "days_of_week <@ '{1,2,3,4,5,6,7}'::smallint[]", name=op.f(f"ck_{table}_days_known")
        ),
        sa.CheckConstraint(
            "cardinality(window_starts) = cardinality(window_ends) "
            "AND cardinality(window_starts) <= 12",
            name=op.f(f"ck_{table}_windows_paired"),
        ),
        sa.CheckConstraint(
            LISTS_BOUNDED.format("provider_ids", "location_ids"),
            name=op.f(f"ck_{table}_lists_bounded"),
        ),
        sa.PrimaryKeyConstraint("organization_id", "patient_id", name=op.f(f"pk_{table}")),
    )
    op.create_index(op.f(f"ix_{table}_organization_id"), table, ["organization_id"])


def _views() -> None:
    table = "schedule_views"
    op.create_table(
        table,
        sa.Column("shortcut", sa.String(length=20), nullable=True),
        sa.Column("is_default", sa.Boolean(), server_default="false", nullable=False),
        _uuid_list("operatory_ids"),
        _uuid_list("provider_ids"),
        *_owned(table),
        sa.CheckConstraint(
            LISTS_BOUNDED.format("operatory_ids", "provider_ids"),
            name=op.f(f"ck_{table}_lists_bounded"),
        ),
    )
    op.create_index(op.f(f"ix_{table}_organization_id"), table, ["organization_id"])
    op.create_index(
        "uq_schedule_views_owner_name", table, ["organization_id", "owner", "name"], unique=True
    )
    op.create_index(
        "uq_schedule_views_owner_shortcut",
        table,
        ["organization_id", "owner", "shortcut"],
        unique=True,
        postgresql_where=sa.text("shortcut IS NOT NULL"),
    )
    op.create_index(
        "uq_schedule_views_owner_default",
        table,
        ["organization_id", "owner"],
        unique=True,
        postgresql_where=sa.text("is_default"),
    )


def _searches() -> None:
    table = "saved_searches"
    op.create_table(
        table,
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("filter", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        *_owned(table),
        sa.CheckConstraint("kind IN ('APPOINTMENTS')", name=op.f(f"ck_{table}_kind_known")),
    )
    op.create_index(op.f(f"ix_{table}_organization_id"), table, ["organization_id"])
    op.create_index(
        "uq_saved_searches_owner_name", table, ["organization_id", "owner", "name"], unique=True
    )


def upgrade() -> None:
    """Upgrade schema."""
    _preferences()
    _views()
    _searches()
    # Row-level security as migration 0012 sets it for every tenant table.
    for table in NEW_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY tenant_isolation ON {table} TO {ROLE} "
            f"USING (organization_id = {CURRENT}) WITH CHECK (organization_id = {CURRENT})"
        )


def downgrade() -> None:
    """Downgrade schema."""
    for table in reversed(NEW_TABLES):
        op.drop_table(table)
