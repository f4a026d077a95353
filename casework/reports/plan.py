"""The reintegration plan as printed for the client, the team and partners to sign."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from casework.i18n import N_, Lang
from casework.model.enums import LifeDomain, PlanState, RiskDomain
from casework.model.labels import label
from casework.reports.data import GoalDoc, PlanDoc
from casework.reports.direction import DirTable, SharedTableStyle
from casework.reports.layout import (
    FONT,
    FRAME_WIDTH,
    LABEL_FILL,
    RULE,
    Para,
    bold,
    check_language,
    lead,
    own_direction,
    paragraphs,
    styles,
    text,
)
from casework.reports.pages import PageSpec, printed_note, render
from casework.reports.plan_signatures import signatures
from casework.reports.tables import (
    KeepTogetherIfFits,
    data_table,
    field_grid,
    header_cells,
    table_style,
)

KIND = N_("Reintegration plan")
METADATA_TITLE = N_("Reintegration plan, version {version}")
SUBTITLE = N_("Version {version} · {state}")
WATERMARK = N_("DRAFT")
# An old approved version must not read as a draft, nor as the plan in force.
SUPERSEDED_WATERMARK = N_("SUPERSEDED")

F_ORGANISATION = N_("Organisation")
F_REFERENCE = N_("Case reference")
F_ALIAS = N_("Alias")
F_LEGAL_NAME = N_("Legal name")
F_CASEWORKER = N_("Caseworker")
F_SUPERVISOR = N_("Supervisor")
F_VERSION = N_("Plan version")
F_STATUS = N_("Status")
F_CREATED = N_("Created on")
F_APPROVED = N_("Approved on")
NOT_APPROVED = N_("Not yet approved")

H_ASPIRATIONS = N_("In the client's own words")
ASPIRATIONS_INTRO = N_("What the client hopes to achieve, as they expressed it.")
NO_ASPIRATIONS = N_("Not recorded.")
H_GOALS = N_("Goals and actions by life domain")
NO_GOALS = N_("No goals recorded in this plan.")
GOAL_HEADING = N_("Goal {number}: {goal}")
# The domain repeats here so a goal continued on a later page still says where it belongs.
GOAL_META = N_("{domain} · {term} · Status: {status}")
L_NEED = N_("Need")
L_DROPPED = N_("Reason dropped")
C_ACTION = N_("Action")
C_RESPONSIBLE = N_("Responsible")
C_DUE = N_("Target date")
C_STATUS = N_("Status")
NO_ACTIONS = N_("No actions recorded for this goal.")
NO_DATE = N_("No date")

H_PROTECTIVE = N_("Protective factors")
PROTECTIVE_INTRO = N_("Strengths the plan builds on.")
NONE_RECORDED = N_("None recorded.")
H_REVIEWS = N_("Agreed review dates")
REVIEW_N = N_("Review {number}")
NO_REVIEWS = N_("No review dates agreed yet.")
H_CONSENT = N_("Consent to share information")
CONSENT_INTRO = N_(
    "Organisations that may receive information about the client, for which purpose and "
    "which kinds of information, as consented by the client."
)
C_RECIPIENT = N_("Recipient organisation")
C_PURPOSE = N_("Purpose")
C_SCOPE = N_("Information covered")
C_VALID_UNTIL = N_("Valid until")
NO_EXPIRY = N_("No expiry date")
NO_CONSENT = N_("No consent to share information recorded.")


def _watermark(state: PlanState, t: Callable[[str], str]) -> str | None:
    if state is PlanState.APPROVED:
        return None
    return t(SUPERSEDED_WATERMARK if state is PlanState.SUPERSEDED else WATERMARK)


def build_plan_pdf(doc: PlanDoc, lang: str, *, workshop: bool = False) -> bytes:
    """Print a plan version in `lang`. An approved version has no watermark, a superseded one
    says SUPERSEDED, every other state DRAFT."""
    lg = check_language(lang)
    t = lg.gettext
    st = styles()
    story: list[Flowable] = []

    state = label(doc.state, lang)
    story.append(Para(escape(t(KIND)), st.title))
    story.append(
        Para(escape(t(SUBTITLE).format(version=lg.number(doc.version), state=state)), st.subtitle)
    )
    story.append(_identification(doc, lg))

    story.append(Para(escape(t(H_ASPIRATIONS)), st.h2))
    story.append(Para(escape(t(ASPIRATIONS_INTRO)), st.muted))
    if doc.aspirations.strip():
        story.extend(paragraphs(doc.aspirations, st.quote))
    else:
        story.append(Para(escape(t(NO_ASPIRATIONS)), st.muted))

    story.append(Para(escape(t(H_GOALS)), st.h2))
    story.extend(_goals(doc, lg))

    story.extend(_protective_factors(doc, lg))
    story.extend(_reviews(doc, lg))
    story.extend(_consents(doc, lg))
    story.extend(signatures(doc, lg))

    spec = PageSpec(
        lang=lg,
        kind=t(KIND),
        organisation=doc.organisation,
        reference=doc.reference,
        footer_note=printed_note(lg, doc.printed_by, doc.printed_at),
        watermark=_watermark(doc.state, t),
        workshop=workshop,
        metadata_title=t(METADATA_TITLE).format(version=doc.version),
    )
    return render(story, spec)


def _identification(doc: PlanDoc, lg: Lang) -> Table:
    t = lg.gettext
    pairs = [
        (t(F_ORGANISATION), doc.organisation),
        (t(F_REFERENCE), doc.reference),
        (t(F_ALIAS), doc.alias),
    ]
    if doc.legal_name:
        pairs.append((t(F_LEGAL_NAME), doc.legal_name))
    pairs += [
        (t(F_CASEWORKER), doc.caseworker),
        (t(F_SUPERVISOR), doc.supervisor),
        (t(F_VERSION), lg.number(doc.version)),
        (t(F_STATUS), label(doc.state, lg.code)),
        (t(F_CREATED), lg.date(doc.created_on)),
        (t(F_APPROVED), lg.date(doc.approved_on) if doc.approved_on else t(NOT_APPROVED)),
    ]
    return field_grid(pairs)


def _goals(doc: PlanDoc, lg: Lang) -> list[Flowable]:
    """Goals grouped by life domain in the enum's order; numbering follows the printed order."""
    st = styles()
    t = lg.gettext
    if not doc.goals:
        return [Para(escape(t(NO_GOALS)), st.muted)]
    out: list[Flowable] = []
    number = 0
    # Every goal's actions table has the same columns: one header row for the document.
    header = header_cells([t(C_ACTION), t(C_RESPONSIBLE), t(C_DUE), t(C_STATUS)])
    for domain in LifeDomain:
        goals = [g for g in doc.goals if g.domain is domain]
        if not goals:
            continue
        heading = _domain_heading(label(domain, lg.code))
        for i, goal in enumerate(goals):
            number += 1
            block = _goal_block(goal, number, lg, header)
            if i == 0:
                block = [heading, *block]
            # A goal moves whole to the next page when it fits there; one taller than a page
            # flows from where it is instead (KeepTogetherIfFits).
            out.append(KeepTogetherIfFits(block))
    return out


_BAND_STYLE = SharedTableStyle(
    [
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # as `table_style`
        ("BACKGROUND", (0, 0), (-1, -1), LABEL_FILL),
        ("LINEBEFORE", (0, 0), (0, -1), 3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 7),
    ]
)


def _domain_heading(name: str) -> Table:
    """A shaded band naming the life domain, so the eye finds domains when leafing through."""
    st = styles()
    band = DirTable(
        [[Para(escape(name), st.h3)]],
        colWidths=[FRAME_WIDTH],
        hAlign="LEFT",
        spaceBefore=8,
        spaceAfter=2,
        style=_BAND_STYLE,
    )
    band.keepWithNext = True  # never alone at the foot of a page
    return band


def _goal_block(goal: GoalDoc, number: int, lg: Lang, header: list[Flowable]) -> list[Flowable]:
    st = styles()
    t = lg.gettext
    heading = t(GOAL_HEADING).format(
        number=lg.number(number), goal=own_direction(lg, goal.goal.strip())
    )
    items: list[Flowable] = [
        Para(text(heading), st.h3),
        Para(
            escape(
                t(GOAL_META).format(
                    domain=label(goal.domain, lg.code),
                    term=label(goal.term, lg.code),
                    status=label(goal.status, lg.code),
                )
            ),
            st.muted,
        ),
    ]
    if goal.need.strip():
        items.append(Para(lead(lg, t(L_NEED), goal.need), st.body))
    if goal.dropped_reason.strip():
        items.append(Para(lead(lg, t(L_DROPPED), goal.dropped_reason), st.body))
    if goal.actions:
        rows = [
            (
                a.description,
                a.responsible or "—",
                lg.date(a.due_on) if a.due_on else t(NO_DATE),
                label(a.status, lg.code),
            )
            for a in goal.actions
        ]
        items.append(
            data_table(
                header,
                rows,
                [0.45, 0.24, 0.16, 0.15],
            )
        )
    else:
        items.append(Para(escape(t(NO_ACTIONS)), st.muted))
    items.append(Spacer(1, 4 * mm))
    return items


def _protective_factors(doc: PlanDoc, lg: Lang) -> list[Flowable]:
    st = styles()
    t = lg.gettext
    out: list[Flowable] = [
        Para(escape(t(H_PROTECTIVE)), st.h2),
        Para(escape(t(PROTECTIVE_INTRO)), st.muted),
    ]
    if not doc.protective_factors:
        out.append(Para(escape(t(NONE_RECORDED)), st.muted))
        return out
    order = {d: i for i, d in enumerate(RiskDomain)}
    for factor in sorted(doc.protective_factors, key=lambda f: order[f.domain]):
        out.append(
            Para(
                lead(lg, label(factor.domain, lg.code), factor.text),
                st.bullet,
                bulletText="•",
            )
        )
    return out


def _reviews(doc: PlanDoc, lg: Lang) -> list[Flowable]:
    st = styles()
    t = lg.gettext
    out: list[Flowable] = [Para(escape(t(H_REVIEWS)), st.h2)]
    if not doc.review_dates:
        out.append(Para(escape(t(NO_REVIEWS)), st.muted))
        return out
    cells = [
        Para(f"{bold(t(REVIEW_N).format(number=lg.number(i)))}<br/>{escape(lg.date(d))}", st.cell)
        for i, d in enumerate(sorted(doc.review_dates), start=1)
    ]
    per_row = 4
    rows: list[list[Any]] = [cells[i : i + per_row] for i in range(0, len(cells), per_row)]
    rows[-1] += [""] * (per_row - len(rows[-1]))
    table = DirTable(rows, colWidths=[FRAME_WIDTH / per_row] * per_row, hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    out.append(table)
    return out


def _consents(doc: PlanDoc, lg: Lang) -> list[Flowable]:
    st = styles()
    t = lg.gettext
    out: list[Flowable] = [
        Para(escape(t(H_CONSENT)), st.h2),
        Para(escape(t(CONSENT_INTRO)), st.muted),
    ]
    if not doc.consents:
        out.append(Para(escape(t(NO_CONSENT)), st.muted))
        return out
    rows = [
        (
            c.recipient,
            label(c.purpose, lg.code),
            ", ".join(label(s, lg.code) for s in c.scope) or "—",
            lg.date(c.valid_until) if c.valid_until else t(NO_EXPIRY),
        )
        for c in doc.consents
    ]
    out.append(
        data_table(
            [t(C_RECIPIENT), t(C_PURPOSE), t(C_SCOPE), t(C_VALID_UNTIL)],
            rows,
            [0.32, 0.2, 0.31, 0.17],
        )
    )
    return out
