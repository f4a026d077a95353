"""Training exercises for workshop sessions, in English and French.

Each exercise names the fictional case it uses. Those cases are made by the generator the same
way for every seed (fixed alias, country, caseworker and history, opened EXERCISE_OPENED_AGO days
before the workshop today and before any other case of their country), so the reference in the
text is right in every workshop vault, made on any day of the year: `{country}-{year}-0001`, the
year they were opened in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casework.i18n import N_, current_language, translator
from casework.workshop import content
from casework.workshop.names import COUNTRY_DATA


@dataclass(frozen=True)
class ExerciseCase:
    """A case an exercise works on: made identically by the generator for every seed."""

    key: str
    alias: str
    country: str
    # The organisation the exercise names: (template of content.ORGANISATIONS, its index).
    organisation: int | None = None
    other_organisation: int | None = None


@dataclass(frozen=True)
class Exercise:
    key: str
    title: str  # msgid
    steps: str  # msgid with {alias}, {reference}, {organisation}, {other_organisation}
    account: str
    case: ExerciseCase | None


@dataclass(frozen=True)
class ExerciseText:
    """One exercise translated and filled in, ready to show."""

    key: str
    title: str
    steps: str
    account: str
    alias: str
    reference: str


# Index of an organisation template in content.ORGANISATIONS.
SKILLS_CSO = 3
TRAINING_CENTRE = 4
EMPLOYER = 8

CONSENT = ExerciseCase("consent", "Idrissa K.", "ML", SKILLS_CSO)
REFER = ExerciseCase("refer", "Salma H.", "TN", SKILLS_CSO)
DECLINE = ExerciseCase("decline", "Abdirahman W.", "SO", TRAINING_CENTRE)
REREFER = ExerciseCase("rerefer", "Siti R.", "ID", TRAINING_CENTRE, SKILLS_CSO)
OVERDUE = ExerciseCase("overdue", "Moussa D.", "NE", EMPLOYER)
PLAN = ExerciseCase("plan", "Brian O.", "KE")
PRINT = ExerciseCase("print", "Jamila S.", "PH")
NEW_CASE_ALIAS = "Hamza B."
# Days between an exercise case's opening and the workshop today: long enough for its history
# (a referral overdue for weeks), whatever the date.
EXERCISE_OPENED_AGO = 60

EXERCISE_CASES: tuple[ExerciseCase, ...] = (CONSENT, REFER, DECLINE, REREFER, OVERDUE, PLAN, PRINT)

EXERCISES: tuple[Exercise, ...] = (
    Exercise(
        "register",
        N_("Register a returnee"),
        N_(
            "Log in as caseworker1. Create a case for a returnee with the alias {alias}, "
            "returned to Kenya, and record their consent to data processing (signed form). "
            "The app gives the case its reference; note it down."
        ),
        "caseworker1",
        None,
    ),
    Exercise(
        "consent",
        N_("Check consent before referring"),
        N_(
            "Log in as caseworker1 and open case {reference} ({alias}). Try to send the draft "
            "referral to {organisation}: the app refuses, because no consent covers it. Record "
            "the client's consent to share information with that organisation (signed form), "
            "then send the referral."
        ),
        "caseworker1",
        CONSENT,
    ),
    Exercise(
        "refer",
        N_("Refer to a vocational-training CSO"),
        N_(
            "Log in as caseworker1 and open case {reference} ({alias}). Check that a consent "
            "covers the referral, then refer the client to {organisation} for vocational "
            'training at the stage "Service referrals", and send it.'
        ),
        "caseworker1",
        REFER,
    ),
    Exercise(
        "decline",
        N_("Record a decline"),
        N_(
            "Log in as caseworker1 and open case {reference} ({alias}). {organisation} phoned: "
            "it cannot take the client this term. Record its answer on its behalf: declined, "
            "no capacity."
        ),
        "caseworker1",
        DECLINE,
    ),
    Exercise(
        "rerefer",
        N_("Re-refer after a decline"),
        N_(
            "Log in as caseworker1 and open case {reference} ({alias}). {organisation} declined "
            "the referral. Make a new referral linked to it, to {other_organisation}, and send "
            "it. Check that both referrals show the link."
        ),
        "caseworker1",
        REREFER,
    ),
    Exercise(
        "overdue",
        N_("Follow up an overdue referral"),
        N_(
            "Log in as caseworker1 and find the overdue referrals. Case {reference} ({alias}) "
            "has had no answer from {organisation} for weeks. Add a task to call them, then "
            "record their acceptance with an expected end date."
        ),
        "caseworker1",
        OVERDUE,
    ),
    Exercise(
        "plan",
        N_("Submit and approve a plan"),
        N_(
            "Log in as caseworker1 and open case {reference} ({alias}). Add the client's "
            "aspirations and a goal on employment with one action to the draft plan, then "
            "submit it. Log in as supervisor and approve it (or return it with a comment)."
        ),
        "caseworker1",
        PLAN,
    ),
    Exercise(
        "print",
        N_("Print the approved plan"),
        N_(
            "Log in as supervisor and open case {reference} ({alias}). Print the approved "
            "reintegration plan in English and in French. Look for the CONFIDENTIAL marking and "
            "the workshop banner on every page."
        ),
        "supervisor",
        PRINT,
    ),
)


def case_reference(case: ExerciseCase, year: int) -> str:
    """The reference the generator gives an exercise case opened in `year`."""
    return f"{case.country}-{year}-0001"


def opening_year(workshop_today: dt.date) -> int:
    """The year the exercise cases of a vault made on `workshop_today` were opened in."""
    return (workshop_today - dt.timedelta(days=EXERCISE_OPENED_AGO)).year


def organisation_name(template: int, country: str, lang: str) -> str:
    """The name the generator gives a country's organisation of this template."""
    tr = translator(lang)
    towns = COUNTRY_DATA[country][1]
    name = tr.gettext(content.ORGANISATIONS[template][1]).format(
        town=towns[template % 3], title="", person="", family=""
    )
    return tr.gettext(content.FICTIONAL_NAME).format(name=name)


def exercise_texts(
    lang: str | None = None, *, year: int | None = None, data_lang: str | None = None
) -> list[ExerciseText]:
    """The exercises translated into `lang`, with case references of `year` and organisation
    names as the vault stores them (in its data language `data_lang`)."""
    lang = lang or current_language()
    data_lang = data_lang or lang
    year = year or opening_year(dt.date.today())
    tr = translator(lang)
    out = []
    for exercise in EXERCISES:
        case = exercise.case
        alias = case.alias if case else NEW_CASE_ALIAS
        reference = case_reference(case, year) if case else ""
        org = other = ""
        if case and case.organisation is not None:
            org = organisation_name(case.organisation, case.country, data_lang)
        if case and case.other_organisation is not None:
            other = organisation_name(case.other_organisation, case.country, data_lang)
        steps = tr.gettext(exercise.steps).format(
            alias=alias, reference=reference, organisation=org, other_organisation=other
        )
        out.append(
            ExerciseText(
                exercise.key, tr.gettext(exercise.title), steps, exercise.account, alias, reference
            )
        )
    return out
