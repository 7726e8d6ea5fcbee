"""teams: the team whose queue holds a matter, and the team a staff member works in

- ``matters.team`` with ``ix_matters_team`` (team, open): a caseworker's queue is their team's.
- ``staff_users.team``: the team a caseworker belongs to (None: not in a team).
- Matters already received are given the team their kind goes to by default (a lead to
  公益诉讼, an application to 民事, anything else to 控告申诉); the finer rules of
  ``backend/teams/teams.yaml`` apply to matters received from now on.

Revision ID: 0017
Revises: 0015
Create Date: 2026-12-05 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BY_KIND = {"lead": "public_interest", "application": "civil"}
DEFAULT = "reception"


def upgrade() -> None:
    with op.batch_alter_table("matters") as batch:
        batch.add_column(sa.Column("team", sa.String(length=24), nullable=True))
        batch.create_index("ix_matters_team", ["team", "open"])
    with op.batch_alter_table("staff_users") as batch:
        batch.add_column(sa.Column("team", sa.String(length=24), nullable=True))
    matters = sa.table("matters", sa.column("kind", sa.String), sa.column("team", sa.String))
    for kind, team in BY_KIND.items():
        op.execute(matters.update().where(matters.c.kind == kind).values(team=team))
    op.execute(matters.update().where(matters.c.team.is_(None)).values(team=DEFAULT))


def downgrade() -> None:
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_column("team")
    with op.batch_alter_table("matters") as batch:
        batch.drop_index("ix_matters_team")
        batch.drop_column("team")
