"""an index the console's at-a-glance counts can be answered from

The counts (open matters by kind: urgent, overdue, due soon, unassigned) read every open
matter's row; rows are wide (encrypted personal fields), so at a quarter of a million open
matters that was 0.4 s a request. A partial index over open matters holding just the counted
columns lets PostgreSQL answer with an index-only scan.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22 09:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_matters_open_counts",
        "matters",
        ["kind", "urgent", "next_due", "assignee_id"],
        postgresql_where=sa.text("open IS TRUE"),
        sqlite_where=sa.text("open IS 1"),
    )


def downgrade() -> None:
    op.drop_index("ix_matters_open_counts", table_name="matters")
