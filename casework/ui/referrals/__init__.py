"""The Referrals screen: outgoing, overdue and by-state lists with each referral's history."""

from casework.ui.referrals.screen import ReferralsScreen

__all__ = ["ReferralsScreen"]
