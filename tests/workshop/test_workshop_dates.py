"""Workshop vaults made on any day of the year: histories stay valid, references match the
exercises, and a failed creation leaves no folder behind."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from casework.services import cases
from casework.services.context import ServiceContext
from casework.store.vault import Vault
from casework.workshop import exercise_texts_for, generate
from casework.workshop import exercises as ex
from casework.workshop import generator as g
from casework.workshop.accounts import ACCOUNTS
from casework.workshop.trainer import load_settings


@pytest.mark.parametrize("day", [dt.date(2027, 1, 1), dt.date(2027, 1, 17), dt.date(2028, 2, 29)])
def test_small_vault_on_a_hard_day(tmp_path: Path, day: dt.date) -> None:
    """1-17 January used to fail (the story started before the year did)."""
    folder = tmp_path / "w"
    info = generate(folder, cases=10, language="en", today=day, snapshot=False)
    assert info.folder == folder and folder.is_dir()
    assert [p.name for p in tmp_path.iterdir()] == ["w"]  # no working folder left
    assert load_settings(folder).data_language == "en"
    vault = Vault.open(folder, "caseworker1", ACCOUNTS[2].password, verify_pages=False)
    try:
        ctx = ServiceContext.for_vault(vault)
        for text in exercise_texts_for(vault, "en"):
            if text.reference:
                case_id = cases.case_reference(ctx, text.reference)
                assert cases.get_case(ctx, case_id).data.alias == text.alias
        assert {t.reference[3:7] for t in exercise_texts_for(vault) if t.reference} == {
            str(ex.opening_year(day))
        }
    finally:
        vault.close()


@pytest.mark.slow
def test_every_day_of_a_leap_year(tmp_path: Path) -> None:
    """The exercise cases' histories (the dated ones) played out on each of the 366 days of
    2028 and the last day of 2027, in one vault with one directory (a vault per day would take
    twenty minutes). Any invalid step raises from the service that refuses it."""
    admin = ACCOUNTS[0]
    vault, _ = Vault.create(
        tmp_path / "year",
        organisation="Year",
        admin_username=admin.name,
        admin_password=admin.password,
        language="en",
    )
    try:
        g._relax_durability(vault)
        first = dt.date(2027, 12, 31)
        clock = g.Clock(first)
        contexts = g._users(vault, "en", clock)
        world = g.World(
            vault,
            first,
            "en",
            clock,
            contexts["admin"],
            contexts["supervisor"],
            [contexts["caseworker1"], contexts["caseworker2"]],
        )
        g._directory(world, random.Random(1))
        stories = g.Stories(world, random.Random(1))
        day = first
        while day <= dt.date(2028, 12, 31):
            world.today = day
            for case in ex.EXERCISE_CASES:
                stories.exercise_case(case)
            day += dt.timedelta(days=1)
        assert clock.day <= dt.date(2028, 12, 31)
    finally:
        vault.close()


def test_failed_creation_leaves_no_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "w"

    def broken(self: g.Stories, case: ex.ExerciseCase) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(g.Stories, "exercise_case", broken)
    with pytest.raises(RuntimeError):
        generate(folder, cases=8, language="en", snapshot=False)
    assert list(tmp_path.iterdir()) == []
    # An empty folder chosen by the user stays, empty.
    folder.mkdir()
    with pytest.raises(RuntimeError):
        generate(folder, cases=8, language="en", snapshot=False)
    assert [p.name for p in tmp_path.iterdir()] == ["w"] and not any(folder.iterdir())
