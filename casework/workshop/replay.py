"""Reset one exercise: put back only the records an exercise works on, as the workshop was made,
so one group can replay it without wiping the others' work.

An exercise works on one fictional case (exercises.EXERCISE_CASES): the case and everything
that belongs to it (consents, notes, referrals and their events, plans with goals and actions,
tasks, observations…) are replaced by their rows in the pristine snapshot, in one transaction.
"Register a returnee" makes a new case: resetting it removes the cases of that alias made since.
Records elsewhere (other cases, the directory, accounts) are untouched. The audit trail keeps
everything that happened and records the reset itself.
"""

from __future__ import annotations

from sqlalchemy import Connection, Table, select
from sqlalchemy.orm import Session

from casework.errors import CaseworkError, PermissionDenied
from casework.i18n import N_
from casework.model import Base, Case
from casework.model.enums import Role
from casework.services.context import ServiceContext
from casework.store import audit_chain
from casework.store.backup import read_backup
from casework.store.snapshot import SCHEMA, attached
from casework.workshop import exercises
from casework.workshop.accounts import pristine_path
from casework.workshop.reset import NoPristineCopy


class UnknownExercise(CaseworkError):
    default_message = N_("There is no such training exercise.")


def _scoped_tables() -> list[tuple[Table, str]]:
    """Tables whose rows belong to a case, parents first, each with the SQL condition that
    selects a case's rows in the snapshot (`:case_id`)."""
    conditions: dict[str, str] = {}
    out = []
    for table in Base.metadata.sorted_tables:
        if table.name == "cases":
            continue
        condition = ""
        if "case_id" in table.c and any(
            fk.column.table.name == "cases" for fk in table.c.case_id.foreign_keys
        ):
            condition = "case_id = :case_id"
        else:
            for column in table.c:
                for fk in column.foreign_keys:
                    parent = fk.column.table.name
                    if parent in conditions and parent != table.name:
                        condition = (
                            f"{column.name} IN (SELECT {fk.column.name} FROM "
                            f"{SCHEMA}.{parent} WHERE {conditions[parent]})"
                        )
                        break
                if condition:
                    break
        if condition:
            conditions[table.name] = condition
            out.append((table, condition))
    return out


def _columns(conn: Connection, schema: str, table: str) -> list[str]:
    return [row[1] for row in conn.exec_driver_sql(f"PRAGMA {schema}.table_info({table})")]


def _copy(conn: Connection, table: str, condition: str, case_id: int) -> None:
    live = _columns(conn, "main", table)
    common = [c for c in _columns(conn, SCHEMA, table) if c in live]
    names = ", ".join(f'"{c}"' for c in common)
    sql = condition.replace(":case_id", str(int(case_id)))
    conn.exec_driver_sql(
        f"INSERT INTO main.{table} ({names}) SELECT {names} FROM {SCHEMA}.{table} WHERE {sql}"
    )


def reset_exercise(ctx: ServiceContext, key: str) -> int:
    """Put exercise `key`'s records back as the workshop was made; returns how many cases were
    put back or removed. The trainer (an administrator) only."""
    if Role.ADMINISTRATOR not in ctx.actor.roles:
        raise PermissionDenied()
    exercise = next((e for e in exercises.EXERCISES if e.key == key), None)
    if exercise is None:
        raise UnknownExercise()
    if ctx.vault.folder is None:
        raise CaseworkError(
            N_("On an office server one exercise cannot be replayed alone: reset the workshop.")
        )
    source = pristine_path(ctx.vault.folder)
    if not source.is_file():
        raise NoPristineCopy()
    _header, db = read_backup(source)
    with attached(ctx.vault, db) as conn:
        touched: list[int] = []
        if exercise.case is None:
            newest = conn.exec_driver_sql(f"SELECT max(id) FROM {SCHEMA}.cases").scalar() or 0
            touched = list(
                conn.scalars(
                    select(Case.id).where(
                        Case.alias.in_((exercises.NEW_CASE_ALIAS, exercises.NEW_CASE_ALIAS_AR)),
                        Case.id > newest,
                    )
                )
            )
            for case_id in touched:
                conn.exec_driver_sql(f"DELETE FROM main.cases WHERE id = {int(case_id)}")
        else:
            year = _opening_year(ctx)
            reference = exercises.case_reference(exercise.case, year)
            row = conn.exec_driver_sql(
                f"SELECT id FROM {SCHEMA}.cases WHERE reference = ?", (reference,)
            ).first()
            if row is None:
                raise NoPristineCopy()
            case_id = int(row[0])
            conn.exec_driver_sql(f"DELETE FROM main.cases WHERE id = {case_id}")
            _copy(conn, "cases", "id = :case_id", case_id)
            for table, condition in _scoped_tables():
                _copy(conn, table.name, condition, case_id)
            touched = [case_id]
        with Session(bind=conn) as session:
            audit_chain.append(
                session,
                "workshop.exercise_reset",
                actor_id=ctx.actor.user_id,
                actor_name=ctx.actor.username,
                entity="case" if exercise.case is not None else "",
                entity_id=touched[0] if exercise.case is not None else None,
                details={"exercise": key},
            )
            session.flush()
    return len(touched)


def _opening_year(ctx: ServiceContext) -> int:
    import datetime as dt

    day = ctx.vault.meta("workshop_today")
    return exercises.opening_year(dt.date.fromisoformat(day) if day else dt.date.today())
