"""statistics: summary cells kept by triggers on a vault, and covering indexes

The statistics overview (services/statistics_counts.py, and the office server's
casework_statistics) made full passes over the cases, referrals, plans and goals, decrypting
the wide tables page by page (issue 13). On a vault, the case, referral, plan and goal figures
are now read from summary cells that triggers keep exact on every write (store/stat_cells.py,
stat_cells_upkeep.py), counted here once from the existing rows (set-based); the office
server's passes scan narrow indexes that hold their columns.

Revision ID: 0006_stats_figures
Revises: 0006_srvkeys_exchange_keys
Create Date: 2026-11-30
"""

import secrets

from alembic import op
from sqlalchemy import text

from casework.store import stat_cells, stat_cells_upkeep

revision = "0006_stats_figures"
down_revision = "0006_srvkeys_exchange_keys"
branch_labels = None
depends_on = None

INDEXES = (
    (
        "ix_cases_statistics",
        "cases",
        ["opened_on", "status", "category", "subregion", "country", "id"],
    ),
    ("ix_cases_id_area", "cases", ["id", "subregion", "country"]),
    (
        "ix_referrals_statistics",
        "referrals",
        [
            "created_at",
            "state",
            "service_type",
            "due_on",
            "expected_end_on",
            "follow_up_on",
            "sent_at",
            "accepted_at",
            "closed_at",
            "case_id",
            "id",
        ],
    ),
    ("ix_plans_statistics", "plans", ["case_id", "version", "created_at", "state", "id"]),
    ("ix_plan_goals_statistics", "plan_goals", ["plan_id", "domain", "status", "id"]),
)


# The cells this revision made (later ones add theirs): the modules' functions describe today's.
SOURCES = ("cases", "referrals", "plans")
CELLS = tuple(stat_cells_upkeep.cells_of(SOURCES))


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    if not _sqlite():
        return
    conn = op.get_bind()
    for statement in stat_cells.table_ddl(CELLS):
        op.execute(statement)
    secret = conn.execute(
        text("SELECT value FROM vault_meta WHERE key = :k"), {"k": stat_cells.SECRET_META}
    ).scalar()
    if secret is None:  # the record keys' secret, made now rather than on the first statistics
        secret = secrets.token_hex(32)
        conn.execute(
            text("INSERT INTO vault_meta (key, value) VALUES (:k, :v)"),
            {"k": stat_cells.SECRET_META, "v": secret},
        )
    stat_cells_upkeep.rebuild(
        lambda sql, params: conn.execute(text(sql), params), bytes.fromhex(secret), SOURCES
    )
    for statement in stat_cells_upkeep.trigger_ddl(SOURCES):
        op.execute(statement)


def downgrade() -> None:
    if _sqlite():
        for statement in stat_cells_upkeep.drop_ddl():
            op.execute(statement)
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
