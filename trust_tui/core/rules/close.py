"""Close: a word or a score each, and the end of the session."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trust_tui.core.model import ClosingWord
from trust_tui.core.rules.registry import Rejected, intent

if TYPE_CHECKING:
    from trust_tui.core.engine import Engine


@intent("closing_word", stage="close", participant=True)
def closing_word(engine: Engine, who: str, word: Any = "", score: Any = None) -> None:
    if score is not None and (not isinstance(score, int) or isinstance(score, bool)
                              or not 1 <= score <= 5):
        raise Rejected("bad_score")
    clean = engine.checked_text(word, "word", required=False)
    if not clean and score is None:
        raise Rejected("empty_text")
    engine.session.closing = [c for c in engine.session.closing if c.participant_id != who]
    engine.session.closing.append(ClosingWord(who, clean, score))


@intent("finish", stage="close")
def finish(engine: Engine) -> None:
    engine.session.status = "finished"
    engine.session.turn = None
    engine._authors.clear()
    engine._ballot_of.clear()
