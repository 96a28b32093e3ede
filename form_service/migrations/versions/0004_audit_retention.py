"""The audit log's own retention: still append-only, but the dedicated purge command
(`form-service audit purge`) may delete entries older than a cut-off it states.

The delete trigger lets a row go only while `audit_purge_permit` holds a cut-off
later than the row's time. The purge writes that one row inside its own transaction
and removes it again before it commits, so no other transaction ever sees a permit
(SQLite: one writer at a time; PostgreSQL: the row is never committed). Updates stay
refused, and so does TRUNCATE on PostgreSQL.

Revision ID: 0004_audit_retention
Revises: 0003_key_ids
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_audit_retention"
down_revision = "0003_key_ids"
branch_labels = None
depends_on = None

PERMITTED = "EXISTS (SELECT 1 FROM audit_purge_permit WHERE OLD.at < purge_before)"
SQLITE_DELETE = """
CREATE TRIGGER audit_log_no_DELETE BEFORE DELETE ON audit_log {when}
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
"""
POSTGRESQL_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND {permitted} THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only';
END $$
"""
POSTGRESQL_NO_TRUNCATE = """
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()
"""


def upgrade() -> None:
    op.create_table(
        "audit_purge_permit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("purge_before", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name="one_permit"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRESQL_FUNCTION.format(permitted=PERMITTED))
        op.execute(POSTGRESQL_NO_TRUNCATE)
    else:
        op.execute("DROP TRIGGER audit_log_no_DELETE")
        op.execute(SQLITE_DELETE.format(when=f"WHEN NOT {PERMITTED}"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute(POSTGRESQL_FUNCTION.format(permitted="false"))
    else:
        op.execute("DROP TRIGGER audit_log_no_DELETE")
        op.execute(SQLITE_DELETE.format(when=""))
    op.drop_table("audit_purge_permit")
