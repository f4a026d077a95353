"""Child process for the crash tests: writes in a loop and reports each commit that returned.

    python crash_child.py commit VAULT USER PASSWORD    -> prints "case <id>" after each commit
    python crash_child.py passwd VAULT USER PW_A PW_B    -> prints "now <A|B>" after each change
The parent kills it with SIGKILL at a random moment and checks what survived.
"""

from __future__ import annotations

import sys

from casework.model.enums import ClientCategory, CustodyStatus
from casework.services import cases, users
from casework.services.cases import CaseInput
from casework.services.context import ServiceContext
from casework.store.vault import Vault


def commit_loop(folder: str, user: str, password: str) -> None:
    ctx = ServiceContext.for_vault(Vault.open(folder, user, password, verify_pages=False))
    print("ready", flush=True)
    i = 0
    while True:
        i += 1
        case_id = cases.create_case(
            ctx, CaseInput(f"Crash {i}", ClientCategory.DISENGAGED, CustodyStatus.RELEASED, "KE")
        )
        print(f"case {case_id}", flush=True)


def passwd_loop(folder: str, user: str, pw_a: str, pw_b: str) -> None:
    ctx = ServiceContext.for_vault(Vault.open(folder, user, pw_a, verify_pages=False))
    print("ready", flush=True)
    current, other = ("A", pw_a), ("B", pw_b)
    while True:
        users.change_own_password(ctx, current[1], other[1])
        current, other = other, current
        print(f"now {current[0]}", flush=True)


if __name__ == "__main__":
    mode, *rest = sys.argv[1:]
    if mode == "commit":
        commit_loop(*rest)
    else:
        passwd_loop(*rest)
