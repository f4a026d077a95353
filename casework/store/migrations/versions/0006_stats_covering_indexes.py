"""statistics indexes that hold everything each statistics pass reads

The statistics overview (services/statistics_counts.py, and the office server's
casework_statistics) made full passes over the cases, referrals, plans and goals, decrypting
the wide tables page by page; each pass now scans a narrow index that holds its columns
(issue 13).

Revision ID: 0006_stats_covering_indexes
Revises: 0005_srvperf_search
Create Date: 2026-11-30
"""

from alembic import op

revision = "0006_stats_covering_indexes"
down_revision = "0005_srvperf_search"
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


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
