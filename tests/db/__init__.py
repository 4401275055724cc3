"""Query functions, migrations, invariants and concurrency directly against PostgreSQL, without HTTP."""
