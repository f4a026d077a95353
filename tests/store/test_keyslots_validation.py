"""keyslots.json is checked before any of its values is used: bad structure and bad types are
reported as damage pointing to `restore` (not as a wrong password, not counted by the throttle),
KDF parameters far above the calibrated ones are refused before deriving, and a Hypothesis run
mutating the file and backups never gets a traceback, a hang or a changed database."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from conftest import ADMIN, ADMIN_PASSWORD
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework.errors import CaseworkError, KeyslotsDamaged, WrongCredentials
from casework.services import vault_admin
from casework.services.context import ServiceContext
from casework.store.backup import restore_backup, unlock_with_password
from casework.store.kdf import PRODUCTION, TESTING, KdfParams
from casework.store.keyslots import _file_checksum
from casework.store.vault import Vault

SLOW = 4.0  # seconds: far above any honest unlock under the test KDF policy


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A closed vault and a backup of it, copied for every example."""
    base = tmp_path_factory.mktemp("template")
    vault, _ = Vault.create(
        base / "vault", organisation="O", admin_username=ADMIN, admin_password=ADMIN_PASSWORD
    )
    vault_admin.backup(ServiceContext.for_vault(vault), base / "backup.cwb")
    vault.close()
    return base / "vault", base / "backup.cwb"


def _db_state(folder: Path) -> tuple[str, int]:
    wal = folder / "casework.db-wal"
    digest = hashlib.sha256((folder / "casework.db").read_bytes()).hexdigest()
    return digest, wal.stat().st_size if wal.exists() else 0


def _try_open(template_folder: Path, slots_bytes: bytes) -> None:
    """Open a copy whose keyslots.json is `slots_bytes` with the right password: a clean
    outcome, quickly, and nothing written when refused."""
    work = Path(tempfile.mkdtemp())
    try:
        folder = work / "v"
        shutil.copytree(template_folder, folder)
        (folder / "keyslots.json").write_bytes(slots_bytes)
        before = _db_state(folder)
        start = time.monotonic()
        try:
            Vault.open(folder, ADMIN, ADMIN_PASSWORD).close()
        except CaseworkError as exc:
            assert _db_state(folder) == before, "a refused unlock changed the database"
            if not isinstance(exc, WrongCredentials):
                assert not (folder / "throttle.json").exists(), "damage counted as a wrong try"
        assert time.monotonic() - start < SLOW
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _damage(template_folder: Path, data: object, *, recheck: bool = True) -> None:
    """Refused as damage. With `recheck` the file's checksum is recomputed, so the structure
    and type checks themselves are what refuses it."""
    if recheck and isinstance(data, dict):
        data["check"] = _file_checksum(data)
    with pytest.raises(KeyslotsDamaged) as info:
        _open_with(template_folder, json.dumps(data).encode())
    assert "restore" in str(info.value).lower()


def _open_with(template_folder: Path, slots_bytes: bytes) -> None:
    work = Path(tempfile.mkdtemp())
    try:
        shutil.copytree(template_folder, work / "v")
        (work / "v" / "keyslots.json").write_bytes(slots_bytes)
        start = time.monotonic()
        assert not (work / "v" / "throttle.json").exists()
        try:
            Vault.open(work / "v", ADMIN, ADMIN_PASSWORD).close()
        finally:
            assert time.monotonic() - start < SLOW
            # Not counted as a wrong password: no delay state was written.
            assert not (work / "v" / "throttle.json").exists()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _slots(template_folder: Path) -> dict:
    return json.loads((template_folder / "keyslots.json").read_bytes())


def test_edited_argon2_cost_is_refused_before_deriving(template):
    folder, _ = template
    for params in (
        {"memory_kib": 4 * 1024 * 1024, "iterations": 3, "lanes": 4},  # 4 GiB
        {"memory_kib": 64, "iterations": 10**9, "lanes": 1},  # a billion passes
        {"memory_kib": 64, "iterations": 1, "lanes": 2**24},
        {"memory_kib": 2**70, "iterations": 1, "lanes": 1},
        {"memory_kib": 8, "iterations": 1, "lanes": 4},  # below Argon2's own minimum
    ):
        data = _slots(folder)
        slot = next(s for s in data["slots"] if s["kdf"] == "argon2id")
        slot["params"] = params
        slot.pop("check")
        _damage(folder, data)


def test_kdf_ceiling_follows_the_calibrated_values():
    assert KdfParams(64 * 1024, 12, 4).within(PRODUCTION)  # the slowest calibrated slot
    assert not KdfParams(64 * 1024, 13, 4).within(PRODUCTION)
    assert not KdfParams(1024 * 1024, 3, 4).within(PRODUCTION)
    assert KdfParams(64, 1, 1).within(TESTING)


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d.update(slots={"a": 1}),
        lambda d: d.update(slots=[["not", "a", "slot"]]),
        lambda d: d.update(version="1"),
        lambda d: d.update(version=True),
        lambda d: d.update(lookup_salt=12),
        lambda d: d["slots"][0].update(params=[65536, 3, 4]),
        lambda d: d["slots"][0].update(params={"memory_kib": "64", "iterations": 1, "lanes": 1}),
        lambda d: d["slots"][0].update(params={"memory_kib": 64.0, "iterations": 1, "lanes": 1}),
        lambda d: d["slots"][0].update(salt=None),
        lambda d: d["slots"][0].update(salt="AAAA"),
        lambda d: d["slots"][0].update(id=["x"]),
        lambda d: d["slots"].append(d["slots"][0]),
        lambda d: d["slots"][0].update(check="0" * 64),
    ],
)
def test_bad_structure_or_types_are_damage_not_a_wrong_password(template, edit):
    folder, _ = template
    data = _slots(folder)
    edit(data)
    _damage(folder, data)


def test_a_flipped_byte_in_a_slot_is_damage_not_a_wrong_password(template):
    folder, _ = template
    data = _slots(folder)
    slot = next(s for s in data["slots"] if s["kdf"] == "argon2id")
    salt = bytearray(base64.b64decode(slot["salt"]))
    salt[0] ^= 1
    slot["salt"] = base64.b64encode(bytes(salt)).decode()
    _damage(folder, data, recheck=False)


def test_a_changed_vault_id_or_lookup_salt_is_damage_not_a_wrong_password(template):
    folder, _ = template
    for field in ("vault_id", "lookup_salt"):
        data = _slots(folder)
        text = data[field]
        data[field] = ("B" if text[0] != "B" else "C") + text[1:]
        _damage(folder, data, recheck=False)


_ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def _flip(original: bytes, i: int, bits: int) -> bytes:
    return original[:i] + bytes([original[i] ^ bits]) + original[i + 1 :]


def _paths(value: object, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            found += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _paths(v, (*prefix, i))
    return found


def _set(data: object, path: tuple, value: object) -> object:
    if not path:
        return value
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return data


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_mutated_keyslots_never_crash_hang_or_write(template, data):
    folder, _ = template
    original = (folder / "keyslots.json").read_bytes()
    kind = data.draw(st.sampled_from(["value", "flip", "truncate", "insert"]))
    if kind == "value":
        doc = json.loads(original)
        path = data.draw(st.sampled_from(_paths(doc)))
        mutated = json.dumps(_set(doc, path, data.draw(_ODD_VALUES))).encode()
    elif kind == "flip":
        i = data.draw(st.integers(0, len(original) - 1))
        mutated = (
            original[:i] + bytes([original[i] ^ data.draw(st.integers(1, 255))]) + original[i + 1 :]
        )
    elif kind == "truncate":
        mutated = original[: data.draw(st.integers(0, len(original) - 1))]
    else:
        i = data.draw(st.integers(0, len(original)))
        mutated = original[:i] + data.draw(st.binary(min_size=1, max_size=20)) + original[i:]
    _try_open(folder, mutated)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_mutated_backups_never_crash_hang_or_leave_anything(template, data):
    _, backup = template
    original = backup.read_bytes()
    kind = data.draw(st.sampled_from(["flip", "truncate", "insert", "header"]))
    if kind == "flip":
        i = data.draw(st.integers(0, len(original) - 1))
        mutated = (
            original[:i] + bytes([original[i] ^ data.draw(st.integers(1, 255))]) + original[i + 1 :]
        )
    elif kind == "truncate":
        mutated = original[: data.draw(st.integers(0, len(original) - 1))]
    elif kind == "insert":
        i = data.draw(st.integers(0, len(original)))
        mutated = original[:i] + data.draw(st.binary(min_size=1, max_size=20)) + original[i:]
    else:
        end = original.index(b"\n", 16)
        header = json.loads(original[16:end])
        path = data.draw(st.sampled_from(_paths(header)))
        new_header = json.dumps(_set(header, path, data.draw(_ODD_VALUES))).encode()
        mutated = original[:16] + new_header + original[end:]
    work = Path(tempfile.mkdtemp())
    try:
        (work / "b.cwb").write_bytes(mutated)
        start = time.monotonic()
        try:
            restore_backup(work / "b.cwb", work / "r", unlock_with_password(ADMIN, ADMIN_PASSWORD))
            restored = True
        except CaseworkError:
            restored = False
        assert time.monotonic() - start < SLOW
        if restored:
            # Only a change that is no change at all may restore.
            assert mutated == original
        else:
            assert sorted(p.name for p in work.iterdir()) == ["b.cwb"], "left something behind"
    finally:
        shutil.rmtree(work, ignore_errors=True)
