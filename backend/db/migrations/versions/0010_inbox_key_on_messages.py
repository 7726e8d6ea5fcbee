"""the inbox key moves onto the inbound message; replays find their replies by index

A turn used to check a separate ``inbox`` table, then insert the inbound, then insert the key
(three statements). The key is now a column of the inbound message, unique per conversation,
so one ``INSERT … ON CONFLICT DO NOTHING RETURNING id`` records the message and detects a
repeat. A repeat is answered with the first delivery's replies, found through
``(conversation_id, reply_to)``, which had no index (a whole-table scan inside the write
transaction). Existing keys are copied onto their messages; keys of notices that recorded no
message (group commands) are dropped: at worst such a notice is sent once more.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import backend.db.types

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("messages", sa.Column("inbox_key", sa.String(length=128), nullable=True))
    op.execute(
        "UPDATE messages SET inbox_key = "
        "(SELECT inbox.key FROM inbox WHERE inbox.message_id = messages.id) "
        "WHERE id IN (SELECT message_id FROM inbox WHERE message_id IS NOT NULL)"
    )
    op.create_index(
        "uq_messages_inbox_key", "messages", ["conversation_id", "inbox_key"], unique=True
    )
    op.create_index("ix_messages_replies", "messages", ["conversation_id", "reply_to"])
    op.drop_table("inbox")


def downgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("source", sa.String(length=48), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column(
            "message_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("created_at", backend.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source", "key", name=op.f("pk_inbox")),
    )
    op.execute(
        "INSERT INTO inbox (source, key, message_id, created_at) "
        "SELECT conversations.channel || ':' || conversations.id, messages.inbox_key, "
        "messages.id, messages.created_at FROM messages "
        "JOIN conversations ON conversations.id = messages.conversation_id "
        "WHERE messages.inbox_key IS NOT NULL"
    )
    op.drop_index("ix_messages_replies", table_name="messages")
    op.drop_index("uq_messages_inbox_key", table_name="messages")
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_column("inbox_key")
