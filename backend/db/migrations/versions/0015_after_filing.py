"""after filing: appointments, places per slot, Web Push subscriptions, SMS consents

- ``appointments`` and ``appointment_slots``: bookings (each with its queue item) and the
  places taken per slot, counted with a guarded UPDATE so the last place goes to one citizen.
- ``push_subscriptions`` and ``sms_consents``: how to reach a web citizen who left the page.
- ``conversations.stream_until``: the web page's event stream is open until then ("connected").
- ``outbox.matter_id`` and a unique (message, channel): a notice's delivery status on the
  case page, and at most one notice per message on each channel.

Revision ID: 0015
Revises: 0012
Create Date: 2026-12-06 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import backend.db.types

revision: str = "0015"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = backend.db.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "appointments",
        sa.Column("id", BIG, autoincrement=True, nullable=False),
        sa.Column("matter_id", BIG, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("starts_at", WHEN, nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("holds_place", sa.Boolean(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["matter_id"],
            ["matters.id"],
            name=op.f("fk_appointments_matter_id_matters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointments")),
        sa.UniqueConstraint("matter_id", name=op.f("uq_appointments_matter_id")),
    )
    op.create_index("ix_appointments_calendar", "appointments", ["starts_at", "kind"])
    op.create_table(
        "appointment_slots",
        sa.Column("id", BIG, autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("starts_at", WHEN, nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("booked", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment_slots")),
        sa.UniqueConstraint("kind", "starts_at", name="uq_appointment_slots"),
    )
    op.create_table(
        "push_subscriptions",
        sa.Column("id", BIG, autoincrement=True, nullable=False),
        sa.Column("conversation_id", sa.String(length=32), nullable=False),
        sa.Column("endpoint_hash", sa.String(length=64), nullable=False),
        sa.Column("subscription", backend.db.types.EncryptedJSON(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_push_subscriptions_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_push_subscriptions")),
        sa.UniqueConstraint("endpoint_hash", name=op.f("uq_push_subscriptions_endpoint_hash")),
    )
    op.create_index(
        op.f("ix_push_subscriptions_conversation_id"), "push_subscriptions", ["conversation_id"]
    )
    op.create_table(
        "sms_consents",
        sa.Column("conversation_id", sa.String(length=32), nullable=False),
        sa.Column("phone", backend.db.types.EncryptedText(), nullable=False),
        sa.Column("consented_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_sms_consents_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("conversation_id", name=op.f("pk_sms_consents")),
    )
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stream_until", WHEN, nullable=True))
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("matter_id", BIG, nullable=True))
        batch_op.create_index("ix_outbox_matter", ["matter_id"], unique=False)
        batch_op.create_index("uq_outbox_message_channel", ["message_id", "channel"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("uq_outbox_message_channel")
        batch_op.drop_index("ix_outbox_matter")
        batch_op.drop_column("matter_id")
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_column("stream_until")
    op.drop_table("sms_consents")
    op.drop_index(op.f("ix_push_subscriptions_conversation_id"), table_name="push_subscriptions")
    op.drop_table("push_subscriptions")
    op.drop_table("appointment_slots")
    op.drop_index("ix_appointments_calendar", table_name="appointments")
    op.drop_table("appointments")
