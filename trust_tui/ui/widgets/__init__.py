"""One reusable widget per module.

Names are loaded when first used (PEP 562): a screen that needs one widget does not import the
others (the summary alone brings Markdown and the exports).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = ["Field", "HorizonPicture", "MapPicture", "PeoplePane", "ProgressStrip", "StageTimer",
           "SummaryView"]

_WHERE = {
    "Field": "field", "HorizonPicture": "horizon_picture", "MapPicture": "map_picture",
    "PeoplePane": "people", "ProgressStrip": "progress", "StageTimer": "timer",
    "SummaryView": "summary",
}

if TYPE_CHECKING:
    from trust_tui.ui.widgets.field import Field
    from trust_tui.ui.widgets.horizon_picture import HorizonPicture
    from trust_tui.ui.widgets.map_picture import MapPicture
    from trust_tui.ui.widgets.people import PeoplePane
    from trust_tui.ui.widgets.progress import ProgressStrip
    from trust_tui.ui.widgets.summary import SummaryView
    from trust_tui.ui.widgets.timer import StageTimer


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'trust_tui.ui.widgets' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"trust_tui.ui.widgets.{module}"), name)
    globals()[name] = value
    return value
