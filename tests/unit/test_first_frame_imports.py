"""The first screen imports only what it needs: the heavy libraries and the stage screens wait
until they are used, so ``trust-tui`` and ``trust-tui join`` start about as fast as a bare app."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.terminal import Terminal
from tests.ui.sessions import meeting_at_vote
from trust_tui.net import Hub

HEAVY = ("babel", "icalendar", "asyncssh", "textual_serve", "confusable_homoglyphs",
         "markdown_it", "cryptography", "aiohttp", "jinja2")
"""Libraries no first screen needs: dates in words, calendars, ssh, the web door, look-alike
letters, Markdown (the summary), and what they bring."""

STAGES = ("trust_tui.ui.screens.stage", "trust_tui.ui.screens.setup",
          "trust_tui.ui.widgets.summary", "trust_tui.core.export", "trust_tui.core.demo")
"""The exercise's own screens and exports: loaded when a session opens."""

PARTICIPANT_NEVER = ("tinydb", "filelock", "trust_tui.store.repository", "trust_tui.ui.app",
                     "trust_tui.net.hub", "trust_tui.core.engine", "hashlib")
"""A participant's screen keeps no data file and runs no hub: none of the facilitator's side;
nor OpenSSL's hashes (half a MB of each seat's memory), needed only for shared patterns."""

OWN_SCREEN = ("trust_tui.ui.screens.own", "trust_tui.ui.widgets.work_lists",
              "trust_tui.ui.widgets.asks", "trust_tui.ui.widgets.ticks", "trust_tui.ui.own_view",
              "trust_tui.net.client", "trust_tui.core.model")
"""The own screen, its forms and lists, the hub's client and the session's model: loaded once
the person is in; the join form asks for a name and a code first."""

HOME = """
import asyncio, json, sys
from pathlib import Path
import trust_tui.cli
from trust_tui.store import JournalRepository, SessionRepository, open_store
from trust_tui.ui.app import TrustApp

async def first_frame():
    store = open_store(Path(sys.argv[1]))
    app = TrustApp(sessions=SessionRepository(store), journal=JournalRepository(store))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen", app.screen
    store.close()

asyncio.run(first_frame())
print(json.dumps(sorted(sys.modules)))
"""

SAVING = ("filelock",)
"""The data file's lock: taken for the first save; opening and reading take none."""

PLAIN_START = ("argparse", "trust_tui.core.adapt")
"""What ``trust-tui`` alone does not need: the full command line parser (for the sub-commands
and --help) and the reader of a facilitator's own version of the exercise."""

HOME_COMMAND = """
import json, sys
from textual.app import App

run = App.run

def first_frame(self, *args, **kwargs):
    async def look(pilot):
        await pilot.pause()
        assert type(self.screen).__name__ == "HomeScreen", self.screen
        self.exit()
    return run(self, headless=True, auto_pilot=look, size=(80, 24))

App.run = first_frame
from trust_tui.cli import main
assert main(["--db", sys.argv[1], "--lang", "nl"]) == 0
print(json.dumps(sorted(sys.modules)))
"""

JOIN = """
import asyncio, json, sys
from pathlib import Path
import trust_tui.cli
from trust_tui.ui.participant import ParticipantApp

async def first_frame():
    app = ParticipantApp(Path(sys.argv[1]), name=None, code=None, lang="en")
    async with app.run_test() as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "JoinScreen", app.screen
        # the own screen comes over the join form when the person is in
        assert app.own is None, "the own screen was built"
        app.exit()

asyncio.run(first_frame())
print(json.dumps(sorted(sys.modules)))
"""

def loaded_after_first_frame(script: str, argument: Path) -> set[str]:
    out = subprocess.run([sys.executable, "-c", script, str(argument)], capture_output=True,
                         text=True, check=True, timeout=120)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def present(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(name for name in names
                  if any(m == name or m.startswith(name + ".") for m in modules))


def test_home_screen_loads_no_heavy_library_and_no_stage(tmp_path):
    modules = loaded_after_first_frame(HOME, tmp_path / "trust.db")
    assert "trust_tui.ui.screens.home" in modules  # the script did reach the home screen
    assert present(modules, HEAVY + STAGES + SAVING) == []


def test_home_lists_finished_sessions_without_the_model(tmp_path):
    """Home lists the open sessions only, and only those are checked against the model: a
    facilitator whose meetings are all finished starts without it (~7 ms of dataclasses)."""
    from trust_tui.core.model import Session
    from trust_tui.store import SessionRepository, open_store

    store = open_store(tmp_path / "trust.db")
    SessionRepository(store).save(Session(id="done", created_at="2026-11-01",
                                          status="finished"))
    store.close()
    modules = loaded_after_first_frame(HOME, tmp_path / "trust.db")
    assert "trust_tui.ui.screens.home" in modules
    assert present(modules, ("trust_tui.core.model",)) == []


def test_the_command_trust_tui_reaches_home_without_the_parser_or_the_own_script_reader(
        tmp_path):
    modules = loaded_after_first_frame(HOME_COMMAND, tmp_path / "trust.db")
    assert "trust_tui.ui.screens.home" in modules
    assert present(modules, HEAVY + STAGES + PLAIN_START + SAVING) == []


def test_the_command_trust_tui_join_reaches_the_join_form_without_the_parser(tmp_path):
    script = HOME_COMMAND.replace('"HomeScreen"', '"JoinScreen"').replace(
        'main(["--db"', 'main(["join", "--db"')
    modules = loaded_after_first_frame(script, tmp_path / "trust.db")
    assert "trust_tui.ui.screens.join" in modules
    assert present(modules, HEAVY + STAGES + PLAIN_START + PARTICIPANT_NEVER + OWN_SCREEN) == []


def test_join_screen_loads_neither_the_store_nor_the_hub(tmp_path):
    modules = loaded_after_first_frame(JOIN, tmp_path / "hub.sock")
    assert "trust_tui.ui.screens.join" in modules
    assert present(modules, HEAVY + STAGES + PARTICIPANT_NEVER + OWN_SCREEN) == []



@pytest.mark.slow
async def test_a_seat_s_process_maps_no_openssl(tmp_path: Path) -> None:
    """``trust-tui join`` in a pseudo-terminal, at a meeting's vote: the seat talks to the hub
    over a Unix socket, so neither ``ssl`` nor OpenSSL's libraries (≈4 MB of each seat's
    memory) are in its process; nor is Babel."""
    engine, _, _ = meeting_at_vote(names=("Anna",))
    hub = Hub(engine, code="mn4kp7", save=lambda record: None)
    await hub.serve_unix(tmp_path / "host")
    term = Terminal(["--db", str(tmp_path / "trust.db"), "--lang", "en", "join",
                     "--name", "Bram"], env={"TRUST_TUI_CODE": "mn4kp7"})
    try:
        await asyncio.to_thread(term.wait_for, "Voted: 0 of 2")
        maps = Path(f"/proc/{term.process.pid}/maps").read_text()
    finally:
        term.kill()
        await hub.close()
    assert [line.split()[-1] for line in maps.splitlines()
            if any(name in line for name in ("libssl", "libcrypto", "_ssl.", "_hashlib."))
            ] == []
    # Nor Babel (≈6 MB with a language's data): its dates pull in zoneinfo's C part. The
    # seat's texts at the vote ("Voted: 1 of 3") need no plural rule.
    assert "_zoneinfo." not in maps
