"""Indexes for the directory's searches (issue 14 part 1): pg_trgm, a trigram GIN index over
the patients' searched columns and one over the providers', and the patients' dates of birth.

`patients(search:)` matches each word as a prefix of the lowered names, chart number and
email or inside the phone (LIKE 'word%' and '%word%'), or, for a YYYY-MM-DD word, the date
of birth. A trigram index serves LIKE with the pattern bound as a parameter, prefix and
substring alike (a btree's text_pattern_ops serves a prefix only when the pattern is a
constant in the plan); one multicolumn GIN index serves each alternative, and the planner
ORs their bitmaps. The providers' search (names and abbreviation by prefix) the same way.

Without fastupdate: rows go straight into the index rather than into a pending list that
every search would scan until a vacuum merges it (5,000 seeded patients left ~270 pending
pages, and the planner rightly preferred scanning the table). Writes to these tables are
one row at a time (registering, updating a patient), so the slower insert costs little.

Revision ID: 0027
Revises: 0026
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0027"
down_revision: str | Sequence[str] | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(
        "CREATE INDEX ix_patients_search ON patients USING gin ("
        "lower(last_name) gin_trgm_ops, lower(first_name) gin_trgm_ops, "
        "lower(chart_number) gin_trgm_ops, lower(email) gin_trgm_ops, phone gin_trgm_ops) "
        "WITH (fastupdate = off)"
    )
    op.execute(
        "CREATE INDEX ix_patients_date_of_birth ON patients (organization_id, date_of_birth)"
    )
    op.execute(
        "CREATE INDEX ix_providers_search ON providers USING gin ("
        "lower(last_name) gin_trgm_ops, lower(first_name) gin_trgm_ops, "
        "lower(abbreviation) gin_trgm_ops) WITH (fastupdate = off)"
    )


def downgrade() -> None:
    op.drop_index("ix_providers_search", table_name="providers")
    op.drop_index("ix_patients_date_of_birth", table_name="patients")
    op.drop_index("ix_patients_search", table_name="patients")
    op.execute("DROP EXTENSION IF EXISTS pg_trgm")
