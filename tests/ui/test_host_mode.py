"""Host mode on this machine: a participant's own screen, and the host's screen, over the hub."""

from __future__ import annotations

import asyncio

from tests.ui.conftest import make_app, screen_text, set_up
from trust_tui.core import FACILITATOR, Engine, Intent, load_script
from trust_tui.net import Hub, HubClient
from trust_tui.ui.participant import ParticipantApp


async def settle(pilot, condition, seconds: float = 5.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the screen did not catch up")


async def test_a_participant_writes_on_their_own_screen_and_sees_the_reveal(tmp_path):
    engine = Engine.new(load_script(), lang="en")
    engine.do("add_participant", name="Anna")
    engine.do("set_stage", key="checkin", enabled=False)
    engine.do("start")
    engine.do("add_statement", "p1", text="Anna's private hope")
    hub = Hub(engine, code="abc234", save=lambda record: None)
    socket = await hub.serve_unix(tmp_path / "host")
    app = ParticipantApp(socket, name="Bram", code="abc234")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot, lambda: app.view is not None)
        assert "You: Bram" in screen_text(app)
        assert "Anna's private hope" not in screen_text(app)
        await pilot.press(*"calm weeks", "enter")
        await settle(pilot, lambda: len(engine.session.statements) == 2)
        assert engine.statements_of(app.client.participant_id)[0].text == "calm weeks"
        await hub.apply(Intent("reveal", FACILITATOR))
        await settle(pilot, lambda: app.view.revealed)
        await pilot.pause()
        shown = screen_text(app)
        assert "Anna's private hope" in shown and "calm weeks" in shown
    await hub.close()


async def test_a_wrong_code_ends_the_participant_app_with_a_reason(tmp_path):
    engine = Engine.new(load_script(), lang="en")
    hub = Hub(engine, code="abc234", save=lambda record: None)
    socket = await hub.serve_unix(tmp_path / "host")
    app = ParticipantApp(socket, name="Eve", code="nope99")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
    assert app.return_code == 1
    await hub.close()


async def test_the_host_screen_shows_a_participants_progress_without_content(tmp_path):
    app = make_app(tmp_path, host_folder=tmp_path / "host")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await set_up(pilot, names=("Anna",))
        await pilot.press("f6")
        await settle(pilot, lambda: app.hub is not None and app.hub.socket_path is not None)
        client = await HubClient.join(app.hub.socket_path, name="Bram", code=app.hub.code)
        await client.send("add_statement", text="Bram's secret hope")
        await settle(pilot, lambda: "Bram · 1 ⇄" in screen_text(app))  # connected, 1 written
        assert "Bram's secret hope" not in screen_text(app)
        assert f"code {app.hub.code}" in screen_text(app)
        await client.close()
        await asyncio.sleep(0)
        assert app.meeting.saver.flush(5)
    saved = app.sessions.get(app.sessions.list()[0].id)
    assert [s.text for s in saved.statements] == ["Bram's secret hope"]


async def test_a_participant_votes_on_their_own_screen(tmp_path):
    engine = Engine.new(load_script(), lang="en")
    engine.do("add_participant", name="Anna")
    engine.do("set_stage", key="checkin", enabled=False)
    engine.do("start")
    sid = engine.do("add_statement", "p1", text="calm")
    engine.do("reveal")
    engine.do("advance")
    engine.do("make_theme", name="Calm", statement_ids=[sid])
    engine.do("make_theme", name="Open")
    hub = Hub(engine, code="abc234", save=lambda record: None)
    socket = await hub.serve_unix(tmp_path / "host")
    app = ParticipantApp(socket, name="Bram", code="abc234")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot, lambda: app.view is not None)
        await hub.apply(Intent("advance", FACILITATOR))
        await settle(pilot, lambda: app.view.stage == "choose")
        await pilot.pause()
        await pilot.press("right", "right", "right", "down", "right", "enter")
        bram = app.client.participant_id
        await settle(pilot, lambda: bram in engine.session.voted)
        assert engine.ballot_of(bram).dots == {"t1": 2, "t2": 1}
        assert "Dots left" not in screen_text(app)  # cast: the ballot is gone from view
    await hub.close()


async def test_a_participant_commits_to_a_small_step_on_their_own_screen(tmp_path):
    engine = Engine.new(load_script(), lang="en")
    engine.do("add_participant", name="Anna")
    for key in ("checkin", "map"):
        engine.do("set_stage", key=key, enabled=False)
    engine.do("start")
    while engine.session.stage != "practice":
        engine.do("advance")
    hub = Hub(engine, code="abc234", save=lambda record: None)
    socket = await hub.serve_unix(tmp_path / "host")
    app = ParticipantApp(socket, name="Bram", code="abc234")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot, lambda: app.view is not None and app.view.stage == "practice")
        await pilot.pause()
        for answer in ("Sanne", "Share the draft early", "2026-12-04"):
            await pilot.press(*[{" ": "space"}.get(c, c) for c in answer], "enter")
            await pilot.pause()
        bram = app.client.participant_id
        await settle(pilot, lambda: engine.commitment_of(bram) is not None)
        commitment = engine.commitment_of(bram)
        assert (commitment.partner, commitment.small_step, commitment.due_on) == (
            "Sanne", "Share the draft early", "2026-12-04")
    await hub.close()
