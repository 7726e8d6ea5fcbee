"""security, round two: throttle marks, stream tickets, upload sources, password history

- ``throttle_marks``: failed sign-ins and status look-ups counted per keyed hash of an
  address, an account or a tracking number (every worker counts the same).
- ``stream_tickets``: single-use tickets for the web chat's event stream (no token in URLs).
- ``conversations.source_key``, ``attachments.source_key`` and two indexes: per-address and
  global upload budgets in a rolling window, and the expiry of files never attached.
- ``staff_users.password_history``: a new password may not reuse a recent one.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import backend.db.types

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "throttle_marks",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("at", backend.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_throttle_marks")),
    )
    with op.batch_alter_table("throttle_marks", schema=None) as batch_op:
        batch_op.create_index("ix_throttle_marks_window", ["scope", "key", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_throttle_marks_at"), ["at"], unique=False)
    op.create_table(
        "stream_tickets",
        sa.Column("ticket_hash", sa.String(length=64), nullable=False),
        sa.Column("conversation_id", sa.String(length=32), nullable=False),
        sa.Column("expires_at", backend.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_stream_tickets_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("ticket_hash", name=op.f("pk_stream_tickets")),
    )
    with op.batch_alter_table("stream_tickets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stream_tickets_conversation_id"), ["conversation_id"], unique=False
        )
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_key", sa.String(length=32), nullable=True))
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_key", sa.String(length=32), nullable=True))
        batch_op.create_index(
            "ix_attachments_source_recent", ["source_key", "created_at"], unique=False
        )
        batch_op.create_index("ix_attachments_created_at", ["created_at"], unique=False)
    with op.batch_alter_table("staff_users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("password_history", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("staff_users", schema=None) as batch_op:
        batch_op.drop_column("password_history")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index("ix_attachments_created_at")
        batch_op.drop_index("ix_attachments_source_recent")
        batch_op.drop_column("source_key")
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_column("source_key")
    with op.batch_alter_table("stream_tickets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stream_tickets_conversation_id"))
    op.drop_table("stream_tickets")
    with op.batch_alter_table("throttle_marks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_throttle_marks_at"))
        batch_op.drop_index("ix_throttle_marks_window")
    op.drop_table("throttle_marks")
