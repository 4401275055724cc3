"""Persistence: SQLAlchemy models, engine, migrations, loaders and query functions."""
