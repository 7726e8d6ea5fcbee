"""casework: the citizen-replied marker, handoff response targets, search terms, follow-ups

- ``matters.citizen_replied_at``: the citizen added to the matter in the chat since the last
  staff reply (the queue's "群众已回复").
- ``matters.respond_by``: a handoff's response target (working minutes, office hours).
- ``ix_matters_open_counts`` gains ``citizen_replied_at`` (the queue counts it).
- ``ix_matters_updated``: the console's event stream asks what changed since its last look
  (and the newest change) every few seconds; without it both read every matter.
- ``matter_terms``: keyed hashes of a matter's words, name and phone tail, so the console can
  search without decrypting (matters received before this migration are indexed by
  ``frontdesk staff reindex``).
- ``followups``: the 回访 after a matter closes, and how it went.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import backend.db.types

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = backend.db.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("matters", schema=None) as batch_op:
        batch_op.add_column(sa.Column("citizen_replied_at", WHEN, nullable=True))
        batch_op.add_column(sa.Column("respond_by", WHEN, nullable=True))
    # The queue's counts add "群众已回复": the partial index of open matters carries it too,
    # so PostgreSQL still answers them from the index alone.
    op.drop_index("ix_matters_open_counts", table_name="matters")
    _open_counts(["kind", "urgent", "next_due", "assignee_id", "citizen_replied_at"])
    op.create_index("ix_matters_updated", "matters", ["updated_at"])
    op.create_table(
        "matter_terms",
        sa.Column("term", sa.String(length=16), nullable=False),
        sa.Column("matter_id", BIG, nullable=False),
        sa.ForeignKeyConstraint(
            ["matter_id"],
            ["matters.id"],
            name=op.f("fk_matter_terms_matter_id_matters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("term", "matter_id", name=op.f("pk_matter_terms")),
    )
    with op.batch_alter_table("matter_terms", schema=None) as batch_op:
        batch_op.create_index("ix_matter_terms_matter", ["matter_id"], unique=False)
    op.create_table(
        "followups",
        sa.Column("id", BIG, autoincrement=True, nullable=False),
        sa.Column("matter_id", BIG, nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("method", sa.String(length=12), nullable=True),
        sa.Column("result", sa.String(length=16), nullable=True),
        sa.Column("note", backend.db.types.EncryptedText(), nullable=True),
        sa.Column("source", sa.String(length=8), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("recorded_at", WHEN, nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["matter_id"],
            ["matters.id"],
            name=op.f("fk_followups_matter_id_matters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followups")),
        sa.UniqueConstraint("matter_id", name=op.f("uq_followups_matter_id")),
    )
    with op.batch_alter_table("followups", schema=None) as batch_op:
        batch_op.create_index("ix_followups_due", ["status", "due_on"], unique=False)


def _open_counts(columns: list[str]) -> None:
    op.create_index(
        "ix_matters_open_counts",
        "matters",
        columns,
        postgresql_where=sa.text("open IS TRUE"),
        sqlite_where=sa.text("open IS 1"),
    )


def downgrade() -> None:
    op.drop_table("followups")
    op.drop_table("matter_terms")
    op.drop_index("ix_matters_updated", table_name="matters")
    op.drop_index("ix_matters_open_counts", table_name="matters")
    _open_counts(["kind", "urgent", "next_due", "assignee_id"])
    with op.batch_alter_table("matters", schema=None) as batch_op:
        batch_op.drop_column("respond_by")
        batch_op.drop_column("citizen_replied_at")
