"""Host mode for the meeting app: each meeting's hub, the one SSH door that follows it."""

from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trust_tui.net.hub import HostBusy, Hub, reachable_host, session_code
from trust_tui.store.files import write_private

if TYPE_CHECKING:
    from trust_tui.core.engine import Engine
    from trust_tui.net.door_process import DoorProcess

__all__ = ["Hosting", "announce_browser_door", "browser_door"]

BROWSER_DOOR = "browser-door.json"
"""In the host folder while ``trust-tui serve`` runs: its address, and its process."""


def announce_browser_door(folder: Path, url: str) -> Path:
    """Say where ``trust-tui serve`` listens, for the host's F9; the caller removes the file
    when the door closes (a door that died is found out by its process being gone)."""
    path = folder / BROWSER_DOOR
    path.unlink(missing_ok=True)
    return write_private(path, json.dumps({"url": url, "pid": os.getpid()}))


def browser_door(folder: Path) -> str | None:
    """The address of the browser door running on this machine, if one runs."""
    try:
        door = json.loads((folder / BROWSER_DOOR).read_text(encoding="utf-8"))
        os.kill(int(door["pid"]), 0)  # still there?
        url = str(door["url"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return url if url.startswith(("http://", "https://")) else None

Tell = Callable[[str, dict[str, Any]], None]
"""What the facilitator should hear: a key in the strings, and its params."""


class Hosting:
    """The doors of the meeting app in host mode: a hub for the meeting that is open (its
    socket in ``folder``), and one SSH door, a process of its own, that follows each new hub.

    No screen in here: news for the facilitator goes to ``tell`` (a key and its params), a
    change in who is connected to ``on_change``, and "may this person have their seat back?"
    to ``let_in``.
    """

    def __init__(self, folder: Path, *, listen: tuple[str, int], data_file: Path | None,
                 tell: Tell, on_change: Callable[[], None],
                 let_in: Callable[[str], Awaitable[bool]]) -> None:
        self.folder = folder
        self.listen = listen
        """Where the SSH door listens (localhost unless told otherwise)."""
        self.data_file = data_file
        self.tell = tell
        self.on_change = on_change
        self.let_in = let_in
        self.hub: Hub | None = None
        """The open meeting's hub; None between meetings, or when another host has the socket."""
        self.door: DoorProcess | None = None
        self.door_port = 0

    @property
    def ssh_host(self) -> str:
        """The address participants type after ``ssh``: this machine as others reach it."""
        return reachable_host(self.listen[0])

    async def open(self, engine: Engine, save: Callable[[dict[str, Any]], None],
                   lang: str) -> None:
        """A hub for ``engine``'s meeting, then the SSH door; people are told how to join."""
        hub = self.hub = Hub(engine, code=session_code(), save=save, on_change=self.on_change)
        hub.let_in = self.let_in
        try:
            await hub.serve_unix(self.folder)
        except HostBusy:  # the meeting goes on here, on this screen only
            if self.hub is hub:
                self.hub = None
            await hub.close()
            self.tell("join.host_busy", {})
            self.on_change()
            return
        hub.guard.on_closed = lambda: self.tell("join.door_closed", {})
        if self.door is not None:  # a new meeting on a door already open: its new code
            self.door.follow(hub)
        elif self.data_file is not None:
            await self._open_door(hub, lang)
        if self.hub is not hub:  # the meeting was closed meanwhile: nothing to announce
            return
        if self.door is not None:
            self.tell("join.ssh_ready", {"port": self.door_port,
                                         "host": self.ssh_host,
                                         "code": hub.code,
                                         "fingerprint": self.door.fingerprint})
        else:
            self.tell("join.host_ready", {"code": hub.code})
        self.on_change()

    async def _open_door(self, hub: Hub, lang: str) -> None:
        """A process of its own: handshakes and guesses, however many, never slow the screen."""
        from trust_tui.net.door_process import DoorProcess

        assert self.data_file is not None
        door = DoorProcess(socket_path=self.folder / "hub.sock", data_file=Path(self.data_file),
                           key_path=self.folder / "ssh_host_key", lang=lang)
        door.follow(hub)
        try:
            self.door_port = await door.start(*self.listen)
        except OSError as error:
            self.tell("join.no_door", {"reason": error.strerror or "error"})
        else:
            self.door = door

    def close_hub(self) -> Awaitable[None] | None:
        """The meeting closes: its hub goes (participants are told); the door stays open."""
        hub, self.hub = self.hub, None
        return hub.close() if hub is not None else None

    async def close(self) -> None:
        """The app ends: the hub, then the door (its screens have heard the hub is gone)."""
        closing = self.close_hub()
        if closing is not None:
            await closing
        if self.door is not None:
            door, self.door = self.door, None
            await door.close()

    def new_code(self) -> None:
        """F9 → New code: the old one stops working; people already in stay in."""
        if self.hub is None:
            return
        self.hub.new_code()
        if self.door is not None:
            self.door.follow(self.hub)
        self.on_change()
