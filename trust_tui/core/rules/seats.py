"""Who has the keyboard: the hot seat on the shared screen, own screens, "ready"."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trust_tui.core.rules.registry import Rejected, intent

if TYPE_CHECKING:
    from trust_tui.core.engine import Engine


@intent("hand_to")
def hand_to(engine: Engine, participant_id: Any = None) -> None:
    """Pass the keyboard on the shared screen; None gives it back to the facilitator."""
    if participant_id is not None:
        engine.find_participant(participant_id)
        if participant_id in engine.own_screens:
            raise Rejected("own_screen")
    engine.session.turn = participant_id


@intent("set_own_screen", before_start=True)
def set_own_screen(engine: Engine, participant_id: Any, own: Any = True) -> None:
    """Host mode: a seat taken on someone's own screen, or handed back from it."""
    person = engine.find_participant(participant_id)
    person.own_screen = bool(own)
    if person.own_screen and engine.session.turn == person.id:
        engine.session.turn = None  # the shared screen lets go of their keyboard at once


@intent("mark_ready", participant=True)
def mark_ready(engine: Engine, who: str, ready: Any = True) -> None:
    """A participant tells the facilitator they are done with this stage (or not yet)."""
    if ready and who not in engine.ready:
        engine.ready.append(who)
    if not ready and who in engine.ready:
        engine.ready.remove(who)
