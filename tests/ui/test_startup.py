"""The login window comes up without loading what only an unlock needs.

Not a timed test: the app is started as the user starts it (`python main.py --vault …`, its own
process, offscreen), and reports which of the heavy modules (SQLAlchemy, ReportLab, Babel,
zxcvbn, the services, the main window…) were already in `sys.modules` when the login window was
on screen. They load on a thread after the window's first frame, while the password is typed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from casework.store.vault import Vault
from casework.ui.application import HEAVY_MODULES
from tests.conftest import ADMIN, ADMIN_PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def _start(tmp_path: Path, vault: Path) -> dict[str, str]:
    home = tmp_path / "home"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        CASEWORK_BENCH_QUIT_WHEN_SHOWN="1",
        PYTHONPATH=str(ROOT),
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
    )
    proc = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--vault", str(vault), "--lang", "en"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = {}
    for line in proc.stdout.splitlines():
        if line.startswith("casework-bench: "):
            key, _, value = line.removeprefix("casework-bench: ").partition(":")
            report[key.split(",")[0]] = value.strip()
    return report


def test_login_window_shows_before_any_heavy_module_loads(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    vault, _recovery = Vault.create(
        folder, organisation="Sahel Hope", admin_username=ADMIN, admin_password=ADMIN_PASSWORD
    )
    vault.close()

    report = _start(tmp_path, folder)

    assert "login shown" in report, report
    assert report["heavy modules loaded"] == "-", report["heavy modules loaded"]


def test_the_heavy_list_names_what_an_unlock_loads() -> None:
    # The check above would pass on nothing if the names were wrong: each prefix must match a
    # module this process (which has opened vaults and built PDFs in other tests) can import.
    import importlib

    for name in ("sqlalchemy", "reportlab", "babel", "casework.services.cases"):
        importlib.import_module(name)
        assert name.startswith(HEAVY_MODULES)
    assert not "casework.ui.login".startswith(HEAVY_MODULES)


def test_quitting_from_the_login_window_still_writes_the_log(tmp_path: Path) -> None:
    # The process ends with the cycle collector frozen (`end_quickly`): the log's last line
    # (written, then flushed by logging's own exit handler) must still reach the file.
    folder = tmp_path / "vault"
    vault, _recovery = Vault.create(
        folder, organisation="Sahel Hope", admin_username=ADMIN, admin_password=ADMIN_PASSWORD
    )
    vault.close()

    _start(tmp_path, folder)

    logs = list((tmp_path / "home").rglob("casework.log"))
    assert len(logs) == 1, logs
    lines = logs[0].read_text(encoding="utf-8").splitlines()
    assert lines[-1].endswith("casework.ui.application: stopped"), lines[-3:]


def test_end_quickly_leaves_the_objects_to_the_operating_system() -> None:
    code = (
        "import gc\n"
        "from casework.ui.application import end_quickly\n"
        "end_quickly()\n"
        "print(gc.get_freeze_count())\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    # Every object alive then (Qt's and the app's modules: tens of thousands) is frozen.
    assert int(proc.stdout.strip()) > 10_000
