"""Alembic migrations for the form service's database (run on start: `upgrade head`)."""
