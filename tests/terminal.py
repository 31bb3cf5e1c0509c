"""Run the real trust-tui program in a pseudo-terminal and read its screen with pyte."""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pyte

KEYS = {
    "enter": "\r", "tab": "\t", "down": "\x1b[B", "up": "\x1b[A", "escape": "\x1b",
    "f1": "\x1bOP", "f2": "\x1bOQ", "f3": "\x1bOR", "f4": "\x1bOS", "f5": "\x1b[15~",
    "f6": "\x1b[17~", "f7": "\x1b[18~", "f8": "\x1b[19~", "f9": "\x1b[20~", "f10": "\x1b[21~",
    "ctrl+o": "\x0f", "ctrl+q": "\x11",
}


def _become_terminal_owner(ignore_hangup: bool) -> None:
    """In the child: make the pty our controlling terminal (as sshd does); maybe act as nohup."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    if ignore_hangup:
        signal.signal(signal.SIGHUP, signal.SIG_IGN)


class Terminal:
    """A trust-tui process on a pty of the given size, with a screen that can be read.

    ``args`` are trust-tui's arguments; ``command`` replaces the whole command line instead.
    """

    def __init__(self, args: list[str] = (), *, width: int = 80, height: int = 24,
                 env: dict[str, str] | None = None, cwd: Path | None = None,
                 command: list[str] | None = None, ignore_hangup: bool = False) -> None:
        self.screen = pyte.Screen(width, height)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
        # No COLUMNS/LINES: like sshd, the size is the pty's own, so a resize is seen.
        environment = {key: value for key, value in os.environ.items()
                       if key not in ("COLUMNS", "LINES")}
        environment.update({"TERM": "xterm-256color", **(env or {})})
        self.process = subprocess.Popen(
            command or [sys.executable, "-m", "trust_tui", *args], stdin=slave, stdout=slave,
            stderr=slave, env=environment, cwd=cwd, start_new_session=True, close_fds=True,
            preexec_fn=lambda: _become_terminal_owner(ignore_hangup))
        os.close(slave)
        self.master = master

    def pump(self, seconds: float = 0.05) -> None:
        """Read what the program wrote for ``seconds`` (returning early once it is quiet)."""
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.master], [], [], max(left, 0))
            if ready:
                try:
                    data = os.read(self.master, 65536)
                except OSError:
                    return
                if not data:
                    return
                self.raw.extend(data)
                self.stream.feed(data)
            elif left <= 0:
                return

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, needle: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump(0.005)
            if needle in self.text():
                return self.text()
        raise AssertionError(f"{needle!r} not on screen:\n{self.text()}")

    def settle(self, seconds: float = 0.4) -> str:
        self.pump(seconds)
        return self.text()

    def send(self, *keys: str, pause: float = 0.15) -> None:
        for key in keys:
            os.write(self.master, KEYS.get(key, key).encode("utf-8"))
            self.pump(pause)

    def type(self, text: str) -> None:
        self.send(text, pause=0.2)

    def hang_up(self) -> None:
        """Close our side of the pty, as a dropped SSH connection does."""
        os.close(self.master)
        self.master = -1

    def close(self, timeout: float = 30.0) -> int:
        """Wait for the program to end, reading what it writes meanwhile, as a terminal does:
        a program whose last screen does not fit in the pty's buffer would otherwise wait on
        us forever."""
        try:
            deadline = time.monotonic() + timeout
            while self.process.poll() is None and time.monotonic() < deadline:
                if self.master >= 0:
                    self.pump(0.05)
                else:
                    time.sleep(0.05)
            return self.process.wait(timeout=max(deadline - time.monotonic(), 0.01))
        finally:
            if self.master >= 0:
                os.close(self.master)
                self.master = -1

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def set_up_session(term: Terminal, names: tuple[str, ...], *, title: str = "",
                   team: str = "") -> None:
    """From Home, as a person types it: New session, a title, a team and the names."""
    term.wait_for("New session")
    term.settle(0.5)  # let the menu take focus before keys arrive
    term.send("enter")
    term.wait_for("Session title")
    term.settle(0.3)  # focus moves before the next key
    for value in (title, team):
        if value:
            term.type(value)
        term.send("tab")
    for name in names:
        term.type(name)
        term.send("enter")
    term.wait_for(f"• {names[-1]}")


def continue_retro(term: Terminal) -> None:
    """From Home: continue the session "Retro" (tests/ui/sessions.py saves it so)."""
    term.wait_for("Continue: Retro")
    term.settle(0.5)  # let the menu take focus before keys arrive
    term.send("down", "enter")
