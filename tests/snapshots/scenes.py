"""Sessions at each stage, deterministic, for snapshot tests and screenshots."""

from __future__ import annotations

import datetime as dt
import random

from tests.conftest import FakeClock
from trust_tui.core import Engine, load_script
from trust_tui.core.demo import demo_journal, demo_session
from trust_tui.store import JournalRepository, SessionRepository, Store
from trust_tui.ui.app import TrustApp

WHEN = dt.datetime(2026, 11, 27, 10, 0)


def session_at(stage: str, lang: str):
    """The demo session, opened again at ``stage`` as if the group were there now."""
    engine = demo_session(load_script(), lang, when=WHEN, seed=1)
    session = engine.session
    session.status = "open"
    session.stage = stage
    session.turn = None
    session.skipped = []
    order = [p.key for p in session.plan]
    before = lambda key: order.index(stage) <= order.index(key)  # noqa: E731
    if before("common_ground") and stage != "common_ground":
        session.revealed = False
    if before("choose"):
        session.votes_revealed = False
    if before("destination"):
        session.themes = session.themes if not before("common_ground") else []
        if stage == "horizon":
            session.themes = []
            for statement in session.statements:
                statement.theme_id = None
    if before("choose"):
        session.ballots, session.voted = [], []
    for key, attribute in (("destination", None), ("relationships", "relationships"),
                           ("map", "team_relations"), ("practice", "commitments"),
                           ("close", "closing")):
        if before(key) and attribute:
            setattr(session, attribute, [])
    if stage == "horizon":
        session.horizon_done = session.horizon_done[:2]
    return session


def app_at(stage: str | None, lang: str = "en", *, turn: str | None = None) -> TrustApp:
    store = Store()
    sessions = SessionRepository(store)
    JournalRepository(store).save_many(demo_journal(lang, today=WHEN.date()))
    app = TrustApp(sessions=sessions, journal=JournalRepository(store), lang=lang,
                   clock=FakeClock(WHEN.timestamp()))
    if stage is None:
        return app
    if stage == "setup":
        engine = Engine.new(load_script(), lang=lang, session_id="20261127-demo",
                            clock=app.clock, rng=random.Random(1))
        for name in ("Anna", "Bram", "Chen", "Dewi"):
            engine.do("add_participant", name=name)
        engine.do("set_details", title="Q4", team="Platform")
        session = engine.session
    else:
        session = session_at(stage, lang)
        session.turn = turn
    sessions.save(session)
    app.scene_session = session.id  # type: ignore[attr-defined]
    return app


async def open_scene(pilot) -> None:
    app = pilot.app
    session_id = getattr(app, "scene_session", None)
    if session_id:
        app.continue_session(session_id)
    await pilot.pause()
