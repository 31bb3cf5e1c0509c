"""Look back (a follow-up): how each commitment went; keep or adjust the destination."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from trust_tui.core.rules.registry import Rejected, intent

if TYPE_CHECKING:
    from trust_tui.core.engine import Engine


@intent("review_commitment", stage="look_back")
def review_commitment(engine: Engine, commitment_id: Any, mark: Any = None,
                      what_happened: Any = None, signals: Any = None) -> None:
    look_back = engine.session.look_back
    if look_back is None:
        raise Rejected("not_follow_up")
    review = next((r for r in look_back.reviews if r.commitment_id == commitment_id), None)
    if review is None:
        raise Rejected("unknown_commitment")
    if mark is not None:
        if mark not in engine.script.look_back_marks:
            raise Rejected("bad_mark")
        review.mark = mark
    if what_happened is not None:
        review.what_happened = engine.checked_text(what_happened, "note", required=False)
    if signals is not None:
        review.signals = engine.checked_signals(signals)


@intent("keep_destination", stage="look_back")
def keep_destination(engine: Engine, kept: Any = True) -> None:
    look_back = engine.session.look_back
    if look_back is None:
        raise Rejected("not_follow_up")
    look_back.destination_kept = bool(kept)
    if kept:
        engine.session.destination = copy.deepcopy(look_back.previous_destination)
