"""Printed documents: plain dataclasses in, PDF bytes out (ReportLab; no Qt, no database, no files).

Services fill the dataclasses of `casework.reports.data` after their permission checks and
masking, then call one builder; the UI previews and prints the returned bytes from memory.
"""

from casework.reports.data import (
    ActionDoc,
    CaseSummaryDoc,
    ConsentLine,
    GoalDoc,
    NoteLine,
    PlanDoc,
    ProtectiveFactorDoc,
    RecoverySheetDoc,
    ReferralDoc,
    ReferralLine,
    TaskLine,
)
from casework.reports.plan import build_plan_pdf
from casework.reports.recovery import build_recovery_sheet_pdf
from casework.reports.referral import build_referral_pdf
from casework.reports.summary import build_case_summary_pdf

__all__ = [
    "ActionDoc",
    "CaseSummaryDoc",
    "ConsentLine",
    "GoalDoc",
    "NoteLine",
    "PlanDoc",
    "ProtectiveFactorDoc",
    "RecoverySheetDoc",
    "ReferralDoc",
    "ReferralLine",
    "TaskLine",
    "build_case_summary_pdf",
    "build_plan_pdf",
    "build_recovery_sheet_pdf",
    "build_referral_pdf",
]
