"""Make a workshop vault: fictional but plausible cases, partners and histories for training.

Small vaults (the default 60 cases) are written through the services, one call at a time, with a
ServiceContext per acting role, so the audit trail, the search index and every validation are the
real ones. Large vaults (benchmarks) load the bulk of their rows through `casework.workshop.bulk`.

Dates: every date is relative to the "workshop today", the real date the vault is made unless
`today` is given. A service call made "in the past" uses a context whose clock is set to that
day, so a referral sent 40 days before is overdue today, exactly as it would be in real use.
Timestamps that the services take from the system clock (created_at, sent_at, audit times) are
the real generation time. The same seed and the same workshop today give the same data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import event, select

from casework.errors import VaultExists
from casework.i18n import current_language, translator
from casework.model import Case, Plan, Referral, VaultMeta
from casework.store import audit_chain
from casework.store.kdf import KdfPolicy
from casework.store.paths import is_vault
from casework.store.vault import Vault
from casework.workshop import activity, content, exercises, trainer
from casework.workshop.accounts import ACCOUNTS, Account  # noqa: F401
from casework.workshop.partners import _directory, _users  # noqa: F401
from casework.workshop.stories import Stories  # noqa: F401
from casework.workshop.world import (  # noqa: F401 (imported from here by bulk, tests)
    SERVICE_REFERRALS_STAGE,
    Clock,
    OrgRef,
    Progress,
    WorkshopInfo,
    World,
    fake_phone,
    initial,
    person,
    stage_index,
)

BULK_THRESHOLD = 500  # above this many cases, the bulk path writes most rows
WORKSHOP_KEY = "workshop"


# --- setup -----------------------------------------------------------------------------------


def _relax_durability(vault: Vault) -> None:
    """While the vault is being made, commits need not wait for the disk: a crash leaves a
    half-made vault to delete either way. Closing it checkpoints everything, and the pristine
    snapshot is written and fsynced on its own."""
    vault.engine.dispose()

    @event.listens_for(vault.engine, "connect")
    def _no_fsync(dbapi_conn: object, _record: object) -> None:
        dbapi_conn.execute("PRAGMA synchronous = OFF")  # type: ignore[attr-defined]


def _mark(vault: Vault, seed: int, today: dt.date, lang: str, cases: int) -> None:
    with vault.write() as s:
        for key, value in (
            (WORKSHOP_KEY, "1"),
            ("workshop_seed", str(seed)),
            ("workshop_today", today.isoformat()),
            ("workshop_language", lang),
            ("workshop_cases", str(cases)),
        ):
            s.merge(VaultMeta(key=key, value=value))
        audit_chain.append(
            s,
            "workshop.created",
            actor_id=vault.opened_by_id,
            actor_name=vault.opened_by,
            entity="vault",
            details={"seed": seed},
        )


# --- entry point -------------------------------------------------------------------------------


def generate(
    folder: Path | str,
    cases: int = 60,
    seed: int = 1,
    progress: Progress | None = None,
    *,
    language: str | None = None,
    today: dt.date | None = None,
    bulk: bool | None = None,
    snapshot: bool = True,
    policy: KdfPolicy | None = None,
) -> WorkshopInfo:
    """Create a workshop vault in `folder` (new or empty) and return its training accounts.

    `bulk` None chooses by size (over BULK_THRESHOLD cases); `snapshot` keeps the pristine copy
    that `reset_workshop` restores. Raises VaultExists for a folder that is not empty.
    """
    from casework.workshop import bulk as bulk_load
    from casework.workshop.reset import save_pristine

    started = time.perf_counter()
    lang = language or current_language()
    today = today or dt.date.today()
    use_bulk = cases > BULK_THRESHOLD if bulk is None else bulk
    target = Path(folder)
    if target.exists() and (is_vault(target) or any(target.iterdir())):
        raise VaultExists()
    # All or nothing: the vault is made in a hidden folder beside the target and renamed into
    # place once complete, so a failure (or a crash) never leaves a half-made vault behind.
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.making-", dir=target.parent))
    info = WorkshopInfo(
        target,
        [(a.name, a.password, a.roles) for a in ACCOUNTS],
        "",
        seed,
        cases,
        today,
        lang,
        use_bulk,
    )
    try:
        info.recovery_key = _fill(work, info, progress, policy, snapshot, bulk_load, save_pristine)
        trainer.save_settings(
            work, trainer.TrainerSettings(data_language=lang, seed=seed, cases=cases)
        )
        if target.exists():
            target.rmdir()  # empty (checked above)
        os.rename(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    info.seconds["total"] = time.perf_counter() - started
    return info


def _fill(
    work: Path,
    info: WorkshopInfo,
    progress: Progress | None,
    policy: KdfPolicy | None,
    snapshot: bool,
    bulk_load: object,
    save_pristine: Callable[[Vault], Path],
) -> str:
    """Make the vault in `work`, fill it and snapshot it; returns the recovery key."""
    started = time.perf_counter()
    lang, today, seed, cases = info.language, info.today, info.seed, info.cases
    rng = random.Random(seed)
    admin = ACCOUNTS[0]
    tr = translator(lang)
    vault, recovery = Vault.create(
        work,
        organisation=tr.gettext(content.VAULT_ORGANISATION),
        admin_username=admin.name,
        admin_password=admin.password,
        admin_display_name=tr.gettext(admin.display_name),
        language=lang,
        policy=policy,
    )
    try:
        _relax_durability(vault)
        _mark(vault, seed, today, lang, cases)
        clock = Clock(today)
        contexts = _users(vault, lang, clock)
        info.seconds["accounts"] = time.perf_counter() - started
        world = World(
            vault,
            today,
            lang,
            clock,
            contexts["admin"],
            contexts["supervisor"],
            [contexts["caseworker1"], contexts["caseworker2"]],
        )
        mark = time.perf_counter()
        _directory(world, rng)
        stories = Stories(world, rng)
        fixed = exercises.EXERCISE_CASES[: max(0, min(cases, len(exercises.EXERCISE_CASES)))]
        for case in fixed:
            stories.exercise_case(case)
        info.seconds["directory"] = time.perf_counter() - mark
        mark = time.perf_counter()
        rest = cases - len(fixed)
        if info.bulk:
            bulk_load.load(world, rng, rest, len(fixed), progress, info)  # type: ignore[attr-defined]
        else:
            for i in range(rest):
                stories.random_case(i)
                if progress is not None:
                    progress(len(fixed) + i + 1, cases)
        info.seconds["cases"] = time.perf_counter() - mark
        info.counts.update(count_rows(vault))
        activity.mark_baseline(vault)
        if snapshot:
            mark = time.perf_counter()
            if info.bulk:  # a copy of a large vault is too big: reset makes it again
                from casework.workshop.reset import save_recipe

                save_recipe(work, seed, cases, today, lang)
            else:
                save_pristine(vault)
            info.seconds["snapshot"] = time.perf_counter() - mark
    finally:
        vault.close()
    return recovery


def count_rows(vault: Vault) -> dict[str, int]:
    from sqlalchemy import func

    from casework.model import Consent, Note, RiskObservation, Task

    with vault.session() as s:
        return {
            name: s.scalar(select(func.count()).select_from(model)) or 0
            for name, model in (
                ("cases", Case),
                ("notes", Note),
                ("referrals", Referral),
                ("plans", Plan),
                ("consents", Consent),
                ("tasks", Task),
                ("observations", RiskObservation),
            )
        }


def digest(vault: Vault) -> str:
    """A fingerprint of what a seed decides (aliases, references, states), for comparisons."""
    h = hashlib.sha256()
    with vault.session() as s:
        for row in s.execute(
            select(Case.reference, Case.alias, Case.status, Case.close_reason).order_by(Case.id)
        ):
            h.update(repr(tuple(row)).encode())
        for row in s.execute(
            select(Referral.case_id, Referral.state, Referral.service_type).order_by(Referral.id)
        ):
            h.update(repr(tuple(row)).encode())
        for row in s.execute(select(Plan.case_id, Plan.version, Plan.state).order_by(Plan.id)):
            h.update(repr(tuple(row)).encode())
    return h.hexdigest()


def is_workshop(vault: Vault) -> bool:
    """Whether this vault holds workshop (fictional) data."""
    return vault.meta(WORKSHOP_KEY) == "1"


def exercise_texts_for(vault: Vault, lang: str | None = None) -> list[exercises.ExerciseText]:
    """The exercises as they apply to this vault (its year and data language)."""
    return exercise_texts_from(exercise_facts(vault), lang)


def exercise_facts(vault: Vault) -> tuple[str, str]:
    """What the exercises' texts depend on in this vault: the day it was made for and its
    data language (read once; the texts are then made in any language without a read)."""
    return vault.meta("workshop_today"), vault.meta("workshop_language")


def exercise_texts_from(
    facts: tuple[str, str], lang: str | None = None
) -> list[exercises.ExerciseText]:
    day, data_lang = facts
    year = exercises.opening_year(dt.date.fromisoformat(day)) if day else None
    return exercises.exercise_texts(lang, year=year, data_lang=data_lang or None)
