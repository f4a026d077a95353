"""One case on paper for a case conference (réunion de concertation): where it stands."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.platypus import Flowable

from casework.i18n import N_, Lang
from casework.model.enums import GoalStatus
from casework.model.labels import label
from casework.reports.data import CaseSummaryDoc
from casework.reports.layout import (
    CONFIDENTIAL_RED,
    Para,
    check_language,
    para,
    styles,
)
from casework.reports.pages import PageSpec, printed_note, render
from casework.reports.tables import data_table, field_grid

KIND = N_("Case summary")
SUBTITLE = N_("For the case conference of {date}")
SUBTITLE_NO_DATE = N_("For a case conference")

F_REFERENCE = N_("Case reference")
F_ALIAS = N_("Alias")
F_LEGAL_NAME = N_("Legal name")
F_STATUS = N_("Case status")
F_CATEGORY = N_("Category")
F_CUSTODY = N_("Custody status")
F_CASEWORKER = N_("Caseworker")
F_STAGE = N_("Pathway stage")

H_REFERRALS = N_("Open referrals")
C_SERVICE = N_("Service")
C_ORGANISATION = N_("Organisation")
C_STATE = N_("State")
C_SENT = N_("Sent on")
C_DUE = N_("Due date")
OVERDUE = N_("Overdue")
NO_REFERRALS = N_("No open referrals.")

H_PLAN = N_("Reintegration plan")
PLAN_LINE = N_("Version {version} · {state}")
NO_PLAN = N_("No reintegration plan yet.")
C_GOALS = N_("Goals")
TOTAL = N_("Total")

H_NOTES = N_("Recent notes")
C_DATE = N_("Date")
C_KIND = N_("Kind")
C_SUMMARY = N_("Summary")
NO_NOTES = N_("No recent notes.")

H_TASKS = N_("Tasks due")
C_TASK = N_("Task")
C_ASSIGNEE = N_("Assigned to")
NO_TASKS = N_("No tasks due.")


def build_case_summary_pdf(doc: CaseSummaryDoc, lang: str, *, workshop: bool = False) -> bytes:
    """Print a case summary in `lang` for a case conference."""
    lg = check_language(lang)
    t = lg.gettext
    st = styles()
    subtitle = (
        t(SUBTITLE).format(date=lg.date(doc.meeting_on, "long"))
        if doc.meeting_on
        else t(SUBTITLE_NO_DATE)
    )
    pairs = [(t(F_REFERENCE), doc.reference), (t(F_ALIAS), doc.alias)]
    if doc.legal_name:
        pairs.append((t(F_LEGAL_NAME), doc.legal_name))
    pairs += [
        (t(F_STATUS), label(doc.status, lang)),
        (t(F_CATEGORY), label(doc.category, lang)),
        (t(F_CUSTODY), label(doc.custody_status, lang)),
        (t(F_CASEWORKER), doc.caseworker),
        (t(F_STAGE), doc.pathway_stage),
    ]
    story: list[Flowable] = [
        Para(escape(t(KIND)), st.title),
        Para(escape(subtitle), st.subtitle),
        field_grid(pairs),
    ]
    story += _referrals(doc, lg)
    story += _plan(doc, lg)
    story += _notes(doc, lg)
    story += _tasks(doc, lg)

    spec = PageSpec(
        lang=lg,
        kind=t(KIND),
        organisation=doc.organisation,
        reference=doc.reference,
        footer_note=printed_note(lg, doc.printed_by, doc.printed_at),
        workshop=workshop,
    )
    return render(story, spec)


def _overdue(value: str, overdue: bool, lg: Lang) -> Flowable | str:
    """A date cell, flagged in red with the word (not only the colour) when overdue."""
    if not overdue:
        return value
    st = styles()
    flag = escape(lg.gettext(OVERDUE))
    return Para(
        f'{escape(value)}<br/><font color="{CONFIDENTIAL_RED.hexval()}"><b>{flag}</b></font>',
        st.cell,
    )


def _referrals(doc: CaseSummaryDoc, lg: Lang) -> list[Flowable]:
    st = styles()
    t = lg.gettext
    out: list[Flowable] = [Para(escape(t(H_REFERRALS)), st.h2)]
    if not doc.open_referrals:
        return out + [Para(escape(t(NO_REFERRALS)), st.muted)]
    rows = [
        (
            label(r.service, lg.code),
            r.organisation,
            label(r.state, lg.code),
            lg.date(r.sent_on) if r.sent_on else "—",
            _overdue(lg.date(r.due_on) if r.due_on else "—", r.overdue, lg),
        )
        for r in doc.open_referrals
    ]
    out.append(
        data_table(
            [t(C_SERVICE), t(C_ORGANISATION), t(C_STATE), t(C_SENT), t(C_DUE)],
            rows,
            [0.24, 0.3, 0.14, 0.16, 0.16],
        )
    )
    return out


def _plan(doc: CaseSummaryDoc, lg: Lang) -> list[Flowable]:
    st = styles()
    t = lg.gettext
    out: list[Flowable] = [Para(escape(t(H_PLAN)), st.h2)]
    if doc.plan_state is None:
        return out + [Para(escape(t(NO_PLAN)), st.muted)]
    version = lg.number(doc.plan_version) if doc.plan_version is not None else "—"
    out.append(
        para(t(PLAN_LINE).format(version=version, state=label(doc.plan_state, lg.code)), st.body)
    )
    # One row of counts, statuses across: a glance, not a list to read down.
    counts = dict(doc.goal_counts)
    header = [label(status, lg.code) for status in GoalStatus] + [t(TOTAL)]
    values = [lg.number(counts.get(status, 0)) for status in GoalStatus]
    values.append(lg.number(sum(counts.values())))
    out.append(Para(escape(t(C_GOALS)), st.label))
    out.append(data_table(header, [values], [1 / len(header)] * len(header)))
    return out


def _notes(doc: CaseSummaryDoc, lg: Lang) -> list[Flowable]:
    st = styles()
    t = lg.gettext
    out: list[Flowable] = [Para(escape(t(H_NOTES)), st.h2)]
    if not doc.recent_notes:
        return out + [Para(escape(t(NO_NOTES)), st.muted)]
    rows = [(lg.date(n.on), label(n.kind, lg.code), n.summary) for n in doc.recent_notes]
    out.append(data_table([t(C_DATE), t(C_KIND), t(C_SUMMARY)], rows, [0.16, 0.18, 0.66]))
    return out


def _tasks(doc: CaseSummaryDoc, lg: Lang) -> list[Flowable]:
    st = styles()
    t = lg.gettext
    out: list[Flowable] = [Para(escape(t(H_TASKS)), st.h2)]
    if not doc.tasks_due:
        return out + [Para(escape(t(NO_TASKS)), st.muted)]
    rows = [
        (_overdue(lg.date(k.due_on), k.overdue, lg), k.title, k.assignee) for k in doc.tasks_due
    ]
    out.append(data_table([t(C_DUE), t(C_TASK), t(C_ASSIGNEE)], rows, [0.18, 0.56, 0.26]))
    return out
