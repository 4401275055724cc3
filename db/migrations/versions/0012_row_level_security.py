"""Row-level security: a request sees and changes only its own organization's rows.

Composite foreign keys already keep rows from pointing into another organization; these
policies also keep a request's reads and writes inside its organization, whatever a query
forgets. Requests run as the role `slotgraph_request` (no BYPASSRLS, not the tables' owner)
with `slotgraph.organization_id` set for their transaction (db/request_database.py). The
owner that migrates, seeds and tests is not subject to the policies (RLS is not FORCEd).

Revision ID: 0012
Revises: 0004, 0005, 0006, 0007, 0011 (it merges every branch: it must see every table)
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = ("0004", "0005", "0006", "0007", "0011")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLE = "slotgraph_request"
# Unset or reset ('' after a transaction-local setting ends) matches nothing: fail closed.
CURRENT = "nullif(current_setting('slotgraph.organization_id', true), '')::uuid"
CURRENT_QUOTED = CURRENT.replace("'", "''")  # inside the string literal EXECUTE runs
TENANT_TABLES = """
    SELECT c.table_name FROM information_schema.columns c
    JOIN information_schema.tables t USING (table_schema, table_name)
    WHERE c.table_schema = 'public' AND c.column_name = 'organization_id'
      AND t.table_type = 'BASE TABLE'
    ORDER BY 1
"""


def upgrade() -> None:
    """Upgrade schema."""
    # Roles belong to the cluster (the demo and test databases share one): create it once.
    op.execute(f"""
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}') THEN
            CREATE ROLE {ROLE} NOLOGIN;
          END IF;
          IF NOT pg_has_role(current_user, '{ROLE}', 'MEMBER') THEN
            EXECUTE format('GRANT {ROLE} TO %I', current_user);
          END IF;
        END $$
    """)
    op.execute(f"GRANT USAGE ON SCHEMA public TO {ROLE}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {ROLE}")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {ROLE}")
    # Tables later migrations create get the same grants (their policies: see the test that
    # every tenant table has one).
    op.execute(
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {ROLE}"
    )
    op.execute(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {ROLE}"
    )
    op.execute(f"REVOKE ALL ON alembic_version FROM {ROLE}")
    op.execute(f"""
        DO $$ DECLARE t text; BEGIN
          FOR t IN {TENANT_TABLES} LOOP
            EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
            EXECUTE format(
              'CREATE POLICY tenant_isolation ON %I TO {ROLE} '
              'USING (organization_id = {CURRENT_QUOTED}) '
              'WITH CHECK (organization_id = {CURRENT_QUOTED})', t);
          END LOOP;
        END $$
    """)
    op.execute("ALTER TABLE organizations ENABLE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY tenant_isolation ON organizations TO {ROLE} "
        f"USING (id = {CURRENT}) WITH CHECK (id = {CURRENT})"
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.execute(f"""
        DO $$ DECLARE t text; BEGIN
          FOR t IN {TENANT_TABLES} LOOP
            EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %I', t);
            EXECUTE format('ALTER TABLE %I DISABLE ROW LEVEL SECURITY', t);
          END LOOP;
        END $$
    """)
    op.execute("DROP POLICY IF EXISTS tenant_isolation ON organizations")
    op.execute("ALTER TABLE organizations DISABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM {ROLE}")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM {ROLE}")
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {ROLE}")
    op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {ROLE}")
    op.execute(f"REVOKE USAGE ON SCHEMA public FROM {ROLE}")
