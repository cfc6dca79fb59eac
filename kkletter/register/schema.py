"""The register's tables (SQLAlchemy Core); Alembic migrations create and change them."""

from __future__ import annotations

import sqlalchemy as sa

# Status values as stored (the Danish words a user sees: records.STATUS_LABELS).
from kkletter.register.records import STATUSES

metadata = sa.MetaData()
__all__ = ["STATUSES", "addresses", "events", "letters", "letters_fts", "metadata"]

letters = sa.Table(
    "letters",
    metadata,
    # The register number: assigned by the database, so concurrent writers never share one.
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
    # The letter's date, or the export's when it has none: what the register sorts by.
    sa.Column("sort_date", sa.Date, nullable=False),
    sa.Column("status", sa.String(30), nullable=False),
    sa.Column("approver", sa.String(300), nullable=False, server_default=""),
    # The approver's OS login name (migration 0003); "" when no signer maps to one.
    sa.Column("approver_user", sa.String(300), nullable=False, server_default=""),
    sa.Column("approved_by", sa.String(300), nullable=False, server_default=""),
    sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("comment", sa.Text, nullable=False, server_default=""),
    sa.Column("draft", sa.Text, nullable=False),  # the draft (TOML) as it was
    sa.Column("search_text", sa.Text, nullable=False),  # case-folded words for free text
    sa.Index("ix_letters_sort", "sort_date", "id"),
    sa.Index("ix_letters_case", "case_number"),
    sa.Index("ix_letters_document", "document_number"),
    sa.Index("ix_letters_recipient", "recipient_key"),
    sa.Index("ix_letters_status", "status", "approver"),
)

outputs = sa.Table(
    "outputs",
    metadata,
    sa.Column("id", sa.Integer, sa.Identity(), primary_key=True),
    sa.Column(
        "letter_id", sa.Integer, sa.ForeignKey("letters.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("kind", sa.String(10), nullable=False),  # "docx", "pdf"
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Index("ix_outputs_letter", "letter_id"),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer, sa.Identity(), primary_key=True),
    sa.Column(
        "letter_id", sa.Integer, sa.ForeignKey("letters.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.String(300), nullable=False),
    sa.Column("action", sa.String(30), nullable=False),
    sa.Column("from_status", sa.String(30), nullable=False, server_default=""),
    sa.Column("to_status", sa.String(30), nullable=False),
    sa.Column("comment", sa.Text, nullable=False, server_default=""),
    sa.Index("ix_events_letter", "letter_id"),
)

addresses = sa.Table(
    "addresses",
    metadata,
    sa.Column("id", sa.Integer, sa.Identity(), primary_key=True),
    sa.Column("name", sa.String(500), nullable=False),
    sa.Column("name_key", sa.String(500), nullable=False),
    sa.Column("address", sa.Text, nullable=False, server_default=""),  # lines joined by \n
    sa.Column("salutation", sa.String(500), nullable=False, server_default=""),
    sa.Column("prefix", sa.String(100), nullable=False, server_default=""),
    sa.Column("source", sa.String(30), nullable=False),  # "import", "brev", "manuel"
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("name_key", "address", name="uq_addresses_name_address"),
)

# SQLite only (migration 0002): the FTS5 index of `letters.search_text`, keyed by rowid =
# letters.id. Not part of `metadata`: it is a virtual table Alembic must not manage.
letters_fts = sa.table("letters_fts", sa.column("rowid", sa.Integer), sa.column("search_text"))
# PostgreSQL only (migration 0002): the stored tsvector of `letters.search_text`.
search_vector: sa.ColumnClause[object] = sa.literal_column("letters.search_vector")
