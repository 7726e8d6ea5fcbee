"""staff languages: what each staff member speaks (藏汉双语接访)

- ``staff_users.languages``: comma-separated codes (``zh``, ``bo``, ``en``), ``zh`` for the
  accounts there are; the console shows it and highlights queue items tagged ``needs_bo``
  (需藏汉双语) for those who speak Tibetan.

Revision ID: 0018
Revises: 0015
Create Date: 2026-12-05 00:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("staff_users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("languages", sa.String(length=64), nullable=False, server_default="zh")
        )


def downgrade() -> None:
    with op.batch_alter_table("staff_users", schema=None) as batch_op:
        batch_op.drop_column("languages")
