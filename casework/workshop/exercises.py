"""Training exercises for workshop sessions, in every language the app speaks.

Each exercise names the fictional case it uses. Those cases are made by the generator the same
way for every seed (fixed alias, country, caseworker and history, opened EXERCISE_OPENED_AGO days
before the workshop today and before any other case of their country), so the reference in the
text is right in every workshop vault, made on any day of the year: `{country}-{year}-0001`, the
year they were opened in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casework.i18n import N_, current_language, isolate, translator
from casework.workshop import content
from casework.workshop.exercise_content import PLANS
from casework.workshop.names_ar import country_data


@dataclass(frozen=True)
class ExerciseCase:
    """A case an exercise works on: made identically by the generator for every seed."""

    key: str
    alias: str
    country: str
    alias_ar: str  # the same name in Arabic script, for a workshop in Arabic
    # The organisation the exercise names: (template of content.ORGANISATIONS, its index).
    organisation: int | None = None
    other_organisation: int | None = None


@dataclass(frozen=True)
class Exercise:
    key: str
    title: str  # msgid; the rest of the plan: exercise_content.PLANS[key]
    account: str
    case: ExerciseCase | None
    # Other training accounts the steps log in as.
    other_accounts: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExerciseText:
    """One exercise translated and filled in with the vault's names, ready to show or print."""

    key: str
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
    # What the exercise names, as the vault stores it (in its data language).
    accounts: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    stage: str = ""

    @property
    def instructions(self) -> str:
        return " ".join(self.steps)


# Index of an organisation template in content.ORGANISATIONS.
SKILLS_CSO = 3
TRAINING_CENTRE = 4
EMPLOYER = 8

CONSENT = ExerciseCase("consent", "Idrissa K.", "ML", "إدريسا ك.", SKILLS_CSO)
REFER = ExerciseCase("refer", "Salma H.", "TN", "سلمى ح.", SKILLS_CSO)
DECLINE = ExerciseCase("decline", "Abdirahman W.", "SO", "عبد الرحمن و.", TRAINING_CENTRE)
REREFER = ExerciseCase("rerefer", "Siti R.", "ID", "سيتي ر.", TRAINING_CENTRE, SKILLS_CSO)
OVERDUE = ExerciseCase("overdue", "Moussa D.", "NE", "موسى د.", EMPLOYER)
PLAN = ExerciseCase("plan", "Brian O.", "KE", "برايان أ.")
PRINT = ExerciseCase("print", "Jamila S.", "PH", "جميلة س.")
NEW_CASE_ALIAS = "Hamza B."
NEW_CASE_ALIAS_AR = "حمزة ب."
# Days between an exercise case's opening and the workshop today: long enough for its history
# (a referral overdue for weeks), whatever the date.
EXERCISE_OPENED_AGO = 60

EXERCISE_CASES: tuple[ExerciseCase, ...] = (CONSENT, REFER, DECLINE, REREFER, OVERDUE, PLAN, PRINT)

EXERCISES: tuple[Exercise, ...] = (
    Exercise("register", N_("Register a returnee"), "caseworker1", None),
    Exercise("consent", N_("Check consent before referring"), "caseworker1", CONSENT),
    Exercise("refer", N_("Refer to a vocational-training CSO"), "caseworker1", REFER),
    Exercise("decline", N_("Record a decline"), "caseworker1", DECLINE),
    Exercise("rerefer", N_("Re-refer after a decline"), "caseworker1", REREFER),
    Exercise("overdue", N_("Follow up an overdue referral"), "caseworker1", OVERDUE),
    Exercise("plan", N_("Submit and approve a plan"), "caseworker1", PLAN, ("supervisor",)),
    Exercise("print", N_("Print the approved plan"), "supervisor", PRINT),
)
# The pathway stage the referral exercises name: the default pathway's fourth stage
# (casework.services.pathways.DEFAULT_STAGES), named in the vault's data language.
REFERRAL_STAGE = N_("Service referrals")


def case_reference(case: ExerciseCase, year: int) -> str:
    """The reference the generator gives an exercise case opened in `year`."""
    return f"{case.country}-{year}-0001"


def opening_year(workshop_today: dt.date) -> int:
    """The year the exercise cases of a vault made on `workshop_today` were opened in."""
    return (workshop_today - dt.timedelta(days=EXERCISE_OPENED_AGO)).year


def case_alias(case: ExerciseCase | None, lang: str) -> str:
    """The alias of an exercise case (None: the one the participants register), in the script
    of the workshop's data language."""
    if lang == "ar":
        return case.alias_ar if case else NEW_CASE_ALIAS_AR
    return case.alias if case else NEW_CASE_ALIAS


def organisation_name(template: int, country: str, lang: str) -> str:
    """The name the generator gives a country's organisation of this template."""
    tr = translator(lang)
    towns = country_data(country, lang)[1]
    name = tr.gettext(content.ORGANISATIONS[template][1]).format(
        town=towns[template % 3], title="", person="", family=""
    )
    return tr.gettext(content.FICTIONAL_NAME).format(name=name)


def exercise_texts(
    lang: str | None = None, *, year: int | None = None, data_lang: str | None = None
) -> list[ExerciseText]:
    """The exercises translated into `lang`, with case references of `year` and the names of
    organisations and stages as the vault stores them (in its data language `data_lang`)."""
    lang = lang or current_language()
    data_lang = data_lang or lang
    year = year or opening_year(dt.date.today())
    tr = translator(lang)
    stage = translator(data_lang).gettext(REFERRAL_STAGE)
    out = []
    for number, exercise in enumerate(EXERCISES, 1):
        case = exercise.case
        plan = PLANS[exercise.key]
        alias = case_alias(case, data_lang)
        reference = case_reference(case, year) if case else ""
        orgs = []
        if case and case.organisation is not None:
            orgs.append(organisation_name(case.organisation, case.country, data_lang))
        if case and case.other_organisation is not None:
            orgs.append(organisation_name(case.other_organisation, case.country, data_lang))
        org, other = (orgs + ["", ""])[:2]
        names = {
            "account": exercise.account,
            "alias": alias,
            "reference": reference,
            "organisation": org,
            "other_organisation": other,
            "stage": stage,
        }

        # Isolated in the sentence (FSI … PDI) when needed: an Arabic organisation in a French
        # step, or a reference in an Arabic one, keeps its own direction and its parentheses.
        isolated = {key: isolate(value, lang) for key, value in names.items()}

        def fill(msgid: str, names: dict[str, str] = isolated) -> str:
            return tr.gettext(msgid).format(**names)

        steps = tuple(fill(step) for step in plan.steps)
        out.append(
            ExerciseText(
                key=exercise.key,
                number=number,
                title=tr.gettext(exercise.title),
                goal=fill(plan.goal),
                minutes=plan.minutes,
                steps=steps,
                expected=fill(plan.expected),
                mistakes=tuple(fill(m) for m in plan.mistakes),
                debrief=tuple(fill(q) for q in plan.debrief),
                account=exercise.account,
                alias=alias,
                reference=reference,
                accounts=(exercise.account, *exercise.other_accounts),
                organisations=tuple(orgs),
                stage=stage if any("{stage}" in m for m in plan.steps) else "",
            )
        )
    return out
