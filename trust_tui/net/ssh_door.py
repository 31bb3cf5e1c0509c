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
from collections.abc import Callable
from pathlib import Path

import asyncssh

from trust_tui.core.content import language_of
from trust_tui.net.hub import normal_code

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


class _Login(asyncssh.SSHServer):
    def __init__(self, door: SshDoor) -> None:
        self.door = door
        self.code = ""
        """The code this person logged in with: the session's, or their seat's own."""

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.door.connections += 1
        if self.door.connections > self.door.max_connections:
            conn.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.door.connections -= 1

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    async def validate_password(self, username: str, password: str) -> bool:
        if self.door.code_fits(username, password):
            self.code = password
            return True
        # A wrong code costs time: guessing six characters over the network stays hopeless.
        await asyncio.sleep(self.door.wrong_code_delay)
        return False


class SshDoor:
    """Listens for `ssh`; starts `trust-tui join` for each login, against the hub's socket."""

    def __init__(self, *, code: str, data_file: Path, key_path: Path, lang: str = "en",
                 max_connections: int = 16, wrong_code_delay: float = 2.0) -> None:
        self.code = code
        self.wrong_code_delay = wrong_code_delay
        self.data_file = data_file
        self.key = host_key(key_path)
        self.lang = lang
        self.max_connections = max_connections
        self.connections = 0
        self.server: asyncssh.SSHAcceptor | None = None
        self.return_code_fits: Callable[[str, str], bool] | None = None
        """The hub's check of a seat's own code (someone coming back to their seat)."""

    def code_fits(self, name: str, code: str) -> bool:
        """The session code (any case, spaces around it), or the seat's own code."""
        if hmac.compare_digest(normal_code(code).encode(), normal_code(self.code).encode()):
            return True
        return self.return_code_fits is not None and self.return_code_fits(name, code)

    @property
    def fingerprint(self) -> str:
        return self.key.get_fingerprint()

    async def listen(self, host: str = "127.0.0.1", port: int = 2222) -> int:
        self.server = await asyncssh.create_server(
            lambda: _Login(self), host, port, server_host_keys=[self.key],
            process_factory=self._session, encoding=None, line_editor=False,
            login_timeout=60, allow_scp=False, agent_forwarding=False,
            x11_forwarding=False)
        return self.server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()

    async def _session(self, process: asyncssh.SSHServerProcess) -> None:
        name = process.get_extra_info("username") or "guest"
        width, height = (process.term_size or (80, 24, 0, 0))[:2]
        # The person's own locale (OpenSSH sends it with SendEnv), else the host's language.
        lang = language_of(dict(process.env or {})) or self.lang
        master, slave = os.openpty()
        _set_size(slave, width or 80, height or 24)
        # No COLUMNS/LINES: the screen reads its size from the pty, so resizes reach it.
        env = {key: value for key, value in os.environ.items()
               if key not in ("COLUMNS", "LINES")}
        env["TERM"] = process.term_type or "xterm-256color"
        connection = process.get_extra_info("connection")
        login = (connection.get_owner()
                 if isinstance(connection, asyncssh.SSHServerConnection) else None)
        # The code this person logged in with (theirs, or the session's); not on the command
        # line, where `ps` shows it.
        env["TRUST_TUI_CODE"] = login.code if isinstance(login, _Login) and login.code \
            else self.code
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

    @staticmethod
    async def _keys(process: asyncssh.SSHServerProcess, master: int) -> None:
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
