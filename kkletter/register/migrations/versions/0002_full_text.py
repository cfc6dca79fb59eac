"""Full-text search: an FTS5 table on SQLite, a GIN index on PostgreSQL.

`letters.search_text` holds case-folded words separated by single spaces, so both
engines' tokenizers see the same words.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

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
        op.create_index(
            "ix_letters_search",
            "letters",
            [sa.text("to_tsvector('simple', search_text)")],
            postgresql_using="gin",
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE letters_fts")
    else:
        op.drop_index("ix_letters_search", "letters")
