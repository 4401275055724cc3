"""Per-user settings, the rest of seed 002: a patient's preferred contact method, operatories,
notes and whether the preferences were learned from history; a schedule view's location and
display settings; saved searches of a second kind (free-time slot searches) with one default
per owner and kind, guarded by a partial unique index.

Revision ID: 0024
Revises: 0018
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0024"
down_revision: str | Sequence[str] | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PREFS = "patient_scheduling_preferences"
VIEWS = "schedule_views"
SEARCHES = "saved_searches"


def _flag(name: str) -> sa.Column:
    return sa.Column(name, sa.Boolean(), server_default="false", nullable=False)


def _preferences() -> None:
    op.add_column(PREFS, sa.Column("contact_method", sa.String(length=10), nullable=True))
    op.add_column(
        PREFS,
        sa.Column(
            "operatory_ids",
            postgresql.ARRAY(sa.UUID()),
            server_default=sa.text("'{}'::uuid[]"),
            nullable=False,
        ),
    )
    op.add_column(
        PREFS, sa.Column("notes", sa.String(length=2000), server_default="", nullable=False)
    )
    op.add_column(PREFS, _flag("learned_from_history"))
    op.create_check_constraint(
        op.f(f"ck_{PREFS}_contact_method_known"),
        PREFS,
        "contact_method IN ('PHONE', 'SMS', 'EMAIL', 'MAIL')",
    )
    op.create_check_constraint(
        op.f(f"ck_{PREFS}_operatories_bounded"), PREFS, "cardinality(operatory_ids) <= 50"
    )


def _views() -> None:
    op.add_column(VIEWS, sa.Column("location_id", sa.UUID(), nullable=True))
    op.create_foreign_key(
        op.f(f"fk_{VIEWS}_organization_id_location_id"),
        VIEWS,
        "locations",
        ["organization_id", "location_id"],
        ["organization_id", "id"],
        ondelete="CASCADE",
    )
    columns: list[sa.Column] = [
        sa.Column("shown_from", sa.SmallInteger(), server_default="420", nullable=False),
        sa.Column("shown_until", sa.SmallInteger(), server_default="1140", nullable=False),
        sa.Column("step_minutes", sa.SmallInteger(), server_default="10", nullable=False),
        sa.Column("layout", sa.String(length=10), server_default="DAY", nullable=False),
        sa.Column(
            "color_mode", sa.String(length=20), server_default="APPOINTMENT_TYPE", nullable=False
        ),
        _flag("compact"),
        _flag("privacy"),
    ]
    for column in columns:
        op.add_column(VIEWS, column)
    checks = {
        "hours_ordered": "shown_from >= 0 AND shown_from < shown_until AND shown_until <= 1440",
        "step_known": "step_minutes IN (5, 10, 15, 20, 30, 60)",
        "layout_known": "layout IN ('DAY', 'WEEK', 'WORK_WEEK')",
        "color_mode_known": (
            "color_mode IN ('APPOINTMENT_TYPE', 'PROVIDER', 'OPERATORY', 'STATUS')"
        ),
    }
    for name, condition in checks.items():
        op.create_check_constraint(op.f(f"ck_{VIEWS}_{name}"), VIEWS, condition)


def _searches() -> None:
    op.add_column(SEARCHES, _flag("is_default"))
    op.drop_constraint(op.f(f"ck_{SEARCHES}_kind_known"), SEARCHES, type_="check")
    op.create_check_constraint(
        op.f(f"ck_{SEARCHES}_kind_known"), SEARCHES, "kind IN ('APPOINTMENTS', 'FREE_TIME')"
    )
    # One default per owner and kind: the database's word, not only the resolver's.
    op.create_index(
        "uq_saved_searches_owner_kind_default",
        SEARCHES,
        ["organization_id", "owner", "kind"],
        unique=True,
        postgresql_where=sa.text("is_default"),
    )


def upgrade() -> None:
    """Upgrade schema."""
    _preferences()
    _views()
    _searches()


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("uq_saved_searches_owner_kind_default", table_name=SEARCHES)
    op.drop_constraint(op.f(f"ck_{SEARCHES}_kind_known"), SEARCHES, type_="check")
    op.execute(f"DELETE FROM {SEARCHES} WHERE kind <> 'APPOINTMENTS'")
    op.create_check_constraint(
        op.f(f"ck_{SEARCHES}_kind_known"), SEARCHES, "kind IN ('APPOINTMENTS')"
    )
    op.drop_column(SEARCHES, "is_default")
    for column in ("shown_from", "shown_until", "step_minutes", "layout", "color_mode"):
        op.drop_column(VIEWS, column)
    for column in ("compact", "privacy", "location_id"):
        op.drop_column(VIEWS, column)
    for column in ("contact_method", "operatory_ids", "notes", "learned_from_history"):
        op.drop_column(PREFS, column)
