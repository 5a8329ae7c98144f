"""Alembic migrations for eebot's database (SQLite in batch mode, and PostgreSQL)."""
