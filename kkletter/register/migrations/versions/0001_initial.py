"""The first register: letters, their output files, approval events, the address book.

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "letters",
        sa.Column("id", sa.Integer, sa.Identity(), primary_key=True),
        sa.Column("uid", sa.String(36), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("template", sa.String(200), nullable=False),
        sa.Column("profile", sa.String(200), nullable=False),
        sa.Column("signer", sa.String(300), nullable=False, server_default=""),
        sa.Column("recipient", sa.String(500), nullable=False, server_default=""),
        sa.Column("recipient_key", sa.String(500), nullable=False, server_default=""),
        sa.Column("recipient_address", sa.Text, nullable=False, server_default=""),
        sa.Column("subject", sa.String(1000), nullable=False, server_default=""),
        sa.Column("case_number", sa.String(100), nullable=False, server_default=""),
        sa.Column("document_number", sa.String(100), nullable=False, server_default=""),
        sa.Column("letter_date", sa.Date, nullable=True),
        sa.Column("sort_date", sa.Date, nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("approver", sa.String(300), nullable=False, server_default=""),
        sa.Column("approved_by", sa.String(300), nullable=False, server_default=""),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("comment", sa.Text, nullable=False, server_default=""),
        sa.Column("draft", sa.Text, nullable=False),
        sa.Column("search_text", sa.Text, nullable=False),
    )
    op.create_index("ix_letters_sort", "letters", ["sort_date", "id"])
    op.create_index("ix_letters_case", "letters", ["case_number"])
    op.create_index("ix_letters_document", "letters", ["document_number"])
    op.create_index("ix_letters_recipient", "letters", ["recipient_key"])
    op.create_index("ix_letters_status", "letters", ["status", "approver"])
    op.create_table(
        "outputs",
        sa.Column("id", sa.Integer, sa.Identity(), primary_key=True),
        sa.Column(
            "letter_id",
            sa.Integer,
            sa.ForeignKey("letters.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
    )
    op.create_index("ix_outputs_letter", "outputs", ["letter_id"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, sa.Identity(), primary_key=True),
        sa.Column(
            "letter_id",
            sa.Integer,
            sa.ForeignKey("letters.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(300), nullable=False),
        sa.Column("action", sa.String(30), nullable=False),
        sa.Column("from_status", sa.String(30), nullable=False, server_default=""),
        sa.Column("to_status", sa.String(30), nullable=False),
        sa.Column("comment", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_events_letter", "events", ["letter_id"])
    op.create_table(
        "addresses",
        sa.Column("id", sa.Integer, sa.Identity(), primary_key=True),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("name_key", sa.String(500), nullable=False),
        sa.Column("address", sa.Text, nullable=False, server_default=""),
        sa.Column("salutation", sa.String(500), nullable=False, server_default=""),
        sa.Column("prefix", sa.String(100), nullable=False, server_default=""),
        sa.Column("source", sa.String(30), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("name_key", "address", name="uq_addresses_name_address"),
    )


def downgrade() -> None:
    op.drop_table("addresses")
    op.drop_table("events")
    op.drop_table("outputs")
    op.drop_table("letters")
