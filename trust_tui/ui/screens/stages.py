"""Which screen shows which stage."""

from __future__ import annotations

from trust_tui.core import Session
from trust_tui.ui.screens.setup import SetupScreen
from trust_tui.ui.screens.stage import StageScreen
from trust_tui.ui.screens.stage_checkin import CheckinScreen
from trust_tui.ui.screens.stage_choose import ChooseScreen
from trust_tui.ui.screens.stage_close import CloseScreen
from trust_tui.ui.screens.stage_common_ground import CommonGroundScreen
from trust_tui.ui.screens.stage_destination import DestinationScreen
from trust_tui.ui.screens.stage_horizon import HorizonScreen
from trust_tui.ui.screens.stage_look_back import LookBackScreen
from trust_tui.ui.screens.stage_map import MapScreen
from trust_tui.ui.screens.stage_practice import PracticeScreen
from trust_tui.ui.screens.stage_relationships import RelationshipsScreen

__all__ = ["STAGE_SCREENS", "screen_for"]

STAGE_SCREENS = {
    screen.stage: screen
    for screen in (CheckinScreen, LookBackScreen, HorizonScreen, CommonGroundScreen, ChooseScreen,
                   DestinationScreen, RelationshipsScreen, MapScreen, PracticeScreen,
                   CloseScreen)
}


def screen_for(session: Session) -> SetupScreen | StageScreen:
    if session.stage == "setup" or not session.started:
        return SetupScreen()
    screen: type[StageScreen] | None = STAGE_SCREENS.get(session.stage)
    if screen is None:  # a stage with no screen of its own yet: the shared frame, guide only
        screen = type(f"{session.stage.title()}Screen", (StageScreen,), {"stage": session.stage})
    return screen()
