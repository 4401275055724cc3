"""The change log records a waitlist entry's location scope before and after (home only, the
selected additional locations, or any), so a location's waitlistChanges can follow the entries
of other homes that accept it (`includeOtherLocations`, as the waitlist list offers).

A second row trigger on waitlist_entries, named to fire after `log_change` (triggers of one
event fire in name order), fills the four columns of the change the first one recorded; as
for the other columns, the state before is the transaction's first write's.

Revision ID: 0023
Revises: 0018
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0023"
down_revision: str | Sequence[str] | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS: tuple[sa.Column[object], ...] = (
    sa.Column("location_scope", sa.String(length=16), nullable=True),
    sa.Column("previous_location_scope", sa.String(length=16), nullable=True),
    sa.Column("additional_location_ids", postgresql.ARRAY(sa.UUID()), nullable=True),
    sa.Column("previous_additional_location_ids", postgresql.ARRAY(sa.UUID()), nullable=True),
)

LOG_SCOPE = """
CREATE FUNCTION slotgraph_log_waitlist_scope() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    org uuid;
    item uuid;
    new_scope text;
    new_ids uuid[];
    old_scope text;
    old_ids uuid[];
BEGIN
    IF TG_OP <> 'DELETE' THEN
        org := NEW.organization_id; item := NEW.id;
        new_scope := NEW.location_scope; new_ids := NEW.additional_location_ids;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        org := OLD.organization_id; item := OLD.id;
        old_scope := OLD.location_scope; old_ids := OLD.additional_location_ids;
    END IF;
    -- The change log_change recorded for this row in this transaction (none: nothing changed).
    UPDATE change_log AS c SET
        location_scope = new_scope,
        additional_location_ids = new_ids,
        previous_location_scope = coalesce(c.previous_location_scope, old_scope),
        previous_additional_location_ids = coalesce(c.previous_additional_location_ids, old_ids)
    WHERE c.organization_id = org AND c.txid = pg_current_xact_id()::text::bigint
      AND c.entity_id = item;
    RETURN NULL;
END $$
"""


def upgrade() -> None:
    """Upgrade schema."""
    for column in COLUMNS:
        op.add_column("change_log", column)
    op.execute(LOG_SCOPE)
    op.execute(
        "CREATE TRIGGER log_change_scope AFTER INSERT OR UPDATE OR DELETE ON waitlist_entries "
        "FOR EACH ROW EXECUTE FUNCTION slotgraph_log_waitlist_scope()"
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.execute("DROP TRIGGER log_change_scope ON waitlist_entries")
    op.execute("DROP FUNCTION slotgraph_log_waitlist_scope()")
    for column in reversed(COLUMNS):
        op.drop_column("change_log", column.name)
