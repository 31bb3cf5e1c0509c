"""Reusable widgets, one per module."""

from trust_tui.ui.widgets.field import Field
from trust_tui.ui.widgets.horizon_picture import HorizonPicture
from trust_tui.ui.widgets.map_picture import MapPicture
from trust_tui.ui.widgets.people import PeoplePane
from trust_tui.ui.widgets.progress import ProgressStrip
from trust_tui.ui.widgets.summary import SummaryView
from trust_tui.ui.widgets.timer import StageTimer

__all__ = ["Field", "HorizonPicture", "MapPicture", "PeoplePane", "ProgressStrip", "StageTimer",
           "SummaryView"]
