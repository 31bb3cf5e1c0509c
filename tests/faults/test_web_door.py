"""Participants in a browser (trust-tui serve): the real server, a websocket as the browser."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pyte
import pytest

from tests.ui.sessions import meeting_at
from trust_tui.core import FACILITATOR, Intent
from trust_tui.net import Hub

pytestmark = pytest.mark.slow  # the real server and a websocket as the browser

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def listening(port: int, timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            if loop.time() > deadline:
                raise
            await asyncio.sleep(0.05)
        else:
            writer.close()
            return


@pytest.fixture
async def served(tmp_path):
    """A hub for a meeting at the horizon, and `trust-tui serve` beside it."""
    engine = meeting_at("horizon", statements=("Anna's private hope",))
    hub = Hub(engine, code="mn4kp7", save=lambda record: None)
    await hub.serve_unix(tmp_path / "host")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "trust_tui", "--db", str(tmp_path / "trust.db"), "--lang", "en",
         "serve", "--listen", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    loop = asyncio.get_running_loop()
    first = await asyncio.wait_for(loop.run_in_executor(None, server.stdout.readline), 30)
    assert f"http://127.0.0.1:{port}" in first
    await listening(port)  # the line is printed on aiohttp's startup, just before it listens
    yield hub, f"http://127.0.0.1:{port}"
    server.terminate()
    await loop.run_in_executor(None, server.wait, 10)
    await hub.close()


class Browser:
    """A browser tab: the page's websocket, its screen read with pyte."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    async def wait_for(self, needle: str, timeout: float = 30.0) -> str:
        async def read() -> None:
            while needle not in self.text:
                message = await self.ws.receive()
                if message.type == aiohttp.WSMsgType.BINARY:
                    self.stream.feed(message.data)
                elif message.type != aiohttp.WSMsgType.TEXT:
                    return

        await asyncio.wait_for(read(), timeout)
        assert needle in self.text, self.text
        return self.text

    async def type(self, text: str) -> None:
        await self.ws.send_json(["stdin", text])


async def test_a_participant_joins_from_a_browser_and_writes_privately(served):
    hub, url = served
    async with aiohttp.ClientSession() as http:
        page = await (await http.get(url + "/")).text()
        assert "/ws" in page and "googleapis" not in page  # nothing fetched from elsewhere
        async with http.ws_connect(url + "/ws?width=80&height=24") as ws:
            tab = Browser(ws)
            await tab.wait_for("Join the meeting")
            await tab.type("Chen")
            await asyncio.sleep(0.5)  # as a person does: the next field takes the keyboard
            await tab.type("\r")
            await asyncio.sleep(0.5)
            await tab.type("wrong1\r")
            await tab.wait_for("That session code is not right.")
            await tab.type("mn4kp7\r")
            text = await tab.wait_for("You: Chen")
            assert "Anna's private hope" not in text
            await asyncio.sleep(0.5)
            await tab.type("calm weeks\r")
            for _ in range(200):
                if any(s.text == "calm weeks" for s in hub.engine.session.statements):
                    break
                await asyncio.sleep(0.05)
            chen = next(p.id for p in hub.engine.session.participants if p.name == "Chen")
            assert [s.text for s in hub.engine.statements_of(chen)] == ["calm weeks"]
            await hub.apply(Intent("reveal", FACILITATOR, {"force": True}))
            await tab.wait_for("Anna's private hope")


def test_the_join_page_is_not_opened_to_the_network_without_a_yes(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "trust_tui", "--db", str(tmp_path / "trust.db"), "--lang", "en",
         "serve", "--listen", f"0.0.0.0:{free_port()}"],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 1
    assert "plain http" in done.stderr and "without --yes" in done.stderr
    assert done.stdout == ""  # never started serving


async def test_browser_screens_are_capped_each_being_a_process(tmp_path):
    from aiohttp import web

    from trust_tui.net.web_door import WebDoor

    port = free_port()
    door = WebDoor(data_file=tmp_path / "trust.db", lang="en", host="127.0.0.1", port=port,
                   max_tabs=1)
    runner = web.AppRunner(await door._make_app())
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    url = f"http://127.0.0.1:{port}/ws?width=80&height=24"
    try:
        async with aiohttp.ClientSession() as http:
            async with http.ws_connect(url) as first:
                await Browser(first).wait_for("Join the meeting")
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await http.ws_connect(url)
                assert refused.value.status == 503
            for _ in range(100):  # the first tab closed: there is room again
                if door.tabs == 0:
                    break
                await asyncio.sleep(0.05)
            async with http.ws_connect(url) as again:
                await Browser(again).wait_for("Join the meeting")
            for _ in range(100):  # each screen's process has ended before the loop does
                if door.tabs == 0:
                    break
                await asyncio.sleep(0.05)
            await asyncio.sleep(1)  # ... and has been reaped
    finally:
        await runner.cleanup()


async def test_a_browser_tab_cannot_take_a_seat_someone_has_written_in(served):
    """Anna wrote on the shared screen; a tab that says "anna" with the session code is
    refused on its screen and never sees her words."""
    hub, url = served
    async with aiohttp.ClientSession() as http:
        async with http.ws_connect(url + "/ws?width=80&height=24") as ws:
            tab = Browser(ws)
            await tab.wait_for("Join the meeting")
            await tab.type("anna")
            await asyncio.sleep(0.5)
            await tab.type("\r")
            await asyncio.sleep(0.5)
            await tab.type("mn4kp7\r")
            text = await tab.wait_for("belongs to someone")
            assert "Anna's private hope" not in text and "You: Anna" not in text
    assert hub.connected() == []


async def test_a_page_on_another_site_or_another_name_gets_no_screen(served):
    _, url = served
    port = url.rsplit(":", 1)[1]
    async with aiohttp.ClientSession() as http:
        for headers in ({"Origin": "http://evil.example"},
                        {"Host": f"evil.example:{port}", "Origin": f"http://evil.example:{port}"}):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(url + "/ws?width=80&height=24", headers=headers)
            assert refused.value.status == 403
        async with http.ws_connect(url + "/ws?width=80&height=24",
                                   headers={"Origin": url}) as ws:  # its own page: yes
            await Browser(ws).wait_for("Join the meeting")


def test_the_hosts_f9_gives_the_browser_address_while_serve_runs(tmp_path):
    """`trust-tui serve` beside a host: F9 on the host's screen says where browsers join, and
    no longer once the door is closed."""
    from tests.terminal import Terminal, set_up_session

    db = tmp_path / "trust.db"
    web = f"http://127.0.0.1:{free_port()}"
    host = Terminal(["--db", str(db), "--lang", "en", "host", "--listen",
                     f"127.0.0.1:{free_port()}"], width=110, height=50)
    server = None
    try:
        set_up_session(host, ("Anna",))
        host.send("f8")
        host.wait_for("Check-in")
        server = subprocess.Popen(
            [sys.executable, "-m", "trust_tui", "--db", str(db), "--lang", "en", "serve",
             "--listen", web.removeprefix("http://")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert web in server.stdout.readline()
        host.send("f9")
        host.wait_for(web)
        host.send("escape")
        server.terminate()
        server.wait(10)
        assert not (tmp_path / "host" / "browser-door.json").exists()
        host.settle(0.5)
        host.send("f9")
        screen = host.wait_for("trust-tui serve")
        assert web not in screen
        host.send("escape", "ctrl+q")
    finally:
        if server is not None:
            server.kill()
        host.kill()
