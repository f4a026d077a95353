"""Fuzzing the command line's arguments and standard input (Hypothesis, 500 cases in the suite).

The CLI runs in-process through `main(argv)` with standard input, output and error replaced, on a
real vault whose password the fuzzer never gives. Whatever the arguments and bytes: an exit code
of 0, 1 or 2, never a traceback nor the last-guard "unexpected problem" message, never a hang
(each case is stopped by an alarm after a few seconds), and the vault's files never change.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import signal
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from casework.cli import main
from casework.commands import COMMANDS
from casework.model import AuditEvent
from casework.services.context import REFUSED
from casework.store.throttle import THROTTLE_FILE
from casework.store.vault import Vault

PW = "orchard lantern quietly ninety"
SECONDS_PER_CASE = 10
UNEXPECTED = ("Traceback", "unexpected problem", "problème inattendu")


class Hang(BaseException):  # not an Exception: the CLI's last guard must not swallow it
    pass


def _make_place(root: Path) -> dict:
    vault, recovery = Vault.create(
        root / "vault", organisation="Hope", admin_username="amina", admin_password=PW
    )
    vault.close()
    (root / "afile").write_text("not a vault")
    (root / "full").mkdir()
    (root / "full" / "something").write_text("x")
    return {"root": root, "vault": root / "vault", "cwd": _read_only_folder(root), "key": recovery}


@pytest.fixture(scope="module")
def place(tmp_path_factory) -> dict:
    return _make_place(tmp_path_factory.mktemp("fuzz"))


@pytest.fixture(scope="module")
def signed_in_place(tmp_path_factory) -> dict:
    return _make_place(tmp_path_factory.mktemp("fuzz_signed_in"))


def _read_only_folder(root: Path) -> Path:
    """Where relative paths land: nothing can be made there, so no command ever succeeds in
    making a vault (a workshop vault takes seconds; that is not what is fuzzed here)."""
    folder = root / "locked"
    folder.mkdir(mode=0o500)
    if _refuses_mkdir(folder):
        return folder
    sysfs = Path("/sys/kernel")  # as root, file modes do not stop writes; sysfs does
    if sysfs.is_dir() and _refuses_mkdir(sysfs):
        return sysfs
    pytest.skip("no folder here refuses new folders to this user")


def _refuses_mkdir(folder: Path) -> bool:
    try:
        (folder / "casework-probe").mkdir()
    except OSError:
        return True
    (folder / "casework-probe").rmdir()
    return False


def _paths(place: dict[str, Path]) -> list[str]:
    root, vault = place["root"], place["vault"]
    return [
        str(vault),
        str(vault / "casework.db"),
        str(vault / "keyslots.json"),
        str(vault / "sub" / "x.pdf"),
        str(root / "afile"),
        str(root / "afile" / "below"),  # a folder that cannot be made: its parent is a file
        str(root / "full"),  # not empty: no vault is made in it
        str(place["cwd"] / "copy.cwb"),
        str(place["cwd"] / "nowhere" / "x.pdf"),
        str(root / ("a" * 300)),
        str(root / ("ab/" * 1500)),
        "",
        " ",
        "-",
        "/",
        "/sys/casework",
        "/proc/self/fd/0",
    ]


# Random words never hold "/": an absolute path made by chance could be creatable.
TEXT = st.text(st.characters(blacklist_characters="/"), max_size=20)

WORDS = [
    *COMMANDS,
    "frobnicate",
    "--user",
    "--recovery-key",
    "--lang",
    "--lang=fr",
    "--lang=xx",
    "--org",
    "--admin",
    "--country",
    "--role",
    "--name",
    "--target",
    "--out",
    "--version",
    "--referral",
    "--legal-name",
    "--cases",
    "--seed",
    "--password-stdin",
    "-h",
    "--help",
    "--",
    "-x",
    "amina",
    "AMINA ",
    "carl",
    "fr",
    "en",
    "caseworker",
    "supervisor",
    "administrator",
    "plan",
    "referral",
    "summary",
    "KE",
    "KE-2026-0001",
    "0",
    "-1",
    "99999999999999999999999",
    "1e9",
    "\udcff\udcfe",  # bytes that were not UTF-8 on the command line
    "a\x00b",
    "\u202eevil",
    "é" * 90,
]

STDIN = st.one_of(
    st.binary(max_size=300),
    st.lists(
        st.one_of(
            st.sampled_from(["amina", "wrong password here ok", "lemon tractor whispers north"]),
            st.text(max_size=60),
        ),
        max_size=4,
    ).map(lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass")),
)


VALUES = [w for w in WORDS if not w.startswith("-")]


def _grammar() -> dict[str, tuple[int, list[tuple[str, bool]]]]:
    """Each command's number of positionals and its options (name, takes a value), read from
    the real parser so the fuzz follows the CLI as it grows."""
    import argparse

    from casework.cli import build_parser

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    grammar = {}
    for name, parser in sub.choices.items():
        positionals = sum(1 for a in parser._actions if not a.option_strings)
        options = [
            (a.option_strings[-1], a.nargs != 0)
            for a in parser._actions
            if a.option_strings and a.option_strings[-1] not in ("--help", "--password-stdin")
        ]
        grammar[name] = (positionals, options)
    return grammar


def _argv(paths: list[str], vault: str = "") -> st.SearchStrategy[list[str]]:
    """Mostly well-formed: [--lang] command its-positionals its-options, sometimes a word
    too many or too few, sometimes anything at all."""
    grammar = _grammar()
    anything = st.one_of(st.sampled_from(WORDS), st.sampled_from(paths), TEXT)
    value = st.one_of(st.sampled_from(VALUES), st.sampled_from(paths), TEXT)
    positional = st.one_of(st.sampled_from(paths), st.sampled_from(paths), value)
    if vault:  # most commands then act on the real vault
        positional = st.one_of(st.just(vault), st.just(vault), positional)

    @st.composite
    def well_formed(draw: st.DrawFn) -> list[str]:
        command = draw(st.sampled_from(sorted(grammar)))
        count, options = grammar[command]
        argv = draw(st.sampled_from([[], [], ["--lang", "fr"], ["--lang=en"]])) + [command]
        argv += [draw(positional) for _ in range(count + draw(st.sampled_from([0, 0, 0, -1, 1])))]
        for name, takes_value in draw(st.lists(st.sampled_from(options), max_size=4)):
            argv += [name, draw(value)] if takes_value else [name]
        if (vault or draw(st.booleans())) and "--user" in dict(options):
            argv += ["--user", "amina"]
        return argv

    return st.one_of(well_formed(), well_formed(), well_formed(), st.lists(anything, max_size=9))


def _fingerprint(vault: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(vault.iterdir())
        if p.name != THROTTLE_FILE
    }


def _alarm(signum, frame):  # noqa: ANN001 - a signal handler
    raise Hang()


def _run(place: dict, argv: list[str], stdin: bytes) -> tuple[int, str, str]:
    """One case: the CLI in-process, in the read-only folder, stopped after a few seconds."""
    out, err = io.StringIO(), io.StringIO()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(SECONDS_PER_CASE)
    saved_stdin, saved_cwd = sys.stdin, os.getcwd()
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    os.chdir(place["cwd"])
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--password-stdin", *argv])
    except Hang:
        pytest.fail(f"the CLI hung on {argv!r}")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        sys.stdin = saved_stdin
        os.chdir(saved_cwd)
    text = out.getvalue() + err.getvalue()
    event(f"exit {code}: {err.getvalue().splitlines()[0][:50] if err.getvalue() else ''}")
    assert code in (0, 1, 2), (argv, text)
    assert not any(word in text for word in UNEXPECTED), (argv, text)
    if code != 0:
        assert err.getvalue().strip(), (argv, "a failure says why")
    assert sorted(p.name for p in place["root"].iterdir()) == ["afile", "full", "locked", "vault"]
    return code, out.getvalue(), err.getvalue()


SETTINGS = {
    "deadline": timedelta(seconds=SECONDS_PER_CASE),
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "derandomize": os.environ.get("CASEWORK_FUZZ_RANDOM") != "1",
}


@settings(max_examples=int(os.environ.get("CASEWORK_FUZZ_EXAMPLES", "500")), **SETTINGS)
@given(data=st.data(), stdin=STDIN)
def test_no_argument_or_input_crashes_hangs_or_changes_the_vault(place, data, stdin):
    argv = data.draw(_argv(_paths(place)), label="argv")
    vault = place["vault"]
    (vault / THROTTLE_FILE).unlink(missing_ok=True)  # every case reaches the key derivation
    before = _fingerprint(vault)
    _run(place, argv, stdin)
    assert _fingerprint(vault) == before, argv


def _audited(place: dict) -> list[str]:
    """The trail's actions, read with the recovery key (passwords may have been changed)."""
    vault = Vault.open_with_recovery(place["vault"], place["key"], verify_pages=False)
    with vault, vault.session() as s:
        return list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


@settings(max_examples=int(os.environ.get("CASEWORK_FUZZ_SIGNED_IN", "60")), **SETTINGS)
@given(data=st.data(), more=STDIN)
def test_with_the_right_password_a_failed_command_audits_nothing_but_refusals(
    signed_in_place, data, more
):
    """The acting user's password is right, the rest is fuzzed: a command that fails leaves
    at most its login and refusals in the audit trail (audited only when it happened)."""
    place = signed_in_place
    argv = data.draw(_argv(_paths(place), str(place["vault"])), label="argv")
    (place["vault"] / THROTTLE_FILE).unlink(missing_ok=True)
    before = _audited(place)
    code, _out, _err = _run(place, argv, PW.encode() + b"\n" + more)
    after = _audited(place)
    assert after[: len(before)] == before, "the trail only grows"
    new = [a for a in after[len(before) :] if not a.startswith("login.")]
    if code != 0:
        assert set(new) <= {REFUSED}, (argv, new)


def test_the_fuzzed_vault_still_opens(place):
    with Vault.open(place["vault"], "amina", PW, verify_pages=True) as vault:
        assert vault.opened_by == "amina"
