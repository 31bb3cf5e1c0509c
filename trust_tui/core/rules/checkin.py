"""Check-in: a question drawn without repeats, one answer (or a pass) each."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trust_tui.core.model import CheckIn
from trust_tui.core.rules.registry import intent

if TYPE_CHECKING:
    from trust_tui.core.engine import Engine


def draw_question(engine: Engine, avoid: list[str]) -> str:
    """A question for the check-in, none of ``avoid`` unless every one is."""
    questions = list(engine.script.checkin_questions)
    fresh = [q for q in questions if q not in set(avoid)] or questions
    engine.session.checkin_question = engine.rng.choice(fresh)
    return engine.session.checkin_question


@intent("draw_checkin")
def draw_checkin(engine: Engine, avoid: Any = ()) -> str:
    """Draw a question, avoiding those this team has had (``avoid``), and the current one."""
    avoid_list = [str(q) for q in avoid]
    if engine.session.checkin_question:
        avoid_list.append(engine.session.checkin_question)
    return draw_question(engine, avoid_list)


@intent("check_in", stage="checkin", participant=True)
def check_in(engine: Engine, who: str, answer: Any = "", passed: Any = False) -> None:
    text = "" if passed else engine.checked_text(answer, "sentence")
    engine.session.checkins = [c for c in engine.session.checkins if c.participant_id != who]
    engine.session.checkins.append(CheckIn(who, text, bool(passed)))
