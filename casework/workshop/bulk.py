"""The bulk path: tens of thousands of fictional cases in minutes, for benchmarks.

One service call per row would take hours for 650,000 rows, so rows are written with SQLAlchemy
Core `insert()` (executemany) in large transactions on the vault's own engine, with the columns
and values the services write. The store's full-text triggers still fire. Within a transaction
a case's notes are inserted just before the case itself (foreign keys are checked at commit,
`defer_foreign_keys`), so the case trigger indexes each case once with all its notes instead of
re-indexing it after every note. A few audit events then summarise the load (counts only).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from casework.model import (
    Case,
    Consent,
    Goal,
    GoalAction,
    Note,
    Plan,
    PlanReviewDate,
    Referral,
    ReferralEvent,
    RiskObservation,
    Task,
)
from casework.model.enums import (
    ActionStatus,
    CaseStatus,
    Change,
    ClientCategory,
    CloseReason,
    Confidence,
    ConsentMethod,
    ConsentPurpose,
    DeclineReason,
    GoalStatus,
    GoalTerm,
    LifeDomain,
    NoteKind,
    PlanState,
    ReferralAction,
    ReferralState,
    Subregion,
    label,
)
from casework.services.cases import subregion_of
from casework.store import audit_chain
from casework.workshop import content
from casework.workshop.generator import initial, stage_index
from casework.workshop.names import COUNTRY_DATA, HUB_COUNTRIES
from casework.workshop.names_ar import country_data

if TYPE_CHECKING:
    from casework.workshop.generator import WorkshopInfo, World

CHUNK = 5000  # cases per transaction
BULK_CACHE_KIB = 256 * 1024  # page cache of the loading connection (set back when it closes)
NOTES_PER_CASE = (5, 15)  # 10 on average: 500,000 notes for 50,000 cases
# Referrals of a case past intake, 0 to 5, weighted: about 2 per case (100,000 for 50,000).
REFERRAL_COUNTS = ((0, 1), (1, 2), (2, 3), (3, 2), (4, 1), (5, 1))

TABLE_ORDER = (
    ("notes", Note),
    ("cases", Case),
    ("consents", Consent),
    ("referrals", Referral),
    ("referral_events", ReferralEvent),
    ("plans", Plan),
    ("goals", Goal),
    ("goal_actions", GoalAction),
    ("review_dates", PlanReviewDate),
    ("tasks", Task),
    ("observations", RiskObservation),
)

STATUSES = (
    (CaseStatus.INTAKE, 10),
    (CaseStatus.ACTIVE, 55),
    (CaseStatus.ON_HOLD, 10),
    (CaseStatus.CLOSED, 25),
)
REFERRAL_STATES = (
    ("draft", 8),
    ("sent", 10),
    ("sent_overdue", 6),
    ("accepted", 18),
    ("accepted_overdue", 5),
    ("completed", 25),
    ("declined", 12),
    ("withdrawn", 6),
    ("ended_unsuccessfully", 5),
)
PLAN_STATES = (
    ("draft", 20),
    ("submitted", 10),
    ("returned", 5),
    ("approved", 50),
    ("superseded", 15),
)
KINDS = list(NoteKind)


def _stamp(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def _weighted(rng: random.Random, pairs: tuple[tuple[Any, int], ...]) -> Any:
    return rng.choices([p[0] for p in pairs], [p[1] for p in pairs])[0]


class Ids:
    """The next free id of each table, so children can point at rows not yet inserted."""

    def __init__(self, world: World) -> None:
        with world.vault.session() as s:
            self.next = {
                name: (s.scalar(select(func.max(model.id))) or 0) + 1 for name, model in TABLE_ORDER
            }
            self.references: dict[tuple[str, int], int] = {}
            for (ref,) in s.execute(select(Case.reference)):
                country, year, number = ref.rsplit("-", 2)
                key = (country, int(year))
                self.references[key] = max(self.references.get(key, 0), int(number))

    def take(self, name: str) -> int:
        value = self.next[name]
        self.next[name] = value + 1
        return value

    def reference(self, country: str, year: int) -> str:
        number = self.references.get((country, year), 0) + 1
        self.references[(country, year)] = number
        return f"{country}-{year}-{number:04d}"


class Rows:
    """The rows of one chunk of cases, table by table."""

    def __init__(self, world: World, rng: random.Random, ids: Ids) -> None:
        self.w = world
        self.rng = rng
        self.ids = ids
        self.tables: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in TABLE_ORDER}
        self.supervisor = world.supervisor.actor.user_id
        self.countries = {
            sub: [c for c in COUNTRY_DATA if subregion_of(c) is sub] for sub in Subregion
        }
        # Texts translated once (str.format per row is cheap; gettext per row is not).
        t = world.t
        self.notes = {k: [t(m) for m in content.NOTES[k]] for k in KINDS}
        self.restricted_note = t(content.RESTRICTED_NOTE)
        self.goals = {d: tuple(t(m) for m in content.GOALS[d]) for d in LifeDomain}
        self.observations = [(d, r, t(m)) for d, r, m in content.OBSERVATIONS]
        self.sources = [t(m) for m in content.OBSERVATION_SOURCES]
        self.declines = {r: t(m) for r, m in content.DECLINE_TEXTS.items()}
        self.outcomes = [t(m) for m in content.OUTCOMES]
        self.ended = [t(m) for m in content.ENDED_REASONS]
        self.withdrawn = [t(m) for m in content.WITHDRAW_REASONS]
        self.aspirations = [t(m) for m in content.ASPIRATIONS]
        self.returns = [t(m) for m in content.RETURN_COMMENTS]
        self.tasks = [t(m) for m in content.TASKS]
        self.purpose = t(content.REFERRAL_PURPOSE)
        self.service_labels = {s: label(s, world.lang).lower() for s in _services(world)}
        self.close_comment = t(content.CLOSE_COMMENT)
        self.close_other = t(content.CLOSE_OTHER)
        self.hold = [t(m) for m in content.HOLD_COMMENTS]
        self.offence = t(content.OFFENCE)
        self.sentence = t(content.SENTENCE)
        self.best_interests = t(content.BEST_INTERESTS)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.tables[table].append(row)

    def case(self, index: int) -> None:
        w, rng, ids = self.w, self.rng, self.ids
        today = w.today
        subregion = list(Subregion)[index % 3]
        hubs = HUB_COUNTRIES[subregion]
        country = rng.choice(hubs) if rng.random() < 0.8 else rng.choice(self.countries[subregion])
        pool, towns = country_data(country, w.lang)
        town = rng.choice(towns)
        status = _weighted(rng, STATUSES)
        category = rng.choice(list(ClientCategory))
        female = category is ClientCategory.FAMILY_MEMBER or rng.random() < 0.25
        given = rng.choice(pool.female if female else pool.male)
        family = rng.choice(pool.family)
        opened_ago = rng.randint(1, 20) if status is CaseStatus.INTAKE else rng.randint(60, 700)
        opened = today - dt.timedelta(days=opened_ago)
        minor = category is ClientCategory.CHILD
        offender = category is ClientCategory.RELEASED_OFFENDER
        worker = w.caseworkers[index % len(w.caseworkers)].actor.user_id
        stages = w.stages[subregion]
        case_id = ids.take("cases")
        closed_on = None
        close_reason = None
        comment = ""
        if status is CaseStatus.CLOSED:
            closed_on = today - dt.timedelta(days=rng.randint(1, min(50, opened_ago - 1)))
            close_reason = rng.choice(list(CloseReason))
            comment = self.close_other if close_reason is CloseReason.OTHER else self.close_comment
        elif status is CaseStatus.ON_HOLD:
            comment = rng.choice(self.hold)
        stamp = _stamp(opened)
        alias = f"{given} {initial(family)}"
        self.add(
            "cases",
            {
                "id": case_id,
                "reference": ids.reference(country, opened.year),
                "alias": alias,
                "other_aliases": "",
                "category": category,
                "custody_status": rng.choice(
                    ("on_probation", "released") if offender else ("returned", "released")
                ),
                "status": status,
                "subregion": subregion,
                "country": country,
                "locality": town,
                "caseworker_id": worker,
                "pathway_id": w.pathways[subregion],
                "current_stage_id": stages[stage_index(rng, status)][0],
                "is_minor": minor,
                "guardian_name": f"{rng.choice(pool.female)} {family}" if minor else "",
                "best_interests_note": self.best_interests if minor else "",
                "legal_name": f"{given} {family}",
                "date_of_birth": dt.date(
                    opened.year - (rng.randint(9, 16) if minor else rng.randint(19, 52)),
                    rng.randint(1, 12),
                    rng.randint(1, 28),
                ),
                "national_id": f"FICT-{rng.randint(10**7, 10**8 - 1)}",
                "address": f"{rng.randint(1, 120)}, {town}",
                "phone": f"+000 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                "offence_details": self.offence if offender else "",
                "sentence_details": self.sentence.format(years=rng.randint(2, 8))
                if offender
                else "",
                "close_reason": close_reason,
                "status_comment": comment,
                "opened_on": opened,
                "closed_on": closed_on,
                "release_date": opened if offender else None,
                "created_at": stamp,
                "updated_at": _stamp(closed_on or opened, 16),
            },
        )
        last_day = closed_on or today
        span = max(1, (last_day - opened).days)
        orgs = w.orgs.get(country) or w.regional[subregion]
        guardian = f"{rng.choice(pool.female)} {family}" if minor else ""
        for purpose in (ConsentPurpose.DATA_PROCESSING, ConsentPurpose.INFORMATION_SHARING):
            if purpose is ConsentPurpose.INFORMATION_SHARING and rng.random() < 0.2:
                continue  # no consent to share: this case's referrals cannot be sent
            self.add(
                "consents",
                {
                    "id": ids.take("consents"),
                    "case_id": case_id,
                    "purpose": purpose,
                    "recipient_org_id": None,
                    "scope": ["contact", "identity", "plan"]
                    if purpose is ConsentPurpose.INFORMATION_SHARING
                    else [],
                    "given_on": opened,
                    "withdrawn_on": closed_on
                    if close_reason is CloseReason.CONSENT_WITHDRAWN
                    else None,
                    "expires_on": None,
                    "method": ConsentMethod.SIGNED_FORM,
                    "witness": "",
                    "guardian": guardian,
                    "notes": "",
                    "recorded_by_id": worker,
                    "created_at": stamp,
                },
            )
        for _ in range(rng.randint(*NOTES_PER_CASE)):
            day = opened + dt.timedelta(days=rng.randint(0, span))
            restricted = rng.random() < 0.08
            kind = rng.choice(KINDS)
            body = self.restricted_note if restricted else rng.choice(self.notes[kind])
            self.add(
                "notes",
                {
                    "id": ids.take("notes"),
                    "case_id": case_id,
                    "kind": kind,
                    "occurred_on": day,
                    "body": body.format(alias=alias, town=town, org=rng.choice(orgs).name),
                    "restricted": restricted,
                    "author_id": worker,
                    "created_at": _stamp(day, 12),
                },
            )
        if status is not CaseStatus.INTAKE:
            for _ in range(_weighted(rng, REFERRAL_COUNTS)):
                self.referral(case_id, country, subregion, opened_ago, worker, closed_on)
            if rng.random() < 0.7:
                self.plan(case_id, orgs, opened, worker)
        elif rng.random() < 0.5:
            self.referral(case_id, country, subregion, opened_ago, worker, None, "draft")
        due = today + dt.timedelta(days=rng.randint(-20, 30))
        done = closed_on if closed_on else (due if due < today and rng.random() < 0.4 else None)
        self.add(
            "tasks",
            {
                "id": ids.take("tasks"),
                "case_id": case_id,
                "referral_id": None,
                "goal_id": None,
                "title": rng.choice(self.tasks).format(org=rng.choice(orgs).name),
                "details": "",
                "due_on": due,
                "assignee_id": worker,
                "done_on": done,
                "created_by_id": worker,
                "created_at": stamp,
            },
        )
        domain, direction, evidence = rng.choice(self.observations)
        self.add(
            "observations",
            {
                "id": ids.take("observations"),
                "case_id": case_id,
                "domain": domain,
                "direction": direction,
                "evidence": evidence,
                "source": rng.choice(self.sources),
                "observed_on": opened + dt.timedelta(days=rng.randint(0, span)),
                "confidence": rng.choice(list(Confidence)),
                "change": rng.choice(list(Change)),
                "recorded_by_id": worker,
            },
        )

    def referral(
        self,
        case_id: int,
        country: str,
        subregion: Subregion,
        opened_ago: int,
        worker: int,
        closed_on: dt.date | None,
        outcome: str | None = None,
    ) -> None:
        w, rng, ids = self.w, self.rng, self.ids
        today = w.today
        stage_id, days = w.stages[subregion][3]
        service = rng.choice(content.SERVICE_MIX)
        org = rng.choice(w.targets(country, service))
        outcome = outcome or _weighted(rng, REFERRAL_STATES)
        if closed_on is not None and outcome in ("draft", "sent", "sent_overdue", "accepted"):
            outcome = "withdrawn"
        if closed_on is not None and outcome == "accepted_overdue":
            outcome = "completed"
        if outcome == "sent":
            sent_ago = rng.randint(0, min(days - 2, opened_ago))
        elif outcome == "sent_overdue":
            sent_ago = rng.randint(days + 2, max(days + 3, opened_ago))
        else:
            sent_ago = rng.randint(min(30, opened_ago), max(30, opened_ago))
        sent = today - dt.timedelta(days=sent_ago)
        rid = ids.take("referrals")
        row: dict[str, Any] = {
            "id": rid,
            "case_id": case_id,
            "stage_id": stage_id,
            "service_type": service,
            "to_org_id": org.id,
            "state": ReferralState.DRAFT,
            "purpose": self.purpose.format(service=self.service_labels[service]),
            "decline_reason": None,
            "reason_text": "",
            "outcome": "",
            "previous_referral_id": None,
            "sent_at": None,
            "due_on": None,
            "accepted_at": None,
            "expected_end_on": None,
            "closed_at": None,
            "consent_override_reason": "",
            "consent_override_by_id": None,
            "created_by_id": worker,
            "created_at": _stamp(sent, 9),
        }
        self.add("referrals", row)
        if outcome == "draft":
            return
        steps = [(ReferralAction.SEND, ReferralState.DRAFT, ReferralState.SENT, sent, "")]
        row.update(state=ReferralState.SENT, sent_at=_stamp(sent), due_on=sent + _days(days))
        answered = sent + _days(rng.randint(2, 6))
        behalf = org.focal_person
        if outcome in ("declined", "withdrawn"):
            reason = rng.choice(list(DeclineReason))
            if outcome == "declined":
                step = (ReferralAction.DECLINE, ReferralState.DECLINED, behalf)
                row.update(decline_reason=reason, reason_text=self.declines[reason])
            else:
                step = (ReferralAction.WITHDRAW, ReferralState.WITHDRAWN, "")
                row.update(reason_text=rng.choice(self.withdrawn))
            steps.append((step[0], ReferralState.SENT, step[1], answered, step[2]))
            row.update(state=step[1], closed_at=_stamp(answered))
        elif outcome not in ("sent", "sent_overdue"):
            if outcome == "accepted_overdue":
                end = today - _days(rng.randint(1, max(1, min(60, sent_ago - 7))))
            else:
                end = max(answered, today) + _days(rng.randint(10, 120))
            steps.append(
                (
                    ReferralAction.ACCEPT,
                    ReferralState.SENT,
                    ReferralState.ACCEPTED,
                    answered,
                    behalf,
                )
            )
            row.update(
                state=ReferralState.ACCEPTED, accepted_at=_stamp(answered), expected_end_on=end
            )
            if outcome in ("completed", "ended_unsuccessfully"):
                finished = min(today, answered + _days(rng.randint(20, 90)))
                if outcome == "completed":
                    final = (ReferralAction.COMPLETE, ReferralState.COMPLETED)
                    row.update(outcome=rng.choice(self.outcomes))
                else:
                    final = (ReferralAction.END_UNSUCCESSFULLY, ReferralState.ENDED_UNSUCCESSFULLY)
                    row.update(reason_text=rng.choice(self.ended))
                steps.append((final[0], ReferralState.ACCEPTED, final[1], finished, behalf))
                row.update(state=final[1], closed_at=_stamp(finished), expected_end_on=finished)
        for action, before, after, day, on_behalf in steps:
            self.add(
                "referral_events",
                {
                    "id": ids.take("referral_events"),
                    "referral_id": rid,
                    "action": action,
                    "from_state": before,
                    "to_state": after,
                    "at": _stamp(day, 11),
                    "by_user_id": worker,
                    "on_behalf_of": on_behalf,
                    "comment": "",
                },
            )

    def plan(self, case_id: int, orgs: list[Any], opened: dt.date, worker: int) -> None:
        rng, ids = self.rng, self.ids
        state = _weighted(rng, PLAN_STATES)
        versions = (
            [PlanState.SUPERSEDED, PlanState.APPROVED]
            if state == "superseded"
            else [PlanState(state)]
        )
        aspirations = rng.choice(self.aspirations)
        domains = rng.sample(list(LifeDomain), 2)
        created = opened + _days(rng.randint(5, 30))
        for version, plan_state in enumerate(versions, start=1):
            plan_id = ids.take("plans")
            approved = plan_state in (PlanState.APPROVED, PlanState.SUPERSEDED)
            submitted = plan_state is not PlanState.DRAFT
            self.add(
                "plans",
                {
                    "id": plan_id,
                    "case_id": case_id,
                    "version": version,
                    "state": plan_state,
                    "aspirations": aspirations,
                    "return_comment": rng.choice(self.returns)
                    if plan_state is PlanState.RETURNED
                    else "",
                    "created_by_id": worker,
                    "created_at": _stamp(created),
                    "submitted_at": _stamp(created + _days(3)) if submitted else None,
                    "submitted_by_id": worker if submitted else None,
                    "approved_at": _stamp(created + _days(5)) if approved else None,
                    "approved_by_id": self.supervisor if approved else None,
                },
            )
            for position, domain in enumerate(domains, start=1):
                need, goal, action = self.goals[domain]
                goal_id = ids.take("goals")
                self.add(
                    "goals",
                    {
                        "id": goal_id,
                        "plan_id": plan_id,
                        "position": position,
                        "domain": domain,
                        "need": need,
                        "goal": goal,
                        "term": rng.choice((GoalTerm.SHORT, GoalTerm.LONG)),
                        "status": rng.choice((GoalStatus.NOT_STARTED, GoalStatus.IN_PROGRESS))
                        if not approved
                        else rng.choice((GoalStatus.IN_PROGRESS, GoalStatus.ACHIEVED)),
                        "dropped_reason": "",
                        "practice": "",
                    },
                )
                org = rng.choice(orgs)
                self.add(
                    "goal_actions",
                    {
                        "id": ids.take("goal_actions"),
                        "goal_id": goal_id,
                        "position": 1,
                        "description": action,
                        "responsible_org_id": org.id,
                        "responsible_person": org.focal_person,
                        "due_on": created + _days(rng.randint(20, 120)),
                        "status": rng.choice(list(ActionStatus)),
                    },
                )
            for offset in (30, 90):
                self.add(
                    "review_dates",
                    {
                        "id": ids.take("review_dates"),
                        "plan_id": plan_id,
                        "scheduled_on": created + _days(offset),
                    },
                )
            created = created + _days(rng.randint(60, 120))


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def _services(world: World) -> set[Any]:
    return {s for refs in world.orgs.values() for o in refs for s in o.services} | {
        s for refs in world.regional.values() for o in refs for s in o.services
    }


def _insert_many(conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    """`insert(table)` over many rows, values converted as SQLAlchemy would (enum values,
    dates, UTC timestamps, column defaults) but without its per-row bookkeeping, which cost as
    much as SQLite's own work. Every row has the keys of the first (as for executemany)."""
    dialect = conn.dialect
    keys = list(rows[0])
    defaults = {}
    for column in table.columns:
        if column.key in rows[0] or column.default is None:
            continue
        default = column.default
        defaults[column.key] = default.arg if default.is_scalar else default.arg(None)
    names = keys + list(defaults)
    processors = [table.columns[k].type._cached_bind_processor(dialect) for k in names]
    fixed = tuple(defaults.values())
    todo = [(i, p) for i, p in enumerate(processors) if p is not None]
    params = []
    for row in rows:
        values = [row[k] for k in keys]
        values.extend(fixed)
        for i, process in todo:
            values[i] = process(values[i])
        params.append(tuple(values))
    columns = ", ".join(table.columns[k].name for k in names)
    marks = ", ".join("?" for _ in names)
    conn.exec_driver_sql(f"INSERT INTO {table.name} ({columns}) VALUES ({marks})", params)


def load(
    world: World,
    rng: random.Random,
    count: int,
    done_before: int,
    progress: Callable[[int, int], None] | None,
    info: WorkshopInfo,
) -> None:
    """Write `count` cases and everything about them, CHUNK cases per transaction."""
    ids = Ids(world)
    totals: dict[str, int] = {name: 0 for name, _ in TABLE_ORDER}
    started = time.perf_counter()
    for start in range(0, count, CHUNK):
        rows = Rows(world, rng, ids)
        for index in range(start, min(count, start + CHUNK)):
            rows.case(done_before + index)
        with world.vault.engine.begin() as conn:
            # Children and notes go in before their case; foreign keys are checked at commit.
            conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
            # Nothing is deleted while a vault is made, so zeroing freed pages is wasted work;
            # a large page cache keeps the full-text index's pages decrypted between chunks.
            conn.exec_driver_sql("PRAGMA secure_delete = OFF")
            conn.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
            for name, model in TABLE_ORDER:
                if rows.tables[name]:
                    _insert_many(conn, model.__table__, rows.tables[name])
                    totals[name] += len(rows.tables[name])
        if progress is not None:
            progress(done_before + min(count, start + CHUNK), done_before + count)
    # The loading connection's settings must not outlive the load (secure_delete, cache).
    world.vault.engine.dispose()
    info.seconds["bulk_rows"] = time.perf_counter() - started
    info.counts.update({f"bulk_{k}": v for k, v in totals.items()})
    actor = world.supervisor.actor
    with world.vault.write() as s:
        audit_chain.append(
            s,
            "workshop.bulk_loaded",
            actor_id=actor.user_id,
            actor_name=actor.username,
            entity="vault",
            details={"rows": totals, "seconds": round(info.seconds["bulk_rows"], 1)},
        )
