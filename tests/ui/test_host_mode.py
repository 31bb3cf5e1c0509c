"""Host mode on this machine: a participant's own screen, and the host's screen, over the hub."""

from __future__ import annotations

import asyncio
import json
import re

import pytest
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, OptionList, Static

from tests.ui.conftest import make_app, screen_text, set_up
from tests.ui.sessions import meeting_at, meeting_at_vote
from trust_tui.core import FACILITATOR, Engine, Intent, load_script
from trust_tui.net import Hub, HubClient
from trust_tui.ui.participant import ParticipantApp
from trust_tui.ui.widgets.field import Field

pytestmark = pytest.mark.slow  # a hub and participants' apps


async def settle(pilot, condition, seconds: float = 5.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the screen did not catch up")


async def ready_to_write(pilot, app) -> None:
    """The stage's form is built and its first field has the keyboard."""
    await settle(pilot, lambda: app.view is not None
                 and isinstance(app.focused, Field)
                 and app.focused.id.startswith(f"ask-{app.view.stage}-"))


async def test_a_participant_writes_on_their_own_screen_and_sees_the_reveal(tmp_path):
    engine = meeting_at("horizon", statements=("Anna's private hope",))
    hub = Hub(engine, code="abc234", save=lambda record: None)
    socket = await hub.serve_unix(tmp_path / "host")
    app = ParticipantApp(socket, name="Bram", code="abc234")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready_to_write(pilot, app)
        assert "You: Bram" in screen_text(app)
        assert "Anna's private hope" not in screen_text(app)
        await pilot.press("f1")  # what this stage is for, and this screen's keys
        await pilot.pause()
        assert "Help: Horizon" in screen_text(app) and "Ready" in screen_text(app)
        await pilot.press("escape")
        await ready_to_write(pilot, app)
        await pilot.press(*"calm weeks", "enter")
        await settle(pilot, lambda: len(engine.session.statements) == 2)
        assert engine.statements_of(app.client.participant_id)[0].text == "calm weeks"
        await pilot.press(*"half", "space", *"a", "space", *"thought")  # not sent...
        await hub.apply(Intent("reveal", FACILITATOR, {"force": True}))  # ... "reveal now"
        await settle(pilot, lambda: app.view.revealed)
        await pilot.pause()
        shown = screen_text(app)
        assert "Anna's private hope" in shown and "calm weeks" in shown
        assert "✗ half a thought" in shown  # not sent, and said so: the form won't come back
        said = [notice.message for notice in app._notifications]
        assert said == [app.t("join.not_sent")]
        assert "half a thought" not in json.dumps(engine.record())
    await hub.close()


async def test_a_wrong_code_is_said_until_a_key_then_the_participant_app_ends(tmp_path):
    engine = Engine.new(load_script(), lang="en")
    hub = Hub(engine, code="abc234", save=lambda record: None)
    hub.guard.first_delay = 0.05
    socket = await hub.serve_unix(tmp_path / "host")
    app = ParticipantApp(socket, name="Eve", code="nope99")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: "That session code is not right." in screen_text(app))
        assert "Press any key to close" in screen_text(app) and app.is_running
        await pilot.press("x")
        await pilot.pause(0.2)
    assert app.return_code == 1
    await hub.close()


async def test_the_host_screen_shows_a_participants_progress_without_content(tmp_path):
    app = make_app(tmp_path, host_folder=tmp_path / "host")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await set_up(pilot, names=("Anna",))
        await pilot.press("f6")
        hosting = app.hosting
        await settle(pilot, lambda: hosting.hub is not None and hosting.hub.socket_path is not None)
        client = await HubClient.join(hosting.hub.socket_path, name="Bram", code=hosting.hub.code)
        await client.send("add_statement", text="Bram's secret hope")
        await settle(pilot, lambda: "⇄ Bram · 1" in screen_text(app))  # connected, 1 written
        assert "Bram's secret hope" not in screen_text(app)
        assert f"code {app.hosting.hub.code}" in screen_text(app)
        assert "Participants on their own screens write there" in screen_text(app)
        await client.close()
        await asyncio.sleep(0)
        assert app.meeting.saver.flush(5)
    saved = app.sessions.get(app.sessions.all()[0].id)
    assert [s.text for s in saved.statements] == ["Bram's secret hope"]


async def test_a_participant_votes_on_their_own_screen(tmp_path):
    engine = meeting_at("common_ground", statements=("calm",))
    engine.do("make_theme", name="Calm", statement_ids=[engine.session.statements[0].id])
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
        await settle(pilot, lambda: "Voted: 1 of 2" in screen_text(app))  # a count only
        assert "●● Calm" in screen_text(app) and "● Open" in screen_text(app)  # my own dots
        assert "Dots left" not in screen_text(app)  # cast: the ballot is gone from view
    await hub.close()


async def test_a_participant_commits_to_a_small_step_on_their_own_screen(tmp_path):
    engine = meeting_at("practice", skip=("checkin", "map"))
    hub = Hub(engine, code="abc234", save=lambda record: None)
    socket = await hub.serve_unix(tmp_path / "host")
    app = ParticipantApp(socket, name="Bram", code="abc234")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot, lambda: app.view is not None and app.view.stage == "practice")
        await ready_to_write(pilot, app)
        await fill(pilot, "Sanne", "Share the draft early")
        await pilot.press("space", "down", "down", "space", "tab")  # two signals ticked
        await pilot.pause()
        await fill(pilot, "2026-12-04")
        bram = app.client.participant_id
        await settle(pilot, lambda: engine.commitment_of(bram) is not None)
        commitment = engine.commitment_of(bram)
        assert (commitment.partner, commitment.small_step, commitment.due_on) == (
            "Sanne", "Share the draft early", "2026-12-04")
        signals = load_script().signal_keys
        assert commitment.signals == [signals[0], signals[2]]
    await hub.close()


async def hub_at(tmp_path, stage: str) -> tuple[Hub, Engine]:
    """A started meeting with Anna, moved on to ``stage``, its hub listening."""
    engine = meeting_at(stage, skip=())
    hub = Hub(engine, code="abc234", save=lambda record: None)
    await hub.serve_unix(tmp_path / "host")
    return hub, engine


async def fill(pilot, *answers: str) -> None:
    """Type each answer in the next field and press Enter, as a person would."""
    for answer in answers:
        await pilot.press(*[{" ": "space", ",": "comma"}.get(c, c) for c in answer], "enter")
        await pilot.pause()


async def test_without_name_or_code_the_form_asks_and_says_why_it_was_refused(tmp_path):
    hub, engine = await hub_at(tmp_path, "horizon")
    app = ParticipantApp(hub.socket_path, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Join the meeting" in screen_text(app)
        await pilot.press("f2")  # the form follows the language switch
        await pilot.pause()
        assert "Doe mee met de sessie" in screen_text(app)
        await pilot.press("f2")
        await fill(pilot, "Bram", "wrong9")
        await settle(pilot, lambda: "That session code is not right." in screen_text(app))
        assert app.client is None and "wrong9" not in screen_text(app)
        await fill(pilot, "abc234")
        await ready_to_write(pilot, app)
        assert "You: Bram" in screen_text(app)
        assert "Bram" in [p.name for p in engine.session.participants]
    await hub.close()


async def test_relationship_names_leave_the_screen_only_when_kept(tmp_path):
    hub, engine = await hub_at(tmp_path, "relationships")
    sent: list[str] = []
    hub.save = lambda record: sent.append(json.dumps(record))
    app = ParticipantApp(hub.socket_path, name="Bram", code="abc234")
    async with app.run_test(size=(80, 40)) as pilot:
        await ready_to_write(pilot, app)
        await fill(pilot, "Sanne, Joost", "They ask first", "Piet", "Deadlines set for us")
        bram = app.client.participant_id
        await settle(pilot, lambda: len(engine.session.relationships) == 2)
        assert all(r.names == [] and r.shared for r in engine.session.relationships)
        assert not any(name in record for record in sent for name in ("Sanne", "Joost", "Piet"))
        assert "They ask first" in screen_text(app)  # what arrived is shown back
        app.main.query_one("#ask-relationships-keep", Checkbox).value = True
        app.main.query_one("#ask-relationships-share", Checkbox).value = False
        await fill(pilot, "Sanne", "They ask first", "", "")  # Enter through to the end
        await settle(pilot, lambda: engine.session.relationships[-1].names == ["Sanne"])
        easy = next(r for r in engine.session.relationships
                    if r.participant_id == bram and r.kind == "easy")
        assert easy.keep_names and not easy.shared
    await hub.close()


async def test_a_closing_word_not_sent_when_the_session_is_finished_stays_marked_not_sent(
        tmp_path):
    hub, engine = await hub_at(tmp_path, "close")
    app = ParticipantApp(hub.socket_path, name="Bram", code="abc234")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready_to_write(pilot, app)
        await pilot.press(*"Lighter")  # typed, not sent...
        await hub.apply(Intent("finish", FACILITATOR, {}))  # ... when the facilitator finishes
        await settle(pilot, lambda: "✗ Lighter" in screen_text(app))
        assert [notice.message for notice in app._notifications] == [
            app.t("join.not_sent_finished")]
        assert engine.session.closing == []
    await hub.close()


async def test_a_closing_score_and_a_refused_one_comes_back_to_be_put_right(tmp_path):
    hub, engine = await hub_at(tmp_path, "close")
    app = ParticipantApp(hub.socket_path, name="Bram", code="abc234")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready_to_write(pilot, app)
        await fill(pilot, "Hopeful", "7")
        await settle(pilot, lambda: "A score is a whole number" in screen_text(app))
        assert engine.session.closing == []
        word = app.main.query_one("#ask-close-word", Field)
        assert word.value == "Hopeful"  # nothing typed was lost
        score = app.main.query_one("#ask-close-score", Field)
        score.value = "4"
        score.focus()
        await pilot.press("enter")
        await settle(pilot, lambda: bool(engine.session.closing))
        closing = engine.session.closing[0]
        assert (closing.word, closing.score) == ("Hopeful", 4)
    await hub.close()


async def test_ready_on_a_participants_screen_shows_on_the_hosts(tmp_path):
    host = make_app(tmp_path, host_folder=tmp_path / "host")
    async with host.run_test(size=(100, 30)) as host_pilot:
        await set_up(host_pilot, names=("Anna",))
        await settle(host_pilot, lambda: host.hosting.hub is not None
                     and host.hosting.hub.socket_path is not None)
        app = ParticipantApp(host.hosting.hub.socket_path, name="Bram", code=host.hosting.hub.code)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, lambda: app.view is not None)
            # Joining shows on the host's people pane at once, without anything else changing.
            await settle(host_pilot, lambda: "⇄ Bram" in screen_text(host), seconds=1)
            await pilot.press("ctrl+o")
            await settle(pilot, lambda: "⚑" in screen_text(app)
                         and "1 of 2 ready" in screen_text(app))
            await settle(host_pilot, lambda: "⇄ Bram · ⚑" in screen_text(host))
            await pilot.press("ctrl+o")  # taken back
            await settle(host_pilot, lambda: "⇄ Bram · ⚑" not in screen_text(host)
                         and "⇄ Bram ·" in screen_text(host))


async def test_a_failure_on_a_participants_screen_shows_nothing_they_wrote(tmp_path, monkeypatch,
                                                                         capfd):
    from trust_tui.ui import participant

    hub, engine = await hub_at(tmp_path, "horizon")

    def broken(stage, answers):
        raise RuntimeError(f"cannot send {answers}")

    monkeypatch.setattr(participant, "intents_for", broken)
    app = ParticipantApp(hub.socket_path, name="Bram", code="abc234")
    with pytest.raises(RuntimeError):  # run_test hands the failure on; a real run exits
        async with app.run_test(size=(80, 24)) as pilot:
            await ready_to_write(pilot, app)
            await fill(pilot, "my secret hope")
            await pilot.pause(0.3)
    assert app.return_code == 1
    shown = " ".join(capfd.readouterr().err.split())  # what the person's terminal got
    assert "stopped because of an error" in shown and "secret" not in shown
    log = (tmp_path / "trust-tui.log").read_text()
    assert "RuntimeError" in log and "secret" not in log
    await hub.close()


async def test_f9_shows_how_to_join_and_a_new_meeting_opens_the_door_with_its_own_code(tmp_path):
    from trust_tui.store import open_store

    store = open_store(tmp_path / "trust.db")
    app = make_app(tmp_path, store=store, host_folder=tmp_path / "host",
                   listen=("127.0.0.1", 0))
    async with app.run_test(size=(100, 40)) as pilot:
        await set_up(pilot, names=("Anna",))
        await settle(pilot, lambda: app.hosting.door is not None)
        first = app.hosting.hub.code
        assert app.hosting.door.code == first
        await pilot.press("f9")
        await pilot.pause()
        shown = screen_text(app)
        assert f"ssh -p {app.hosting.door_port} NAME@127.0.0.1" in shown
        assert f"Session code: {first}" in shown and app.hosting.door.fingerprint in shown
        await pilot.press("escape")
        app.go_home()  # this meeting is closed; the next one gets a new code
        await pilot.pause()
        await set_up(pilot, names=("Bram",))
        hosting = app.hosting
        await settle(pilot, lambda: hosting.hub is not None and hosting.hub.code != first
                     and hosting.door.code == hosting.hub.code)  # ssh logins use the new code
    store.close()


async def test_before_the_reveal_a_participant_changes_and_takes_back_their_statements(tmp_path):
    hub, engine = await hub_at(tmp_path, "horizon")
    app = ParticipantApp(hub.socket_path, name="Bram", code="abc234")
    async with app.run_test(size=(80, 30)) as pilot:
        await ready_to_write(pilot, app)
        await fill(pilot, "calm weeks")
        await fill(pilot, "fewer fires")
        bram = app.client.participant_id
        await settle(pilot, lambda: len(engine.statements_of(bram)) == 2)
        own = app.main.query_one("#participant-own")
        own.focus()
        await pilot.press("home", "enter")  # the first back in the field...
        await pilot.pause()
        assert app.focused.value == "calm weeks"
        await pilot.press("end", *" and lunch", "enter")  # ... changed in place
        await settle(pilot, lambda: engine.statements_of(bram)[0].text == "calm weeks and lunch")
        own.focus()
        await pilot.press("end", "delete")  # the last taken back
        await settle(pilot, lambda: [s.text for s in engine.statements_of(bram)]
                     == ["calm weeks and lunch"])
        assert "fewer fires" not in screen_text(app)
    await hub.close()


async def test_a_participants_screen_too_small_says_so(tmp_path):
    hub, _ = await hub_at(tmp_path, "horizon")
    app = ParticipantApp(hub.socket_path, name="Bram", code="abc234")
    async with app.run_test(size=(50, 14)) as pilot:
        await settle(pilot, lambda: app.view is not None)
        await pilot.pause()
        assert "Make the window larger" in screen_text(app)
        await pilot.resize_terminal(80, 24)
        await settle(pilot, lambda: "You: Bram" in screen_text(app))
        assert "Make the window larger" not in screen_text(app)
    await hub.close()


async def test_leaving_with_words_unsent_keeps_them_for_the_return(tmp_path):
    hub, engine = await hub_at(tmp_path, "horizon")
    app = ParticipantApp(hub.socket_path, name="Bram", code="abc234")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready_to_write(pilot, app)
        await pilot.press(*"half_a_thought")
        own_code = app.client.return_code
        assert f"your code to return: {own_code}" in screen_text(app)
        await pilot.press("ctrl+q")  # as a closed browser tab would
    for _ in range(100):
        if hub.drafts and not hub.connected():
            break
        await asyncio.sleep(0.02)
    assert [d["answers"] for d in hub.drafts.values()] == [{"text": "half_a_thought"}]
    back = ParticipantApp(hub.socket_path, name="bram", code=f" {own_code.upper()} ")
    async with back.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: [field.value for field in  # built once the stage asks
                                     back.main.query("#ask-horizon-text").results(Field)]
                     == ["half_a_thought"])
    assert engine.session.statements == []
    await hub.close()


async def test_a_second_host_on_the_same_file_says_so_and_the_meeting_goes_on(tmp_path):
    first, _ = await hub_at(tmp_path, "horizon")
    app = make_app(tmp_path, host_folder=tmp_path / "host")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await set_up(pilot, names=("Anna",))
        await settle(pilot, lambda: "Another trust-tui host is running" in screen_text(app))
        assert app.hosting.hub is None and not app.check_action("join_info", ())
        assert app.act("advance")  # the meeting itself goes on
    assert first.socket_path.exists()
    await first.close()


async def test_at_common_ground_a_participant_sees_the_themes_form_with_their_statements(
        tmp_path, monkeypatch):
    engine = meeting_at("common_ground", statements=("calm weeks", "open doors"))
    calm = engine.session.statements[0].id
    hub = Hub(engine, code="abc234", save=lambda record: None)
    await hub.serve_unix(tmp_path / "host")
    app = ParticipantApp(hub.socket_path, name="Bram", code="abc234")
    frames: list[list[str]] = []
    """Every frame the participant's screen sends to its terminal, as lines."""

    def displayed(screen: Screen) -> None:
        paint(screen)  # the screen's layout is done before it paints
        if screen is app.screen:
            frames.append([line.strip() for line in screen_text(app).splitlines()
                           if line.strip()])

    paint = Screen._compositor_refresh
    monkeypatch.setattr(Screen, "_compositor_refresh", displayed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: app.view is not None)
        await hub.apply(Intent("make_theme", FACILITATOR, {"name": "Calm",
                                                          "statement_ids": [calm]}))
        await settle(pilot, lambda: "• open doors" in screen_text(app).partition("Calm")[2])
    # A screenshot taken between the pane's new text and the screen's layout can show the
    # text cut at the old height; no frame the terminal gets may.
    themed = [lines[lines.index("Calm") + 1:] for lines in frames if "Calm" in lines]
    assert themed and all(lines[:3] == ["• calm weeks", "Not in a theme", "• open doors"]
                          for lines in themed)
    await hub.close()


async def test_a_new_stage_starts_at_the_top_of_a_participants_screen(tmp_path):
    hub, engine = await hub_at(tmp_path, "relationships")
    app = ParticipantApp(hub.socket_path, name="Bram", code="abc234")
    async with app.run_test(size=(80, 19)) as pilot:
        await ready_to_write(pilot, app)
        await fill(pilot, "", "", "")  # down to the last field of a long form
        await pilot.press("tab", "tab")  # and the privacy ticks below it
        work = app.main.query_one("#participant-work")
        assert work.scroll_y > 0
        while engine.session.stage != "practice":
            await hub.apply(Intent("advance", FACILITATOR))
        await settle(pilot, lambda: "Practice partner" in screen_text(app))
        assert work.scroll_y == 0
    await hub.close()


async def test_the_destination_reaches_participants_as_the_facilitator_types(tmp_path):
    host = make_app(tmp_path, host_folder=tmp_path / "host")
    async with host.run_test(size=(100, 30)) as host_pilot:
        await set_up(host_pilot, names=("Anna",))
        await settle(host_pilot, lambda: host.hosting.hub is not None
                     and host.hosting.hub.socket_path is not None)
        engine = host.meeting.engine
        while engine.session.stage != "destination":
            if engine.session.stage == "horizon":
                engine.do("reveal", force=True)
            engine.do("advance")
        host.show_stage()
        await host_pilot.pause()
        app = ParticipantApp(host.hosting.hub.socket_path, name="Bram", code=host.hosting.hub.code)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, lambda: app.view is not None)
            await host_pilot.press(*"Calm")  # the sentence field has the keyboard; no Enter
            await settle(pilot, lambda: "Calm" in screen_text(app), seconds=2)


async def bram_before_choose(tmp_path, lang: str = "en"):
    """A hub at Common ground with the themes Calm and Open (Anna, Cas in the room), and Bram's
    own screen (not started yet) to join it."""
    engine = meeting_at("common_ground", names=("Anna", "Cas"), statements=("calm",))
    engine.do("make_theme", name="Calm", statement_ids=[engine.session.statements[0].id])
    engine.do("make_theme", name="Open")
    hub = Hub(engine, code="abc234", save=lambda record: None)
    socket = await hub.serve_unix(tmp_path / "host")
    return engine, hub, ParticipantApp(socket, name="Bram", code="abc234", lang=lang)


async def test_anothers_vote_and_ready_mark_redraw_only_the_count_on_a_participants_screen(
        tmp_path, monkeypatch):
    engine, hub, app = await bram_before_choose(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: app.view is not None)
        await hub.apply(Intent("advance", FACILITATOR))
        await settle(pilot, lambda: "Open" in screen_text(app))
        await pilot.press("right")  # Bram's ballot, half filled in, stays as it is
        await settle(pilot, lambda: "●  Calm" in screen_text(app))
        drawn: list[str] = []
        for kind in (Static, OptionList):
            method = "update" if kind is Static else "set_options"
            original = getattr(kind, method)

            def spy(widget, *args, _original=original, **kwargs):
                drawn.append(widget.id or "")
                return _original(widget, *args, **kwargs)

            monkeypatch.setattr(kind, method, spy)
        await hub.apply(Intent("cast_ballot", "p1", {"dots": {"t1": 1}}))
        await settle(pilot, lambda: "Voted: 1 of 3" in screen_text(app))
        await hub.apply(Intent("mark_ready", "p2", {"ready": True}))
        await settle(pilot, lambda: "1 of 3 ready" in screen_text(app))
        assert drawn == ["participant-guide", "participant-guide"]  # nothing else redrawn
        shown = screen_text(app)
        assert "●  Calm" in shown and "Dots left: ●●○" in shown and "⚑" not in shown
        await pilot.press("right", "enter")  # the ballot as typed is the one cast
        bram = app.client.participant_id
        await settle(pilot, lambda: bram in engine.session.voted)
        assert engine.ballot_of(bram).dots == {"t1": 2}
        await settle(pilot, lambda: "Voted: 2 of 3" in screen_text(app))
    await hub.close()


async def test_a_count_that_needs_another_line_gets_it_on_a_participants_screen(tmp_path):
    engine = meeting_at("common_ground", names=("Anna", "Cas"), statements=("calm",))
    hub = Hub(engine, code="abc234", save=lambda record: None)
    socket = await hub.serve_unix(tmp_path / "host")
    app = ParticipantApp(socket, name="Bram", code="abc234")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: app.view is not None)
        await pilot.pause()
        guide = app.main.query_one("#participant-guide")
        before = guide.size.height
        await hub.apply(Intent("mark_ready", "p2", {"ready": True}))
        await settle(pilot, lambda: "1 of 3 ready" in screen_text(app))
        await pilot.pause()
        assert guide.size.height == before + 1  # the pane grew by the line it needed
        await hub.apply(Intent("mark_ready", "p2", {"ready": False}))
        await settle(pilot, lambda: "ready" not in screen_text(app))
        await pilot.pause()
        assert guide.size.height == before
    await hub.close()


@pytest.mark.parametrize("lang", ["en", "nl"])
async def test_after_the_reveal_a_participant_reads_that_the_ranking_is_out_not_who_was_ready(
        tmp_path, lang):
    _, hub, app = await bram_before_choose(tmp_path, lang)
    ready, out = (("1 of 3 ready", "the ranking is out") if lang == "en"
                  else ("1 van 3 klaar", "de rangorde is bekend"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: app.view is not None)
        await hub.apply(Intent("advance", FACILITATOR))
        await settle(pilot, lambda: "Open" in screen_text(app))
        await hub.apply(Intent("cast_ballot", "p1", {"dots": {"t1": 1}}))
        await hub.apply(Intent("mark_ready", "p1", {"ready": True}))
        await settle(pilot, lambda: ready in screen_text(app))
        await hub.apply(Intent("reveal_votes", FACILITATOR, {"force": True}))
        await settle(pilot, lambda: out in screen_text(app))
        assert ready not in screen_text(app)
    await hub.close()


async def test_eleven_votes_and_ready_marks_change_only_the_count_and_each_is_painted(
        tmp_path, monkeypatch):
    """In a meeting of 12 at the vote, each other person's vote and ready mark: no pane is
    built again, nothing is measured again, the screen's layout stays, the parts of the view
    that did not change are not built again; and every count reaches the terminal, in order."""
    names = tuple(f"P{i}" for i in range(1, 12))
    engine, calm, _ = meeting_at_vote(names=names)
    hub = Hub(engine, code="abc234", save=lambda record: None)
    socket = await hub.serve_unix(tmp_path / "host")
    app = ParticipantApp(socket, name="Bram", code="abc234")
    frames: list[str] = []
    """Every frame the screen sends to its terminal."""

    def displayed(screen: Screen) -> None:
        paint(screen)
        if screen is app.screen and app.main.query("#participant-guide"):
            frames.append(screen_text(app))

    paint = Screen._compositor_refresh
    monkeypatch.setattr(Screen, "_compositor_refresh", displayed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: "Voted: 0 of 12" in screen_text(app))
        await pilot.pause(0.2)
        widgets = list(app.main.walk_children())
        themes = app.view.themes
        work: list[str] = []
        for method, kind in (("_refresh_layout", Screen), ("get_content_height", Static),
                             ("compose", Widget)):
            original = getattr(kind, method)

            def spy(widget, *args, _original=original, _method=method, **kwargs):
                work.append(f"{_method} {widget.id}")
                return _original(widget, *args, **kwargs)

            monkeypatch.setattr(kind, method, spy)
        frames.clear()
        for i, person in enumerate(engine.session.participants[:11], start=1):
            await hub.apply(Intent("cast_ballot", person.id, {"dots": {calm: 1}}))
            await settle(pilot, lambda i=i: bool(frames) and re.search(
                rf"Voted: {i} of 12(?!\d)", frames[-1]) is not None)  # painted, not only laid out
            await hub.apply(Intent("mark_ready", person.id, {"ready": True}))
            await settle(pilot, lambda i=i: bool(frames) and f"{i} of 12 ready" in frames[-1])
        assert work == []
        assert list(app.main.walk_children()) == widgets  # the same widgets, none new
        assert all(a is b for a, b in zip(app.view.themes, themes, strict=True))
    shown = [(int(voted), int(ready or 0)) for voted, ready in (
        re.search(r"Voted: (\d+) of 12(?: · (\d+) of 12 ready)?", frame).groups()
        for frame in frames)]
    assert shown == sorted(shown) and shown[-1] == (11, 11)  # never an older count after
    assert {voted for voted, _ in shown} == set(range(1, 12))  # every vote was on screen
    assert {ready for _, ready in shown} >= set(range(1, 12))  # and every ready mark
    await hub.close()
