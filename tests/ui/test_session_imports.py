"""What a session keeps in memory (issue 13): an unlock and every page leave zxcvbn and Alembic
unloaded.

zxcvbn's frequency lists take about 13 MB of a session's resident memory; only choosing a new
password needs them. Alembic (with Mako and Pygments) takes about 11 MB; only a vault whose
schema is not the app's head needs it at unlock (store/schema.py, `at_head`). The session runs
in a process of its own (this test process has loaded them in other tests): the login window's
unlock, then every page the administrator may see, built and loaded. Then a password is
assessed in that process, which does load zxcvbn.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import ADMIN, ADMIN_PASSWORD

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import json, sys, time
from pathlib import Path
from typing import Any
from PySide6.QtWidgets import QApplication
from casework.ui.application import preload
from casework.ui.pages import build_pages
from casework.ui.session import SessionController

app = QApplication([])
preload()
controller = SessionController(Path(sys.argv[1]), build_pages)
controller.show_login()
controller.login.username.setText(sys.argv[2])
controller.login.password.setText(sys.argv[3])
controller.login.submit()

def wait(until):
    deadline = time.monotonic() + 60
    while not until():
        assert time.monotonic() < deadline, "timed out"
        app.processEvents()
        time.sleep(0.005)

wait(lambda: controller.window is not None and controller.vault.pages_checked)
window = controller.window
for row in range(window.nav.count()):
    window.nav.setCurrentRow(row)
    for _ in range(50):
        app.processEvents()
        time.sleep(0.002)
pages = window.nav.count()
session = sorted({m.split(".")[0] for m in sys.modules} & {"zxcvbn", "alembic", "mako", "pygments"})
from casework.store import passwords
strength = passwords.assess("password")
after = "zxcvbn" in sys.modules
controller.shutdown()
print("result:" + json.dumps([pages, session, strength.acceptable, after]))
"""


def _child_result(code: str, tmp_path: Path, shell_vault: Path) -> Any:
    """Run `code` in a fresh Python on the administrator's vault; what it printed as result."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-c", code, str(shell_vault), ADMIN, ADMIN_PASSWORD],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    line = next(x for x in proc.stdout.splitlines() if x.startswith("result:"))
    return json.loads(line.removeprefix("result:"))


def test_a_session_loads_neither_zxcvbn_nor_alembic(tmp_path: Path, shell_vault: Path) -> None:
    pages, loaded, acceptable, after = _child_result(CHILD, tmp_path, shell_vault)
    assert pages >= 4  # the administrator's pages (Administration among them) were opened
    assert loaded == []
    assert acceptable is False  # "password" is refused: zxcvbn did its work when asked
    assert after is True


UNLOCK_CHILD = """
import json, sys
from pathlib import Path
from typing import Any
from casework.ui.application import preload

preload()
before = set(sys.modules)
from casework.store.vault import Vault

vault = Vault.open(Path(sys.argv[1]), sys.argv[2], sys.argv[3], verify_pages=False)
vault.close()
print("result:" + json.dumps(sorted(set(sys.modules) - before)))
"""


def test_the_preload_leaves_an_unlock_nothing_to_import(tmp_path: Path, shell_vault: Path) -> None:
    """What the first unlock's job would import (SQLAlchemy's SQLite dialect, about 20 ms; the
    cryptography backend of the key slots) is loaded while the password is typed."""
    loaded = _child_result(UNLOCK_CHILD, tmp_path, shell_vault)
    assert [m for m in loaded if m.split(".")[0] in {"sqlalchemy", "cryptography"}] == []


PAGES_CHILD = """
import json, sys
from casework.ui.application import preload
from casework.ui.pages import PAGES

preload()
print("result:" + json.dumps(sorted({m for m, *_ in PAGES} - set(sys.modules))))
"""


def test_the_preload_loads_every_pages_module(tmp_path: Path, shell_vault: Path) -> None:
    """Pages are built when first chosen, but their modules are imported while the password is
    typed: imported on the first click, Statistics' cost about 50 ms of CPU, once per start."""
    assert _child_result(PAGES_CHILD, tmp_path, shell_vault) == []
