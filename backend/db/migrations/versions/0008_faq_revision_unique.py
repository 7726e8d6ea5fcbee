"""one version number per FAQ entry; outbox rows go with their message; one head again

Two admins saving the same entry at the same moment both computed "latest + 1"; the unique
(entry_id, version) makes the second save fail (it is told the entry changed) instead of
recording two different version 3s. The model always declared outbox.message_id as a
foreign key to messages (ON DELETE CASCADE) but the first migration left it out.

Revision ID: 0008
Revises: 0003, 0004, 0007
Create Date: 2026-11-22 09:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = ("0003", "0004", "0007")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("faq_revisions", schema=None) as batch_op:
        batch_op.create_unique_constraint("uq_faq_revisions_entry_version", ["entry_id", "version"])
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_foreign_key(
            "fk_outbox_message_id_messages", "messages", ["message_id"], ["id"], ondelete="CASCADE"
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_constraint("fk_outbox_message_id_messages", type_="foreignkey")
    with op.batch_alter_table("faq_revisions", schema=None) as batch_op:
        batch_op.drop_constraint("uq_faq_revisions_entry_version", type_="unique")
