"""The stage's countdown: start, a minute more, reset."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trust_tui.core.model import Timer
from trust_tui.core.rules.registry import Rejected, intent

if TYPE_CHECKING:
    from trust_tui.core.engine import Engine


@intent("start_timer")
def start_timer(engine: Engine) -> None:
    session = engine.session
    plan = session.plan_for(session.stage)
    minutes = plan.minutes if plan and plan.minutes else 5
    session.timers = [t for t in session.timers if t.stage != session.stage]
    session.timers.append(Timer(session.stage, minutes, engine.clock(), 0))


@intent("extend_timer")
def extend_timer(engine: Engine, minutes: Any = 1) -> None:
    timer = engine.timer()
    if timer is None or timer.started_at is None:
        raise Rejected("no_timer")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 60:
        raise Rejected("bad_minutes")
    left = engine.remaining() or 0
    if left < 0:  # extending after zero gives a minute from now, not from the past
        timer.extra_seconds += -left
    timer.extra_seconds += minutes * 60


@intent("reset_timer")
def reset_timer(engine: Engine) -> None:
    if engine.timer() is None:
        raise Rejected("no_timer")
    engine.session.timers = [t for t in engine.session.timers if t.stage != engine.session.stage]
