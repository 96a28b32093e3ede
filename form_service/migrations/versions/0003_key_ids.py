"""Which key sealed each row: `key_id` beside every column sealed with the submission
key pair (answers, notes, TOTP secrets), for key rotation (`form-service keys`).

Rows already there keep NULL, meaning "sealed before key ids": a migration holds no
private key, so it cannot tell which key sealed a row, and guessing from the public
key configured today would be wrong after a key change that was never recorded. The
staff side's keyring tries each of its keys on such a row, and `form-service keys
rewrap` re-seals it with the current key and records that key's id.

Revision ID: 0003_key_ids
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_key_ids"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("key_id", sa.String(length=16), nullable=True))
        batch.create_index("ix_submissions_key_id", ["key_id"])
    with op.batch_alter_table("submission_notes") as batch:
        batch.add_column(sa.Column("key_id", sa.String(length=16), nullable=True))
        batch.create_index("ix_submission_notes_key_id", ["key_id"])
    with op.batch_alter_table("staff_users") as batch:
        batch.add_column(sa.Column("totp_key_id", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_column("totp_key_id")
    with op.batch_alter_table("submission_notes") as batch:
        batch.drop_index("ix_submission_notes_key_id")
        batch.drop_column("key_id")
    with op.batch_alter_table("submissions") as batch:
        batch.drop_index("ix_submissions_key_id")
        batch.drop_column("key_id")
