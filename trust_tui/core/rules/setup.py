"""Set up: the session's details, its people and its plan, and the start."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trust_tui.core.model import Participant
from trust_tui.core.names import looks_like, same_name
from trust_tui.core.rules.registry import Rejected, intent
from trust_tui.core.rules.route import move

if TYPE_CHECKING:
    from trust_tui.core.engine import Engine


def check_name(engine: Engine, name: Any, *, except_id: str | None = None) -> str:
    """``name`` cleaned; refused when nobody could tell it from someone else's."""
    text = engine.checked_text(name, "name")
    for person in engine.session.participants:
        if person.id == except_id:
            continue
        if same_name(person.name, text):
            raise Rejected("duplicate_name", name=text)
        if looks_like(person.name, text):  # two people nobody can tell apart on screen
            raise Rejected("looks_like", name=person.name)
    return text


@intent("set_details", before_start=True)
def set_details(engine: Engine, title: Any = None, team: Any = None, lang: Any = None,
                anonymous: Any = None) -> None:
    session = engine.session
    if title is not None:
        session.title = engine.checked_text(title, "title", required=False)
    if team is not None:
        session.team = engine.checked_text(team, "name", required=False)
    if lang is not None:
        if lang not in ("nl", "en"):
            raise Rejected("unknown_intent")
        session.lang = lang
    if anonymous is not None:
        if session.started and bool(anonymous) != session.anonymous:
            raise Rejected("already_started")
        session.anonymous = bool(anonymous)


@intent("add_participant", before_start=True)
def add_participant(engine: Engine, name: Any) -> str:
    session = engine.session
    limit = engine.script.limit("max_participants")
    if len(session.participants) >= limit:
        raise Rejected("too_many_participants", limit=limit)
    text = check_name(engine, name)
    pid = engine.next_id("p", [p.id for p in session.participants])
    session.participants.append(Participant(pid, text))
    return pid


@intent("rename_participant", before_start=True)
def rename_participant(engine: Engine, participant_id: Any, name: Any) -> None:
    person = engine.find_participant(participant_id)
    person.name = check_name(engine, name, except_id=person.id)


@intent("remove_participant", before_start=True)
def remove_participant(engine: Engine, participant_id: Any) -> None:
    person = engine.find_participant(participant_id)
    progress = engine.progress_of(person.id)
    if engine.session.started and (
        progress.statements or progress.checked_in or progress.voted
        or progress.relationships or progress.committed or progress.closed
    ):
        raise Rejected("already_started")
    engine.session.participants.remove(person)
    if person.id in engine.ready:
        engine.ready.remove(person.id)
    if engine.session.turn == person.id:
        engine.session.turn = None


@intent("set_stage", stage="setup", before_start=True)
def set_stage(engine: Engine, key: Any, enabled: Any = None, minutes: Any = None) -> None:
    plan = engine.session.plan_for(key) if isinstance(key, str) else None
    info = engine.script.stage(key) if isinstance(key, str) else None
    if plan is None or info is None:
        raise Rejected("unknown_stage")
    if enabled is not None:
        if not info.optional and not enabled:
            raise Rejected("not_optional")
        plan.enabled = bool(enabled)
    if minutes is not None:
        if (not isinstance(minutes, int) or isinstance(minutes, bool)
                or not 1 <= minutes <= 120):
            raise Rejected("bad_minutes")
        plan.minutes = minutes


@intent("start", stage="setup", before_start=True)
def start(engine: Engine, avoid: Any = ()) -> str:
    """Begin; ``avoid`` are the check-in questions this team has had before."""
    session = engine.session
    if session.started:
        raise Rejected("already_started")
    if not session.participants:
        raise Rejected("too_few_participants")
    session.started = True
    engine._checkin_avoid = [str(q) for q in avoid]
    return move(engine, +1)
