"""Every page fits 1024×700 in French (the longer language) without cut words: no elided table
header, no combo text or button cut short, no horizontal scroll bar, no page scrolling down."""

from __future__ import annotations

import datetime as dt

import pytest
from fixtures_screens import World, give_consent
from layout_check import problems

from casework.i18n import set_language
from casework.model.enums import LifeDomain, ServiceType
from casework.services import plans, referrals, tasks
from casework.ui.main_window import MainWindow

pytest_plugins = ["fixtures_screens"]

SIZE = (1024, 700)


def _some_work(world: World) -> None:
    """A referral with a history, a task: tables with rows, as on a working day."""
    sup = world.supervisor
    give_consent(sup, world.carl_case, world.training_org)
    rid = referrals.create_referral(
        sup,
        world.carl_case,
        referrals.ReferralInput(ServiceType.VOCATIONAL_TRAINING, world.training_org),
    )
    referrals.send_referral(sup, rid)
    tasks.create_task(
        world.caseworker,
        world.carl_case,
        tasks.TaskInput("Appeler le centre de formation", dt.date.today()),
    )
    # A draft plan with a goal: the plan tab shows its review buttons (long in French).
    plan_id = plans.create_plan(world.caseworker, world.carl_case, "Un travail stable")
    plans.add_goal(
        world.caseworker,
        plan_id,
        plans.GoalInput(LifeDomain.EMPLOYMENT, "Trouver un emploi stable"),
    )


def _page_scrolls(window: MainWindow) -> list[str]:
    """The whole page scrolling down: at 1024×700 every page and tab fits, its own lists
    scrolling inside it (a projector's zoom may still need the page to scroll)."""
    bar = window.page_area.verticalScrollBar()
    return [f"the page scrolls {bar.maximum()} px down"] if bar.maximum() > 0 else []


def _check_every_page(qtbot, ctx, open_case: int | None = None) -> dict[str, list[str]]:  # noqa: ANN001
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.wait(50)  # the window first fits itself to the (test) screen; then the laptop's size
    window.resize(*SIZE)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == SIZE)
    found: dict[str, list[str]] = {}
    for key in window.page_keys():
        window.show_page(key)
        qtbot.wait(30)
        screen = window.current_screen()
        if key == "CasesScreen" and open_case is not None:
            window.open_case(open_case)
            qtbot.wait(30)
            ws = screen.workspace(open_case)
            for i in range(ws.tabs.count()):
                ws.tabs.setCurrentIndex(i)
                tab = ws.tabs.widget(i)
                # Tabs load on the pool when first shown: check them with their rows in.
                qtbot.waitUntil(lambda tab=tab: not getattr(tab, "loading", False))
                qtbot.wait(10)
                found[f"{key}/{ws.tabs.tabText(i)}"] = problems(window) + _page_scrolls(window)
            screen.tabs.setCurrentIndex(0)
            qtbot.wait(30)
        found[key] = problems(window) + _page_scrolls(window)
    return {k: v for k, v in found.items() if v}


@pytest.mark.parametrize("who", ["supervisor", "caseworker"])
def test_every_page_fits_1024_by_700_in_french(qtbot, world: World, who: str) -> None:
    _some_work(world)
    set_language("fr")
    ctx = getattr(world, who)
    cut = _check_every_page(qtbot, ctx, open_case=world.carl_case)
    assert not cut, "\n".join(f"{page}: {p}" for page, items in cut.items() for p in items)


def test_administration_fits_1024_by_700_in_french(qtbot, world: World) -> None:
    set_language("fr")
    cut = _check_every_page(qtbot, world.office.admin)
    assert not cut, "\n".join(f"{page}: {p}" for page, items in cut.items() for p in items)
