"""office server: the search indexes take each write at once (no GIN pending list)

With GIN's fast update (PostgreSQL's default), new index entries wait in a pending list that
every search reads in full until vacuum merges it. Each note refreshes its case's search row,
so under a team's writes the list never stays short: a caseworker's three-letter search at
200,000 cases spent 22 ms in the index with the list (26 pages) and 6 ms without it
(tests/perf/bench_server.py, 20 clients). Writes now pay for their index entries at once.

Revision ID: 0007_lead_search_gin_fastupdate
Revises: 0006_stats_figures
Create Date: 2026-11-30
"""

from alembic import op

revision = "0007_lead_search_gin_fastupdate"
down_revision = "0006_stats_figures"
branch_labels = None
depends_on = None

SEARCH_INDEXES = ("case_search_doc", "case_search_restricted_doc", "case_search_worker_doc")


def upgrade() -> None:
    # A vault's search tables are SQLite's FTS5: no pending list.
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in SEARCH_INDEXES:
        op.execute(f"ALTER INDEX {name} SET (fastupdate = off)")
        op.execute(f"SELECT gin_clean_pending_list('{name}'::regclass)")  # what waits already


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in SEARCH_INDEXES:
        op.execute(f"ALTER INDEX {name} RESET (fastupdate)")
