"""Training material printed from Help › Training exercises: the facilitator's guide (every
exercise with its goal, time, steps, expected result, common mistakes and debrief questions) and
the participant handouts (one page per exercise: what to do, nothing of the answers).

The exercises arrive translated and filled in with the workshop vault's names; every page carries
the workshop banner. No personal data: the cases and organisations are fictional.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table

from casework.i18n import N_, Lang
from casework.reports.layout import (
    FRAME_WIDTH,
    LABEL_FILL,
    RULE,
    Para,
    check_language,
    styles,
)
from casework.reports.pages import PageSpec, embedded, printed_note, render
from casework.reports.tables import data_table, field_grid, table_style


class Exercise(Protocol):
    """What the documents print of one exercise (casework.workshop.exercises.ExerciseText)."""

    number: int
    title: str
    goal: str
    minutes: int
    steps: tuple[str, ...]
    expected: str
    mistakes: tuple[str, ...]
    debrief: tuple[str, ...]
    account: str
    alias: str
    reference: str


GUIDE = N_("Facilitator's guide")
HANDOUT = N_("Participant handout")
GUIDE_INTRO = N_(
    "Eight exercises on the fictional cases of the workshop vault. Hand out one page per "
    "exercise to the participants; keep the expected results, common mistakes and debrief "
    "questions for yourself. Reset the workshop (File menu, trainer account) before the next "
    "group, or reset one exercise so a group can replay it."
)
TOTAL_TIME = N_("Total time: {minutes} minutes, debriefs included.")
H_OVERVIEW = N_("The exercises at a glance")
COL_NUMBER = N_("No.")
COL_EXERCISE = N_("Exercise")
COL_TIME = N_("Time")
COL_ACCOUNT = N_("Account")
MINUTES = N_("{minutes} min")
F_ACCOUNT = N_("Log in as")
F_CASE = N_("Case")
F_TIME = N_("Time")
H_GOAL = N_("Learning goal")
H_STEPS = N_("Steps")
H_EXPECTED = N_("Expected result (what participants should see)")
H_MISTAKES = N_("Common mistakes")
H_DEBRIEF = N_("Debrief questions")
H_NOTES = N_("Your notes and questions for the debrief")
CASE_VALUE = N_("{reference} ({alias})")


def _facts(ex: Exercise, lg: Lang) -> list[tuple[str, str]]:
    t = lg.gettext
    facts = [(t(F_ACCOUNT), ex.account)]
    if ex.reference:
        case = t(CASE_VALUE).format(
            reference=embedded(ex.reference, lg), alias=embedded(ex.alias, lg)
        )
        facts.append((t(F_CASE), case))
    facts.append((t(F_TIME), t(MINUTES).format(minutes=ex.minutes)))
    return facts


def _steps(ex: Exercise) -> list[Flowable]:
    st = styles()
    return [
        Para(escape(step), st.bullet, bulletText=f"{index}.")
        for index, step in enumerate(ex.steps, 1)
    ]


def _bullets(items: Sequence[str]) -> list[Flowable]:
    st = styles()
    return [Para(escape(item), st.bullet, bulletText="•") for item in items]


def build_facilitator_guide_pdf(
    exercises: Sequence[Exercise], lang: str, *, organisation: str, printed_by: str = ""
) -> bytes:
    """The facilitator's guide in `lang` (the exercises already translated into it)."""
    lg = check_language(lang)
    t = lg.gettext
    st = styles()
    story: list[Flowable] = [
        Para(escape(t(GUIDE)), st.title),
        Spacer(1, 2 * mm),
        Para(escape(t(GUIDE_INTRO)), st.body),
        Para(escape(t(TOTAL_TIME).format(minutes=sum(e.minutes for e in exercises))), st.body),
        Para(escape(t(H_OVERVIEW)), st.h2),
        data_table(
            [t(COL_NUMBER), t(COL_EXERCISE), t(COL_TIME), t(COL_ACCOUNT)],
            [
                [str(e.number), e.title, t(MINUTES).format(minutes=e.minutes), e.account]
                for e in exercises
            ],
            [0.08, 0.56, 0.14, 0.22],
        ),
    ]
    for ex in exercises:
        story.append(PageBreak())
        story.append(Para(escape(f"{ex.number}. {ex.title}"), st.h2))
        story.append(field_grid(_facts(ex, lg), columns=1))
        story.append(Para(escape(t(H_GOAL)), st.h3))
        story.append(Para(escape(ex.goal), st.body))
        story.append(KeepTogether([Para(escape(t(H_STEPS)), st.h3), *_steps(ex)]))
        story.append(
            KeepTogether([Para(escape(t(H_EXPECTED)), st.h3), Para(escape(ex.expected), st.body)])
        )
        story.append(KeepTogether([Para(escape(t(H_MISTAKES)), st.h3), *_bullets(ex.mistakes)]))
        story.append(KeepTogether([Para(escape(t(H_DEBRIEF)), st.h3), *_bullets(ex.debrief)]))
    return render(story, _spec(lg, t(GUIDE), organisation, printed_by))


def build_handouts_pdf(
    exercises: Sequence[Exercise], lang: str, *, organisation: str, printed_by: str = ""
) -> bytes:
    """The participant handouts in `lang`: one page per exercise."""
    lg = check_language(lang)
    t = lg.gettext
    st = styles()
    story: list[Flowable] = []
    for ex in exercises:
        if story:
            story.append(PageBreak())
        story.append(Para(escape(f"{ex.number}. {ex.title}"), st.title))
        story.append(field_grid(_facts(ex, lg), columns=1))
        story.append(Para(escape(t(H_GOAL)), st.h3))
        story.append(Para(escape(ex.goal), st.body))
        story.append(Para(escape(t(H_STEPS)), st.h3))
        story.extend(_steps(ex))
        story.append(Para(escape(t(H_NOTES)), st.h3))
        story.append(_notes_box())
    return render(story, _spec(lg, t(HANDOUT), organisation, printed_by))


def _notes_box() -> Table:
    table = Table([[""]], colWidths=[FRAME_WIDTH], rowHeights=[45 * mm])
    table.setStyle(
        table_style(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("BACKGROUND", (0, 0), (-1, -1), LABEL_FILL),
            ]
        )
    )
    return table


def _spec(lg: Lang, kind: str, organisation: str, printed_by: str) -> PageSpec:
    return PageSpec(
        lang=lg,
        kind=kind,
        organisation=organisation,
        reference="",
        footer_note=printed_note(lg, printed_by, dt.datetime.now()),
        workshop=True,
    )


ACTIVITY = N_("What participants did")
ACTIVITY_SINCE = N_(
    "Everything done in the workshop vault since it was made or last reset, per account."
)
ACTIVITY_NONE = N_(
    "Nothing yet: no participant has done anything since the workshop was made or last reset."
)
ACCOUNT_COUNT = N_("{account} — actions: {count}")
COL_WHEN = N_("When")
COL_WHAT = N_("What")
COL_RECORD = N_("Record")


def build_activity_pdf(
    rows: Sequence[tuple[str, str, str, str]],
    lang: str,
    *,
    organisation: str,
    printed_by: str = "",
) -> bytes:
    """ "What participants did" in `lang`: rows of (account, when, what, record), already
    translated and formatted, oldest first; grouped by account."""
    lg = check_language(lang)
    t = lg.gettext
    st = styles()
    story: list[Flowable] = [
        Para(escape(t(ACTIVITY)), st.title),
        Spacer(1, 2 * mm),
        Para(escape(t(ACTIVITY_SINCE)), st.body),
    ]
    if not rows:
        story.append(Para(escape(t(ACTIVITY_NONE)), st.muted))
    accounts = list(dict.fromkeys(account for account, *_rest in rows))
    for account in accounts:
        mine = [r for r in rows if r[0] == account]
        heading = t(ACCOUNT_COUNT).format(account=embedded(account, lg), count=len(mine))
        story.append(Para(escape(heading), st.h2))
        story.append(
            data_table(
                [t(COL_WHEN), t(COL_WHAT), t(COL_RECORD)],
                [[when, what, record] for _account, when, what, record in mine],
                [0.22, 0.48, 0.30],
            )
        )
    return render(story, _spec(lg, t(ACTIVITY), organisation, printed_by))
