"""The browser front door: each browser tab gets its own participant screen (textual-serve).

Every tab runs ``trust-tui join`` against the hub of the host on this machine; the person types
their name and the session code on that screen. The page asks nothing of any other server: the
web font textual-serve would fetch from Google is left out.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shlex
import signal
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.server import Server

from trust_tui.net.hub import reachable_host

__all__ = ["WebDoor", "public_url"]

_FONT_LINK = ('<link\n      rel="stylesheet"\n'
              '      href="https://fonts.googleapis.com/css?family=Roboto%20Mono"\n    />')


def public_url(host: str, port: int) -> str:
    """The address to give people: a wildcard address becomes this machine's name."""
    host = reachable_host(host)
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


class _Quiet(logging.Formatter):
    """Log lines name what failed, never a message or a value (they can hold what people wrote)."""

    def format(self, record: logging.LogRecord) -> str:
        where = f"trust-tui serve: {record.levelname.lower()} in {record.name}"
        if record.exc_info and record.exc_info[0] is not None:
            where += f": {record.exc_info[0].__name__}"
        return where


class WebDoor(Server):
    def __init__(self, *, data_file: Path, lang: str, host: str, port: int,
                 url: str | None = None, announce: str = "", max_tabs: int = 16) -> None:
        command = shlex.join([sys.executable, "-m", "trust_tui", "--db", str(data_file),
                              "--lang", lang, "join"])
        super().__init__(command, host=host, port=port, title="trust-tui",
                         public_url=url or public_url(host, port))
        self.announce = announce
        self.max_tabs = max_tabs
        self.tabs = 0
        """Browser tabs with a screen running now; each is a process, so there is a cap."""

    def initialize_logging(self) -> None:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_Quiet())
        logger = logging.getLogger("textual-serve")
        logger.handlers[:] = [handler]
        logger.setLevel(logging.WARNING)
        logger.propagate = False

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        page = (Path(str(self.templates_path)) / "app_index.html").read_text(encoding="utf-8")
        aiohttp_jinja2.setup(app, loader=jinja2.DictLoader(
            {"app_index.html": page.replace(_FONT_LINK, "")}))
        return app

    def _own_hosts(self) -> set[str]:
        """The names this door answers to: its public address, and this machine's own."""
        hosts = {urlsplit(self.public_url).netloc.lower(), f"{self.host}:{self.port}",
                 f"127.0.0.1:{self.port}", f"localhost:{self.port}", f"[::1]:{self.port}"}
        return {host.lower() for host in hosts}

    def _from_here(self, request: web.Request) -> bool:
        """Only pages this door served open a screen: a page on another site (its Origin),
        or another name pointed at this machine (its Host, as DNS rebinding does), does not."""
        own = self._own_hosts()
        if (request.host or "").lower() not in own:
            return False
        origin = request.headers.get("Origin")
        return origin is None or urlsplit(origin).netloc.lower() in own

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if not self._from_here(request):
            raise web.HTTPForbidden(text="trust-tui: not from this page\n")
        if self.tabs >= self.max_tabs:  # one process per tab: never an unbounded number
            raise web.HTTPServiceUnavailable(text="trust-tui: too many screens open\n")
        self.tabs += 1
        try:
            return await super().handle_websocket(request)
        finally:
            self.tabs -= 1

    def serve(self, debug: bool = False) -> None:
        """As textual-serve serves, but the address is announced only once the port is bound
        (its on_startup comes before that: a browser opened at once found nothing there)."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        announce = self.announce.format(url=self.public_url)
        web.run_app(self._make_app(), host=self.host, port=self.port, handle_signals=False,
                    loop=loop, print=lambda *_: print(announce, flush=True))

    async def on_startup(self, app: Any) -> None:
        """textual-serve's own banner; the announcement comes from serve()."""
