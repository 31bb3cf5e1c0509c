"""A session waiting at the horizon, written to a data file, for real-terminal tests."""

from __future__ import annotations

from pathlib import Path

from trust_tui.core import Engine, load_script
from trust_tui.store import SessionRepository, open_store


def session_at_horizon(path: Path, *, statements: tuple[str, ...] = ()) -> str:
    """Written to ``path``: "Retro" at the horizon, Anna at the keyboard."""
    engine = meeting_at("horizon", names=("Anna", "Bram"), statements=statements)
    engine.do("hand_to", participant_id="p1")
    return saved(engine, path)


def saved(engine: Engine, path: Path) -> str:
    """The engine's session, titled "Retro", written to the data file at ``path``."""
    engine.do("set_details", title="Retro", team="Blue")
    store = open_store(path)
    SessionRepository(store).save(engine.session)
    store.close()
    return engine.session.id


def meeting_at(stage: str = "horizon", *, names: tuple[str, ...] = ("Anna",),
               statements: tuple[str, ...] = (), skip: tuple[str, ...] = ("checkin",),
               lang: str = "en") -> Engine:
    """A started meeting, the ``skip`` stages left out, ``statements`` written by the first
    person, moved on to ``stage`` (revealing on the way)."""
    engine = Engine.new(load_script(), lang=lang)
    for name in names:
        engine.do("add_participant", name=name)
    for key in skip:
        engine.do("set_stage", key=key, enabled=False)
    engine.do("start")
    for text in statements:
        engine.do("add_statement", "p1", text=text)
    while engine.session.stage != stage:
        if engine.session.stage == "horizon" and not engine.session.revealed:
            engine.do("reveal", force=True)
        engine.do("advance")
    return engine


def meeting_at_vote(names: tuple[str, ...] = ("Anna", "Bram")) -> tuple[Engine, str, str]:
    """A meeting at Choose with two themes, Calm and Open (their ids), one statement each."""
    engine = meeting_at("common_ground", names=names, statements=("one", "two"))
    ids = [s.id for s in engine.session.statements]
    calm = engine.do("make_theme", name="Calm", statement_ids=ids[:1])
    open_ = engine.do("make_theme", name="Open", statement_ids=ids[1:])
    engine.do("advance")
    return engine, calm, open_
