"""`casework workshop postgresql://OWNER@HOST/DB`: a training room's office server, filled with
the same fictional data as a workshop vault.

The database is set up as `casework server init` does (schema, roles, policies), the training
accounts become login roles with their published passwords, and the generator's stories run
through the services on the owner's connection (which computes the audit chain itself, as the
`casework server` commands do), each call acting as its training user. The database is marked as
a workshop (the app shows the banner) and a pristine copy is kept on the server for the
trainer's reset (store/server_workshop.py). Large workshops (the bulk path, over
`BULK_THRESHOLD` cases) are for benchmarks on a vault: refused here.

All or nothing: the database carries `server_workshop.FILLING_KEY` from `casework server init`
until the transaction that keeps the pristine copy, and the app opens no database that carries
it. A fill that fails empties the database again before it reports the failure; a fill that
could not (the process killed, the server gone) is emptied by the next `casework workshop` for
the same database, which then fills it from the start.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from pathlib import Path

from sqlalchemy import select, text

from casework.errors import CaseworkError
from casework.i18n import N_, current_language, translator
from casework.model import User
from casework.services import server_admin
from casework.services.context import Actor, ServiceContext
from casework.store import postgres, server_security, server_workshop
from casework.store.server import ServerStore
from casework.workshop import activity, content, exercises
from casework.workshop.accounts import ACCOUNTS
from casework.workshop.generator import BULK_THRESHOLD, _mark, count_rows
from casework.workshop.partners import _directory
from casework.workshop.stories import Stories
from casework.workshop.world import Clock, Progress, WorkshopInfo, World

TOO_MANY = N_("A workshop on an office server holds at most {count} cases.")
FAILED = N_(
    "Filling the workshop failed, and the database was emptied again: nothing half-filled is "
    "left. Run the same command again. ({reason})"
)


def fill_server(
    url: str,
    cases: int = 60,
    seed: int = 1,
    progress: Progress | None = None,
    *,
    language: str | None = None,
    today: dt.date | None = None,
) -> WorkshopInfo:
    """Set up the (new or empty) database at `url` as a workshop; returns its accounts. The
    address names the database's owner (or a superuser), as for `casework server init`."""
    if cases > BULK_THRESHOLD:
        raise CaseworkError(TOO_MANY, count=BULK_THRESHOLD)
    started = time.perf_counter()
    database = server_admin.check_url(url)
    lang = language or current_language()
    today = today or dt.date.today()
    tr = translator(lang)
    info = WorkshopInfo(
        Path(),
        [(a.name, a.password, a.roles) for a in ACCOUNTS],
        "",
        seed,
        cases,
        today,
        lang,
        False,
    )
    _discard_unfinished(url, database)
    admin = ACCOUNTS[0]
    server_admin.init_server(
        url,
        organisation=tr.gettext(content.VAULT_ORGANISATION),
        admin_username=admin.name,
        admin_password=admin.password,
        admin_display_name=tr.gettext(admin.display_name),
        language=lang,
        meta={server_workshop.FILLING_KEY: "1"},
    )
    try:
        _fill_initialised(url, database, info, progress, tr, started)
    except BaseException as exc:  # an interrupted fill (Ctrl+C) is emptied too
        _discard_unfinished(url, database)  # raises its own error when it cannot
        if not isinstance(exc, Exception):
            raise
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CaseworkError(FAILED, reason=reason) from exc
    info.seconds["total"] = time.perf_counter() - started
    return info


def _fill_initialised(
    url: str,
    database: str,
    info: WorkshopInfo,
    progress: Progress | None,
    tr,  # noqa: ANN001
    started: float,
) -> None:
    for account in ACCOUNTS[1:]:
        server_admin.add_user(
            url, account.name, tr.gettext(account.display_name), set(account.roles),
            account.password,
        )  # fmt: skip
    info.seconds["accounts"] = time.perf_counter() - started
    engine = postgres.make_engine(url, pool_size=1)
    store = ServerStore(engine)
    try:
        _fill(store, info, progress, tr)
        with engine.begin() as conn:
            logins = [
                (
                    a.name,
                    server_admin._verifier(conn, a.name, a.password),
                    [server_security.group_role(database, r) for r in a.roles],
                )
                for a in ACCOUNTS
            ]
            conn.execute(
                text("DELETE FROM vault_meta WHERE key = :k"), {"k": server_workshop.FILLING_KEY}
            )
            server_workshop.save_pristine(conn, database, logins)  # and only now: complete
    finally:
        store.close()


def _discard_unfinished(url: str, database: str) -> None:
    """Empty the database if it holds a workshop whose fill did not reach its end."""
    if not _database_exists(url, database):
        return
    engine = postgres.make_engine(url, pool_size=1)
    try:
        with server_admin._failures(url), engine.begin() as conn:
            if server_workshop.unfinished(conn):
                server_workshop.discard(conn, database)
    finally:
        engine.dispose()


def _database_exists(url: str, database: str) -> bool:
    from sqlalchemy.engine import make_url

    maintenance = make_url(postgres.sqlalchemy_url(url)).set(database="postgres")
    engine = postgres.make_engine(maintenance.render_as_string(hide_password=False), pool_size=1)
    try:
        with server_admin._failures(url), engine.connect() as conn:
            found = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": database}
            ).first()
            return found is not None
    finally:
        engine.dispose()


def _fill(store: ServerStore, info: WorkshopInfo, progress: Progress | None, tr) -> None:  # noqa: ANN001
    with store.session() as s:
        users = {u.username: u for u in s.scalars(select(User))}
    store.opened_by, store.opened_by_id = ACCOUNTS[0].name, users[ACCOUNTS[0].name].id
    _mark(store, info.seed, info.today, info.language, info.cases)  # type: ignore[arg-type]
    clock = Clock(info.today)
    contexts = {
        a.name: ServiceContext(
            store,  # type: ignore[arg-type]
            Actor(users[a.name].id, a.name, tr.gettext(a.display_name), frozenset(a.roles)),
            today=clock,
        )
        for a in ACCOUNTS
    }
    world = World(
        store,  # type: ignore[arg-type]
        info.today,
        info.language,
        clock,
        contexts["admin"],
        contexts["supervisor"],
        [contexts["caseworker1"], contexts["caseworker2"]],
    )
    rng = random.Random(info.seed)
    mark = time.perf_counter()
    _directory(world, rng)
    stories = Stories(world, rng)
    fixed = exercises.EXERCISE_CASES[: max(0, min(info.cases, len(exercises.EXERCISE_CASES)))]
    for case in fixed:
        stories.exercise_case(case)
    info.seconds["directory"] = time.perf_counter() - mark
    mark = time.perf_counter()
    for i in range(info.cases - len(fixed)):
        stories.random_case(i)
        if progress is not None:
            progress(len(fixed) + i + 1, info.cases)
    info.seconds["cases"] = time.perf_counter() - mark
    info.counts.update(count_rows(store))  # type: ignore[arg-type]
    activity.mark_baseline(store)  # type: ignore[arg-type]
