"""Sessions at each stage, deterministic, for snapshot tests and screenshots."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from tests.conftest import FakeClock
from trust_tui.core import Engine, load_script
from trust_tui.core.demo import demo_journal, demo_session
from trust_tui.store import JournalRepository, SessionRepository, Store
from trust_tui.ui.app import TrustApp

WHEN = dt.datetime(2026, 11, 27, 10, 0)


def session_at(stage: str, lang: str, *, at_work: bool = False):
    """The demo session, opened again at ``stage`` as if the group were there now: just
    arrived, or (``at_work``) with the stage's own work done (themes formed, votes revealed,
    the map drawn), as the README's pictures show it."""
    engine = demo_session(load_script(), lang, when=WHEN, seed=1)
    session = engine.session
    session.status = "open"
    session.stage = stage
    session.turn = None
    session.skipped = []
    order = [p.key for p in session.plan]
    if at_work:
        before = lambda key: order.index(stage) < order.index(key)  # noqa: E731
    else:
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
    if before("relationships"):
        session.patterns_revealed = False
    for key, attribute in (("destination", None), ("relationships", "relationships"),
                           ("map", "team_relations"), ("practice", "commitments"),
                           ("close", "closing")):
        if before(key) and attribute:
            setattr(session, attribute, [])
    if stage == "horizon":
        session.horizon_done = session.horizon_done[:2]
    return session


def app_at(stage: str | None, lang: str = "en", *, turn: str | None = None,
           at_work: bool = False) -> TrustApp:
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
        session = session_at(stage, lang, at_work=at_work)
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


def solo_app(lang: str = "en") -> TrustApp:
    """Solo practice, halfway: my horizon written, now my relationships."""
    app = app_at(None, lang)
    engine = Engine.new(load_script(), lang=lang, mode="solo", session_id="20261127-solo",
                        clock=app.clock, rng=random.Random(1))
    me = engine.do("add_participant", name="Sam")
    engine.do("set_details", title=app.content.t("solo.title"))
    engine.do("start")
    engine.do("add_statement", me, text="I say no without feeling guilty")
    engine.do("advance")
    app.sessions.save(engine.session)
    app.scene_session = engine.session.id  # type: ignore[attr-defined]
    return app


def look_back_app(lang: str = "en") -> TrustApp:
    """A follow-up of the demo session, at Look back, with one commitment marked."""
    app = app_at(None, lang)
    previous = demo_session(load_script(), lang, when=WHEN, seed=1).session
    app.sessions.save(previous)
    JournalRepository(app.sessions.store).save_many(demo_journal(
        lang, today=WHEN.date(), session_id=previous.id,
        commitment_id=previous.commitments[0].id))
    engine = Engine.follow_up(previous, load_script(), session_id="20261227-next",
                              clock=app.clock, rng=random.Random(1))
    engine.do("set_stage", key="checkin", enabled=False)
    engine.do("start")
    engine.do("review_commitment", commitment_id=previous.commitments[1].id, mark="partly",
              what_happened="Shared it a day before it was finished.")
    app.sessions.save(engine.session)
    app.scene_session = engine.session.id  # type: ignore[attr-defined]
    return app


def home_choice(option_id: str):
    async def run_before(pilot) -> None:
        menu = pilot.app.screen.query_one("#home-menu")
        menu.highlighted = menu.get_option_index(option_id)
        await pilot.press("enter")
        await pilot.pause()

    return run_before


def participant_app(stage: str | None, lang: str = "en", *, folder: Path):
    """A participant's own screen (host mode); with a stage, a hub there is started first.

    The hub lives in the test's event loop, so it is started in ``run_before``: the pair
    returned is the app and that hook.
    """
    from trust_tui.net import Hub
    from trust_tui.ui.participant import ParticipantApp

    app = ParticipantApp(folder / "host" / "hub.sock", lang=lang)

    async def run_before(pilot) -> None:
        if stage is None:
            await pilot.pause()
            return
        engine = Engine(session_at(stage, lang), load_script(), clock=FakeClock())
        hub = Hub(engine, code="mn4kp7", save=lambda record: None, draw_code=lambda: "rt5k2m")

        async def let_in(name: str) -> bool:  # the seat may hold writing from the set-up
            return True

        hub.let_in = let_in
        await hub.serve_unix(folder / "host")
        # the own screen comes over the join form
        assert await app.join(engine.session.participants[1].name, "mn4kp7") is None
        for _ in range(100):
            if app.view is not None and app.view.stage == stage:
                break
            await pilot.pause(0.02)
        await pilot.pause()

    return app, run_before
