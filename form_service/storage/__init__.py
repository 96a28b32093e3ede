"""Durable storage of submissions, drafts and outgoing mail (SQLAlchemy 2, Alembic)."""
