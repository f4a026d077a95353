"""search: the default sort's slim index, walked by a search that checks each case's id

A search matching a few thousand cases (a two-letter prefix such as "zu" at 500,000 cases)
finds its page by walking the default sort (newest first) and keeping the cases among its
matches (services/case_list_search.py, `condition`). That walk needs only each case's
updated_at and id, but the only index on updated_at also holds the names a one-letter search
checks case by case (0008_search): entries four times as wide, so the walk read some 530 index
pages for "zu", decrypted on a cold cache (about 6 ms of the keystroke's CPU). This index holds
just the sort and the id (some 270 pages for the same walk); SQLite picks it for that walk and
for the default list, and keeps the names index for the walk that checks names. About 2 s of
CPU (5 s on a busy machine) on a 500,000-case vault.

Revision ID: 0010_search_updated_at_id
Revises: 0009_stats_rollups
Create Date: 2026-11-30
"""

from alembic import op

revision = "0010_search_updated_at_id"
down_revision = "0009_stats_rollups"
branch_labels = None
depends_on = None

INDEX = ("ix_cases_updated_at_id", "cases", ["updated_at", "id"])


def upgrade() -> None:
    op.create_index(*INDEX)


def downgrade() -> None:
    op.drop_index(INDEX[0], table_name=INDEX[1])
