"""Practice: each person's small step of giving trust, and the group's practice."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trust_tui.core.model import Commitment, GroupPractice
from trust_tui.core.rules.registry import intent

if TYPE_CHECKING:
    from trust_tui.core.engine import Engine


@intent("write_commitment", stage="practice", participant=True)
def write_commitment(engine: Engine, who: str, partner: Any, small_step: Any,
                     signals: Any = (), due_on: Any = None) -> str:
    existing = engine.commitment_of(who)
    commitment = Commitment(
        id=existing.id if existing else engine.next_id(
            "c", [c.id for c in engine.session.commitments]),
        participant_id=who,
        partner=engine.checked_text(partner, "name"),
        small_step=engine.checked_text(small_step, "sentence"),
        signals=engine.checked_signals(list(signals)),
        due_on=engine.checked_date(due_on),
    )
    if existing:
        engine.session.commitments[engine.session.commitments.index(existing)] = commitment
    else:
        engine.session.commitments.append(commitment)
    return commitment.id


@intent("set_group_practice", stage="practice")
def set_group_practice(engine: Engine, with_whom: Any = "", what: Any = "", when: Any = "") -> None:
    engine.session.group_practice = GroupPractice(
        engine.checked_text(with_whom, "sentence", required=False),
        engine.checked_text(what, "sentence", required=False),
        engine.checked_text(when, "sentence", required=False),
    )
