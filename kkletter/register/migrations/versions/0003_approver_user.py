"""The approver's operating-system login name: only that user may approve or reject.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("letters") as batch:
        batch.add_column(
            sa.Column("approver_user", sa.String(300), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("letters") as batch:
        batch.drop_column("approver_user")
