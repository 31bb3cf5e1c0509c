"""Moving along the route of stages: next, back, skip."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trust_tui.core.rules.checkin import draw_question
from trust_tui.core.rules.choose import seal_votes
from trust_tui.core.rules.registry import Rejected, intent

if TYPE_CHECKING:
    from trust_tui.core.engine import Engine


def move(engine: Engine, step: int) -> str:
    session = engine.session
    route = session.enabled_stages()
    index = route.index(session.stage) if session.stage in route else 0
    target = index + step
    if target < 0 or (step < 0 and route[target] == "setup"):
        raise Rejected("first_stage")
    if target >= len(route):
        raise Rejected("last_stage")
    if session.stage == "choose" and step > 0 and session.ballots:
        seal_votes(engine)  # moving on ends the vote: its totals are kept, as at a reveal
    session.stage = route[target]
    engine.ready = []
    # Alone, the keyboard is always yours; in a meeting each stage starts with the facilitator.
    session.turn = session.participants[0].id if session.mode == "solo" else None
    if session.stage == "checkin" and session.checkin_question is None:
        draw_question(engine, engine._checkin_avoid)
    return session.stage


@intent("advance")
def advance(engine: Engine) -> str:
    return move(engine, +1)


@intent("back")
def back(engine: Engine) -> str:
    return move(engine, -1)


@intent("skip")
def skip(engine: Engine) -> str:
    """Leave an optional stage without doing it; it is marked as skipped."""
    session = engine.session
    info = engine.script.stage(session.stage)
    if info is None or not info.optional:
        raise Rejected("not_optional")
    if session.stage not in session.skipped:
        session.skipped.append(session.stage)
    return move(engine, +1)
