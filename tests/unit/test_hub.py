"""The hub on a local socket: private writing per participant, the reveal, codes, caps, returns."""

from __future__ import annotations

import stat
from typing import Any

import pytest

from tests.ui.sessions import meeting_at_vote
from trust_tui.core import FACILITATOR, Engine, Intent, Session, from_dict, load_script, to_dict
from trust_tui.core.model import from_dict_reusing
from trust_tui.net import Hub, HubClient, Refused
from trust_tui.store import SessionRepository, open_store


@pytest.fixture
async def hub(tmp_path):
    engine = Engine.new(load_script(), lang="en")
    engine.do("set_details", title="Remote retro")
    engine.do("add_participant", name="Facilitator's colleague")
    engine.do("set_stage", key="checkin", enabled=False)
    engine.do("start")
    store = open_store(tmp_path / "trust.db")
    repository = SessionRepository(store)
    saves: list[dict] = []

    def save(record: dict) -> None:
        saves.append(record)
        repository.save_record(record)

    running = Hub(engine, code="k3x9pq", save=save, max_participants=4)
    await running.serve_unix(tmp_path / "hub")
    running.saves = saves  # type: ignore[attr-defined]
    running.repository = repository  # type: ignore[attr-defined]
    yield running
    await running.close()


async def join(hub, name: str, code: str = "k3x9pq") -> HubClient:
    return await HubClient.join(hub.socket_path, name=name, code=code)


async def until(client: HubClient, condition) -> None:
    """Read the hub's messages until ``condition(client)`` holds (each read times out)."""
    while not condition(client):
        await client.receive()


async def test_three_write_privately_and_see_only_their_own_until_the_reveal(hub):
    people = [await join(hub, name) for name in ("Anna", "Bram", "Chen")]
    hopes = {"Anna": "anna's hope", "Bram": "bram's hope", "Chen": "chen's hope"}
    for client in people:
        await client.send("add_statement", text=hopes[client.view.name_of(client.participant_id)])
    for client in people:
        await until(client, lambda c: sum(p["statements"] for p in c.progress) == 3)
        name = client.view.name_of(client.participant_id)
        assert [s.text for s in client.view.statements] == [hopes[name]]  # only their own
        counts = {p["name"]: p["statements"] for p in client.progress}
        assert counts["Anna"] == counts["Bram"] == counts["Chen"] == 1  # progress, not content
    await hub.apply(Intent("reveal", FACILITATOR, {"force": True}))
    for client in people:
        await until(client, lambda c: c.view.revealed)
        assert sorted(s.text for s in client.view.statements) == sorted(hopes.values())
    for client in people:
        await client.close()


async def test_a_wrong_code_is_refused_after_a_wait(hub):
    import time

    hub.guard.first_delay = 0.3
    started = time.monotonic()
    with pytest.raises(Refused) as caught:
        await join(hub, "Eve", code="guess1")
    assert caught.value.reason == "wrong_code"
    assert time.monotonic() - started >= 0.3  # guessing costs time
    assert [p.name for p in hub.engine.session.participants] == ["Facilitator's colleague"]


async def test_the_cap_is_enforced(hub):
    first = [await join(hub, name) for name in ("A1", "A2", "A3", "A4")]
    with pytest.raises(Refused) as caught:
        await join(hub, "A5")
    assert caught.value.reason == "too_many_participants"
    assert caught.value.params == {"limit": 4}  # the screen says how many may take part
    for client in first:
        await client.close()


async def test_nobody_speaks_for_the_facilitator_or_for_someone_else(hub):
    anna = await join(hub, "Anna")
    await anna.send("reveal")
    await until(anna, lambda c: c.rejections)
    assert anna.rejections == ["not_allowed"] and not hub.engine.session.revealed
    await anna.close()


async def test_a_dropped_participant_returns_under_the_same_name_with_everything(hub):
    anna = await join(hub, "Anna")
    await anna.send("add_statement", text="kept across a drop")
    await until(anna, lambda c: c.view.statements)
    with pytest.raises(Refused) as caught:
        await join(hub, "anna")  # the same person twice at once: no
    assert caught.value.reason == "already_connected"
    await anna.close()
    again = await join(hub, "Anna", anna.return_code)  # her own code: straight back in
    assert again.participant_id == anna.participant_id
    assert [s.text for s in again.view.statements] == ["kept across a drop"]
    await again.close()


async def test_a_dropped_seat_is_not_taken_with_the_session_code(hub):
    import asyncio

    anna = await join(hub, "Anna")
    await anna.send("add_statement", text="anna's hidden hope")
    await until(anna, lambda c: c.view.statements)
    await anna.close()
    await asyncio.sleep(0.05)
    for name in ("Anna", "anna", "ANNA ", "Ａnna"):  # any case, full-width: the same seat
        with pytest.raises(Refused) as caught:
            await join(hub, name)
        assert caught.value.reason == "not_let_in"
    with pytest.raises(Refused) as caught:
        await join(hub, "\u0410nna")  # Cyrillic А: looks the same, is someone else
    assert caught.value.reason == "looks_like"
    assert caught.value.params == {"name": "Anna"}
    assert [p.name for p in hub.engine.session.participants] == [
        "Facilitator's colleague", "Anna"]
    back = await join(hub, "Anna", anna.return_code)
    assert [s.text for s in back.view.statements] == ["anna's hidden hope"]
    assert back.return_code != ""
    await back.close()


async def test_the_facilitator_can_let_someone_back_in_and_nobody_else_can(hub):
    import asyncio

    asked: list[str] = []
    answers = iter([False, True])

    async def let_in(name: str) -> bool:
        asked.append(name)
        return next(answers)

    hub.let_in = let_in
    anna = await join(hub, "Anna")
    old_code = anna.return_code
    await anna.send("add_statement", text="hidden")
    await until(anna, lambda c: c.view.statements)
    await anna.close()
    await asyncio.sleep(0.05)
    waited: list[bool] = []
    with pytest.raises(Refused) as caught:  # the facilitator says no
        await HubClient.join(hub.socket_path, name="anna", code="k3x9pq",
                             waiting=lambda: waited.append(True))
    assert caught.value.reason == "not_let_in" and waited == [True]
    back = await join(hub, "anna")  # ... and then yes
    assert [s.text for s in back.view.statements] == ["hidden"]
    assert asked == ["Anna", "Anna"]
    assert back.return_code != old_code  # the old own code is void now
    assert not hub.return_code_fits("Anna", old_code)
    await back.close()


async def test_a_seat_given_up_from_its_own_screen_goes_to_the_shared_screen(hub):
    import asyncio

    anna = await join(hub, "Anna")
    assert anna.participant_id in hub.engine.own_screens
    from trust_tui.core import Rejected

    with pytest.raises(Rejected):
        hub.engine.do("hand_to", participant_id=anna.participant_id)
    await anna.give_up_seat()
    for _ in range(100):
        if not hub.connected():
            break
        await asyncio.sleep(0.01)
    assert anna.participant_id not in hub.engine.own_screens and not hub.connected()
    hub.engine.do("hand_to", participant_id=anna.participant_id)


async def test_the_hub_is_the_one_writer_and_its_socket_is_private(hub):
    anna = await join(hub, "Anna")
    await anna.send("add_statement", text="on disk")
    await until(anna, lambda c: c.view.statements)
    saved = hub.repository.get(hub.engine.session.id)
    assert [s.text for s in saved.statements] == ["on disk"]
    assert len(hub.saves) >= 2  # joining and writing each saved by the hub
    assert stat.S_IMODE(hub.socket_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(hub.socket_path.parent.stat().st_mode) == 0o700
    await anna.close()


async def test_a_draft_is_kept_in_memory_only_given_back_once_and_junk_is_ignored(hub):
    import asyncio
    import json

    anna = await join(hub, "Anna")
    for junk in ("a draft", {"stage": "horizon", "answers": {"text": 5}},
                 {"stage": "horizon", "answers": "text"}):
        anna.writer.write(json.dumps({"draft": junk}).encode() + b"\n")
    await anna.keep_draft("horizon", {"text": "half a thought", "ticked": ["a", "b"]})
    for _ in range(100):
        if hub.drafts:
            break
        await asyncio.sleep(0.01)
    anna_id = anna.participant_id
    assert hub.drafts == {anna_id: {"stage": "horizon", "answers": {
        "text": "half a thought", "ticked": ["a", "b"]}}}
    await anna.close()
    await asyncio.sleep(0.1)
    again = await join(hub, "Anna", anna.return_code)
    message = await again.receive()
    assert message == {"draft": {"stage": "horizon", "answers": {
        "text": "half a thought", "ticked": ["a", "b"]}}}
    assert hub.drafts == {}
    assert not any("half a thought" in json.dumps(record) for record in hub.saves)
    await again.close()


async def test_a_second_host_on_the_same_data_file_never_takes_the_first_ones_socket(hub):
    from trust_tui.net import HostBusy

    second = Hub(Engine.new(load_script()), code="other1", save=lambda record: None)
    with pytest.raises(HostBusy):
        await second.serve_unix(hub.socket_path.parent)
    anna = await join(hub, "Anna")  # the first host still has its people
    assert anna.participant_id in hub.connected()
    await anna.close()
    await second.close()


async def test_a_socket_left_by_a_host_that_is_gone_is_replaced(tmp_path):
    import socket as sockets

    folder = tmp_path / "host"
    folder.mkdir()
    stale = sockets.socket(sockets.AF_UNIX)
    stale.bind(str(folder / "hub.sock"))
    stale.close()  # bound, never listening: what a killed host leaves
    fresh = Hub(Engine.new(load_script()), code="fresh1", save=lambda record: None)
    await fresh.serve_unix(folder)
    assert fresh.socket_path.exists()
    await fresh.close()


async def test_the_facilitator_takes_someone_out_and_their_seat_is_free(hub):
    import asyncio

    hub.max_participants = 1
    x = await join(hub, "x")  # an accidental login, nothing written
    hub.remove(x.participant_id)
    for _ in range(100):
        if not hub.connected():
            break
        await asyncio.sleep(0.01)
    assert hub.connected() == [] and "x" not in [p.name for p in hub.engine.session.participants]
    anna = await join(hub, "Anna")  # the seat is free again
    await anna.send("add_statement", text="mine")
    await until(anna, lambda c: c.view.statements)
    hub.remove(anna.participant_id)
    await asyncio.sleep(0.05)
    assert "Anna" in [p.name for p in hub.engine.session.participants]  # her words stay
    with pytest.raises(Refused):  # and her way back is the facilitator's yes
        await join(hub, "Anna", anna.return_code)


async def test_a_return_is_told_to_the_host_at_once(hub):
    import asyncio

    anna = await join(hub, "Anna")
    await anna.close()
    for _ in range(100):
        if not hub.connected():
            break
        await asyncio.sleep(0.01)
    told: list[bool] = []
    hub.on_change = lambda: told.append(True)
    back = await join(hub, "Anna", anna.return_code)  # nothing in the session changes...
    assert told and back.participant_id in hub.connected()  # ... and still the host hears it
    await back.close()


def test_the_browser_door_is_announced_only_while_its_process_lives(tmp_path):
    """F9 shows the address `trust-tui serve` announced; a door killed without cleaning up
    (its process gone) is not offered, nor is anything that is not a web address."""
    import json
    import os
    import subprocess
    import sys

    from trust_tui.net.hosting import BROWSER_DOOR, announce_browser_door, browser_door

    folder = tmp_path / "host"
    path = announce_browser_door(folder, "http://127.0.0.1:8000")
    assert browser_door(folder) == "http://127.0.0.1:8000"
    assert path.stat().st_mode & 0o777 == 0o600
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    path.write_text(json.dumps({"url": "http://127.0.0.1:8000", "pid": int(gone)}))
    assert browser_door(folder) is None
    path.write_text(json.dumps({"url": "javascript:alert(1)", "pid": os.getpid()}))
    assert browser_door(folder) is None
    (folder / BROWSER_DOOR).unlink()
    assert browser_door(folder) is None


def test_a_view_built_again_from_changed_data_equals_one_built_whole() -> None:
    """A seat's view is rebuilt from each new state reusing the parts whose data did not
    change: the result is the same session as one built from nothing, ballots and all."""
    engine = meeting_at_vote(names=("Anna", "Bram"))[0]
    built: dict[str, tuple[Any, Any]] = {}
    first = to_dict(engine.session)
    before = from_dict_reusing(Session, first, built)
    engine.do("cast_ballot", "p1", dots={engine.session.themes[0].id: 2})
    engine.do("reveal_votes", force=True)
    after = to_dict(engine.session)
    again = from_dict_reusing(Session, after, built)
    assert again == from_dict(Session, after) and before == from_dict(Session, first)
    assert again.themes is before.themes and again.totals != before.totals
