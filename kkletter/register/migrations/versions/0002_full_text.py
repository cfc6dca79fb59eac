"""Full-text search: an FTS5 table on SQLite, a stored tsvector with a GIN index on PostgreSQL.

`letters.search_text` holds case-folded words separated by single spaces, so both
engines' tokenizers see the same words.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE letters_fts USING fts5("
            "search_text, content='', tokenize='unicode61 remove_diacritics 0')"
        )
        op.execute(
            "INSERT INTO letters_fts(rowid, search_text) SELECT id, search_text FROM letters"
        )
    else:
        # A stored vector: the planner may walk the date index and test rows one by one,
        # which must not mean parsing each letter's text again.
        op.add_column(
            "letters",
            sa.Column(
                "search_vector",
                postgresql.TSVECTOR,
                sa.Computed("to_tsvector('simple', search_text)", persisted=True),
            ),
        )
        op.create_index("ix_letters_search", "letters", ["search_vector"], postgresql_using="gin")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE letters_fts")
    else:
        op.drop_index("ix_letters_search", "letters")
        op.drop_column("letters", "search_vector")
