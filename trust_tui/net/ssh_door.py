"""The SSH front door: each `ssh` login gets its own participant screen on a fresh pty.

The login name is the display name, the session code is the password (compared in constant
time). A shell or a command request both get the participant screen, nothing else. Keys typed
go to the pty; what the screen draws goes back; a resize reaches the screen as SIGWINCH.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hmac
import os
import signal
import struct
import subprocess
import sys
import termios
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncssh
from asyncssh.auth import KbdIntChallenge, KbdIntResponse

from trust_tui.core.content import language_of
from trust_tui.net.guard import CodeGuard
from trust_tui.net.hub import Hub, normal_code

__all__ = ["SshDoor", "host_key"]


def host_key(path: Path) -> asyncssh.SSHKey:
    """The host's key, made once and kept owner-only beside the data file."""
    if path.exists():
        return asyncssh.read_private_key(str(path))
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = asyncssh.generate_private_key("ssh-ed25519")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key.export_private_key())
    return key


def _set_size(fd: int, width: int, height: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))


def _own_terminal() -> None:
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)  # resizes reach the screen only on its own tty


NO_COMMANDS = {
    "en": "trust-tui: only a plain login joins the meeting: ssh -p PORT NAME@HOST",
    "nl": "trust-tui: alleen een gewone login doet mee aan de sessie: ssh -p POORT NAAM@HOST",
}
PROMPT = "Session code / sessiecode: "
WRONG = ("That code is not right; try again. / Die code klopt niet; probeer het nog eens.")
TRIES = 3
"""Codes one connection may try before it is closed."""
SCREEN_WAIT = 5.0
"""Seconds a logged-in connection has to ask for its screen (an `ssh -N` gets no seat)."""


class _Login(asyncssh.SSHServer):
    """One connection: a stranger until the code fits, then a person with a seat to take."""

    def __init__(self, door: SshDoor) -> None:
        self.door = door
        self.ticket = ""
        """What this person's screen shows the hub instead of the code they logged in with."""
        self.closed = False
        """The door is shut (too many wrong codes): no more asking."""
        self.source = ""
        self.conn: asyncssh.SSHServerConnection | None = None
        self.logged_in = False
        self.has_screen = False
        self.tries = 0

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        peer = conn.get_extra_info("peername")
        self.source = str(peer[0]) if peer else ""
        if not self.door.let_stranger_in(self):  # strangers have a small room of their own
            conn.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.door.forget(self)

    def begin_auth(self, username: str) -> bool:
        return True

    def kbdint_auth_supported(self) -> bool:
        return True

    def get_kbdint_challenge(self, username: str, lang: str,
                             submethods: str) -> KbdIntChallenge:
        return "", "", "", [(PROMPT, False)]

    async def validate_kbdint_response(
            self, username: str, responses: KbdIntResponse,
    ) -> KbdIntChallenge:
        if await self._check(username, responses[0] if responses else ""):
            return True
        if self.tries >= TRIES or self.closed:
            return False
        return "", WRONG, "", [(PROMPT, False)]  # says so, and asks again

    def password_auth_supported(self) -> bool:
        return True

    async def validate_password(self, username: str, password: str) -> bool:
        return await self._check(username, password)

    async def _check(self, username: str, code: str) -> bool:
        verdict = await self.door.ask(username, code, self.source)
        self.closed = bool(verdict.get("closed"))
        if verdict.get("fits"):
            self.ticket = str(verdict.get("ticket", ""))
            return True
        self.tries += 1
        # A wrong code costs time, more for each one from the same place.
        await asyncio.sleep(float(verdict.get("wait", 0.0)))
        return False

    def auth_completed(self) -> None:
        self.logged_in = True
        self.door.logged_in(self)


class SshDoor:
    """Listens for `ssh`; starts `trust-tui join` for each login, against the hub's socket."""

    def __init__(self, *, code: str, data_file: Path, key_path: Path, lang: str = "en",
                 max_connections: int = 16, wrong_code_delay: float = 2.0,
                 max_strangers: int = 24, max_strangers_per_source: int = 8,
                 login_timeout: float = 20.0) -> None:
        self.code = code
        self.guard = CodeGuard(first_delay=wrong_code_delay)
        """Wrong codes; the host shares its hub's, so both doors count together."""
        self.data_file = data_file
        self.key = host_key(key_path)
        self.lang = lang
        self.max_connections = max_connections
        """Logged-in connections (people) at most."""
        self.max_strangers = max_strangers
        self.max_strangers_per_source = max_strangers_per_source
        self.login_timeout = login_timeout
        self.screen_wait = SCREEN_WAIT
        self.strangers: list[_Login] = []
        """Connections that have not logged in yet: counted apart from the people."""
        self.people: list[_Login] = []
        self.screens_open = 0
        """Participant screens running now (the door waits for them when it stops)."""
        self.server: asyncssh.SSHAcceptor | None = None
        self.hub_check: Callable[[str, str, str], Awaitable[dict[str, Any]]] | None = None
        """Asks the hub about a code (``Hub.door_check``'s answer): in the host, the hub's
        socket, from this door's own process; without a hub, this door decides alone."""

    def follow(self, hub: Hub) -> None:
        """Let people in to ``hub`` in this same process (tests): its code, its seats' own
        codes, its count of wrong codes, and its one-time tickets."""
        self.code = hub.code
        self.guard = hub.guard

        async def check(name: str, code: str, source: str) -> dict[str, Any]:
            return hub.door_check(name, code, source)

        self.hub_check = check

    async def ask(self, name: str, code: str, source: str) -> dict[str, Any]:
        """Whether ``code`` lets ``name`` in; how long to wait if not; whether the door is shut."""
        if self.hub_check is not None:
            return await self.hub_check(name, code, source)
        if self.guard.closed:
            return {"fits": False, "wait": 0.0, "closed": True, "ticket": ""}
        if self.code_fits(code):
            return {"fits": True, "wait": 0.0, "closed": False, "ticket": code}
        return {"fits": False, "wait": self.guard.failed(source), "closed": self.guard.closed,
                "ticket": ""}
    @property
    def connections(self) -> int:
        return len(self.strangers) + len(self.people)

    def let_stranger_in(self, login: _Login) -> bool:
        """A new connection waits in a small room of its own, per source too: idle or flooding
        strangers never take a seat from a participant."""
        same_source = sum(other.source == login.source for other in self.strangers)
        if (len(self.strangers) >= self.max_strangers
                or same_source >= self.max_strangers_per_source):
            return False
        self.strangers.append(login)
        return True

    def logged_in(self, login: _Login) -> None:
        if login in self.strangers:
            self.strangers.remove(login)
        if len(self.people) >= self.max_connections and login.conn is not None:
            login.conn.close()
            return
        self.people.append(login)

        def screen_or_leave() -> None:  # logged in only to hold a connection: not here
            if not login.has_screen and login.conn is not None:
                login.conn.close()

        asyncio.get_running_loop().call_later(self.screen_wait, screen_or_leave)

    def forget(self, login: _Login) -> None:
        for room in (self.strangers, self.people):
            if login in room:
                room.remove(login)

    def code_fits(self, code: str) -> bool:
        """The session code (any case, spaces around it)."""
        own = normal_code(self.code).encode()
        return bool(own) and hmac.compare_digest(normal_code(code).encode(), own)

    @property
    def fingerprint(self) -> str:
        return self.key.get_fingerprint()

    async def listen(self, host: str = "127.0.0.1", port: int = 2222) -> int:
        self.server = await asyncssh.create_server(
            lambda: _Login(self), host, port, server_host_keys=[self.key],
            process_factory=self._session, encoding=None, line_editor=False,
            login_timeout=self.login_timeout, allow_scp=False, agent_forwarding=False,
            x11_forwarding=False)
        port_taken: int = self.server.sockets[0].getsockname()[1]
        return port_taken

    async def close(self, *, everyone: bool = False) -> None:
        """Stop listening; with ``everyone``, also end every connection (their screens close)."""
        if everyone:
            for login in self.strangers + self.people:
                if login.conn is not None:
                    login.conn.close()
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()

    async def _session(self, process: asyncssh.SSHServerProcess[bytes]) -> None:
        name = process.get_extra_info("username") or "guest"
        connection = process.get_extra_info("connection")
        login = (connection.get_owner()
                 if isinstance(connection, asyncssh.SSHServerConnection) else None)
        if isinstance(login, _Login):
            login.has_screen = True
        # The person's own locale (OpenSSH sends it with SendEnv), else the host's language.
        lang = language_of(dict(process.env or {})) or self.lang
        if process.command is not None or process.subsystem is not None:
            # `ssh host ls`, scp, sftp: no screen, so no seat; one line says what does work.
            process.stderr.write(NO_COMMANDS[lang].encode() + b"\r\n")
            process.exit(1)
            return
        self.screens_open += 1
        try:
            await self._screen(process, name, lang, login)
        finally:
            self.screens_open -= 1

    async def _screen(self, process: asyncssh.SSHServerProcess[bytes], name: str, lang: str,
                      login: object) -> None:
        """``trust-tui join`` on a pty of its own, for as long as the person stays."""
        width, height = (process.term_size or (80, 24, 0, 0))[:2]
        master, slave = os.openpty()
        _set_size(slave, width or 80, height or 24)
        ticket = login.ticket if isinstance(login, _Login) else ""
        env = self.screen_environment(process.term_type, lang, ticket)
        child = subprocess.Popen(
            [sys.executable, "-m", "trust_tui", "--db", str(self.data_file), "--lang", lang,
             "join", "--name", name],
            stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
            close_fds=True, preexec_fn=_own_terminal)
        os.close(slave)
        loop = asyncio.get_running_loop()
        finished = asyncio.Event()

        def screen_output() -> None:
            try:
                data = os.read(master, 65536)
            except OSError:
                data = b""
            if data:
                try:
                    process.stdout.write(data)
                    return
                except (BrokenPipeError, ConnectionError):  # the person has gone
                    pass
            loop.remove_reader(master)
            finished.set()

        loop.add_reader(master, screen_output)
        reading = asyncio.ensure_future(self._keys(process, master))
        drawing = asyncio.ensure_future(finished.wait())
        await asyncio.wait([reading, drawing], return_when=asyncio.FIRST_COMPLETED)
        for task in (reading, drawing):
            task.cancel()
        with contextlib.suppress(Exception):
            loop.remove_reader(master)
        if child.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGHUP)  # a dropped connection, as sshd would say
            with contextlib.suppress(subprocess.TimeoutExpired):
                await loop.run_in_executor(None, child.wait, 3)
        os.close(master)
        process.exit(0)

    def screen_environment(self, term: str | None, lang: str, ticket: str) -> dict[str, str]:
        """What a participant's screen process gets: its terminal, its language, how to find
        Python, and a ticket for the hub that works once — not the session code, nor
        anything else of the host's environment."""
        env = {key: os.environ[key] for key in ("PATH", "PYTHONPATH", "TRUST_TUI_SCRIPT")
               if key in os.environ}  # the same exercise as the host (its own version)
        env["TERM"] = term or "xterm-256color"
        env["LANG"] = env["LC_ALL"] = "nl_NL.UTF-8" if lang == "nl" else "C.UTF-8"
        # Not on the command line either, where `ps` shows it.
        env["TRUST_TUI_CODE"] = ticket
        return env

    @staticmethod
    async def _keys(process: asyncssh.SSHServerProcess[bytes], master: int) -> None:
        while True:
            try:
                data = await process.stdin.read(4096)
            except asyncssh.TerminalSizeChanged as change:
                _set_size(master, change.width, change.height)
                continue
            except (asyncssh.BreakReceived, asyncssh.SignalReceived):
                continue
            if not data:
                return
            os.write(master, data)
