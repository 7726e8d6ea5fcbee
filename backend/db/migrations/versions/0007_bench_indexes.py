"""bench indexes: the reminder claim reads its batch straight off an index

``claim_due_reminders`` orders by (fire_at, id); with only (status, fire_at) indexed,
PostgreSQL sorts every pending reminder already due (thousands after a busy morning or an
outage) to return the first 100. (status, fire_at, id) gives the exact order, so the claim
stops after 100 index entries however large the backlog.

Revision ID: 0007
Revises: 0001
Create Date: 2026-11-22 04:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.create_index("ix_reminders_claim", ["status", "fire_at", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.drop_index("ix_reminders_claim")
