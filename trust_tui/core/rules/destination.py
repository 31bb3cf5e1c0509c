"""Destination: the chosen segment of the horizon, its signals, route and date."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trust_tui.core.rules.registry import Rejected, intent

if TYPE_CHECKING:
    from trust_tui.core.engine import Engine


@intent("set_destination", stage="destination")
def set_destination(engine: Engine, sentence: Any = None, theme_ids: Any = None,
                    success_signals: Any = None, route_fixed: Any = None,
                    route_open: Any = None, look_again_on: Any = "-") -> None:
    destination = engine.session.destination
    if sentence is not None:
        destination.sentence = engine.checked_text(sentence, "sentence", required=False)
    if theme_ids is not None:
        destination.theme_ids = [engine.find_theme(t).id for t in theme_ids]
    if success_signals is not None:
        signals = engine.checked_signals(success_signals, free=True)
        limit = engine.script.limit("max_success_signals")
        if len(signals) > limit:
            raise Rejected("too_many_signals", limit=limit)
        destination.success_signals = signals
    if route_fixed is not None:
        destination.route_fixed = engine.checked_text(route_fixed, "note", required=False,
                                             multiline=True)
    if route_open is not None:
        destination.route_open = engine.checked_text(route_open, "note", required=False,
                                            multiline=True)
    if look_again_on != "-":
        destination.look_again_on = engine.checked_date(look_again_on)
