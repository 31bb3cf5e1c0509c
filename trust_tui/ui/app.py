"""The Textual app: receives its repositories from cli.py and runs one session at a time."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from trust_tui.core.content import Content, load_content, load_script
from trust_tui.core.roles import FACILITATOR
from trust_tui.store import JournalRepository, SessionRepository
from trust_tui.ui.failure import fail_in_private, terminal_lost
from trust_tui.ui.keys import translate_bindings
from trust_tui.ui.shared_app import SharedApp, bindings_now

if TYPE_CHECKING:
    from trust_tui.core.engine import Engine
    from trust_tui.net.hosting import Hosting
    from trust_tui.ui.meeting import Meeting

__all__ = ["TrustApp"]

HIGH_CONTRAST = Theme(
    name="trust-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    success="#00ff00",
    warning="#ffff00",
    error="#ff5555",
    dark=True,
)


class TrustApp(SharedApp):
    """trust-tui: home, set-up, the stages of the horizon exercise, the summary."""

    CSS_PATH = "app.tcss"
    TITLE = "trust-tui"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        Binding("f9", "join_info", "How to join", id="join_info"),
    ]

    def __init__(self, *, sessions: SessionRepository, journal: JournalRepository,
                 lang: str = "en", start_solo: bool = False, open_session: str | None = None,
                 export_folder: Path | None = None,
                 clock: Callable[[], float] = time.time,
                 host_folder: Path | None = None,
                 listen: tuple[str, int] = ("127.0.0.1", 2222)) -> None:
        super().__init__()
        self.sessions = sessions
        self.journal = journal
        self.content: Content = load_content(lang)
        self.script = load_script()
        self.start_solo = start_solo
        self.open_session = open_session
        self.export_folder = export_folder
        self.clock = clock
        self.meeting: Meeting | None = None
        self.hosting: Hosting | None = None
        """Host mode: participants join each session through a socket in ``host_folder``."""
        if host_folder is not None:
            from trust_tui.net.hosting import Hosting

            self.hosting = Hosting(host_folder, listen=listen, data_file=self.data_file,
                                   tell=self._tell_host_news, on_change=self._hub_changed,
                                   let_in=self.let_back_in)
        self._stopped = threading.Event()
        self.refusal = ""
        """Why the last intent was refused (a key, ``bad_date``), or "" if it went through."""
        self.register_theme(HIGH_CONTRAST)

    # -- start and stop ---------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        from trust_tui.ui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        translate_bindings(self, self.content)
        self._watch_for_hang_ups()
        self._say_what_the_own_script_left_out()
        if self.start_solo:
            self.new_session(solo=True)
        elif self.open_session:
            self.open_read_only(self.open_session)

    def _say_what_the_own_script_left_out(self) -> None:
        from trust_tui.core.content import own_script_folder, own_script_notes

        left_out = [note for note in own_script_notes() if not note.info]
        if left_out:
            self.notify(self.content.t("ui.script_left_out", count=len(left_out),
                                       folder=str(own_script_folder())),
                        severity="warning", timeout=20, markup=False)

    async def on_unmount(self) -> None:
        self._stopped.set()
        if self.hosting is not None:  # participants are told, and the socket file goes
            await self.hosting.close()
        self.close_meeting()

    # -- dropped connections, kills and failures --------------------------------------------------

    def _watch_for_hang_ups(self) -> None:
        """SIGHUP (an SSH drop) and SIGTERM save and leave; so does a terminal that is gone."""
        if self.is_headless:
            return
        loop = asyncio.get_running_loop()
        if signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN:
            loop.add_signal_handler(signal.SIGHUP, self.leave_now, "hang-up")
        loop.add_signal_handler(signal.SIGTERM, self.leave_now, "terminate")
        # With SIGHUP ignored (nohup) nobody tells us the terminal is gone, and Textual's
        # event loop may never get round to a timer again; a thread of our own watches.
        threading.Thread(target=self._watch_terminal, name="trust-tui-terminal",
                         daemon=True).start()

    def _watch_terminal(self) -> None:
        while not self._stopped.wait(0.5):
            if terminal_lost():
                self.leave_now("hang-up")
                return

    def keep_draft(self) -> bool:
        """Every field of the stage with unsent text, kept with the session so a restart
        gives each back (whatever is on top: help, a question, or focus elsewhere)."""
        if self.meeting is None:  # (before the import: quitting from home loads no stage)
            return False
        from trust_tui.ui.screens.base import MeetingScreen

        stage = next((screen for screen in reversed(self.screen_stack)
                      if isinstance(screen, MeetingScreen)), None)
        typed = stage.unsent_fields() if stage is not None else {}
        if not typed:
            return False
        return self.meeting.act(self.content, "keep_draft", fields=typed).value is True

    def keep_journal_draft(self) -> bool:
        """A journal step being written goes into the data file as a draft, offered back when
        the journal opens next."""
        journal = sys.modules.get("trust_tui.ui.screens.journal")
        if journal is None:  # never opened: nothing to keep, nothing to import now
            return False
        form = next((screen for screen in reversed(self.screen_stack)
                     if isinstance(screen, journal.JournalEntryScreen)), None)
        return form is not None and bool(form.keep_draft())

    async def action_quit(self) -> None:
        """Ctrl+Q: unsent words are kept as a draft, and nothing unsaved goes without a word."""
        from trust_tui.ui.screens.journal import JournalEntryScreen

        if isinstance(self.screen, JournalEntryScreen):  # a step half written: ask first
            self.screen.leave(lambda: self.exit(0))
            return
        self.keep_draft()
        if self.meeting is not None and not self.meeting.saver.flush(1.0):
            from trust_tui.ui.screens.dialogs import UnsavedDialog

            self.push_screen(UnsavedDialog(self.content), self._unsaved_answer)
            return
        self.exit(0)

    def _unsaved_answer(self, choice: str | None) -> None:
        """Leaving while saving fails: keep trying, a copy elsewhere, or quit anyway."""
        if choice == "copy":
            where = self.save_emergency_copy()
            if where is None:
                self.notify(self.content.t("ui.copy_failed"), severity="error", markup=False)
                return
            self.meeting = None
            self.exit(0, message=self.content.t("ui.copy_saved", path=str(where)))
        elif choice == "quit":
            self.meeting = None
            self.exit(1)

    def save_emergency_copy(self) -> Path | None:
        """The session as it is now, in a file of its own (beside the data file, else in the
        user's data folder); the next start offers to bring it back."""
        from trust_tui.store.emergency import write_emergency

        if self.meeting is None or self.data_file is None:
            return None
        record = self.meeting.engine.record()
        record["revision"] = self.meeting.revision  # what the file had when this window saved
        return write_emergency(self.data_file, record)

    @property
    def data_file(self) -> Path | None:
        """The data file this app saves to (None for a store in memory, in tests)."""
        return self.sessions.store.path

    def unsaved_work(self) -> list[Any]:
        """Emergency copies of sessions the data file could not take, oldest first."""
        from trust_tui.store.emergency import find_emergency

        return find_emergency(self.data_file) if self.data_file is not None else []

    def bring_back(self, unsaved: Any) -> None:
        """An emergency copy goes back into the data file, and its session opens."""
        from trust_tui.store.emergency import discard_emergency

        session_id = str(unsaved.record.get("id", ""))
        record = dict(unsaved.record)
        if self.sessions.revision(session_id) > int(record.get("revision") or 0):
            # Saved elsewhere since: the copy comes back beside it, as a session of its own.
            from trust_tui.core import new_session_id

            session_id = record["id"] = new_session_id()
            record["title"] = self.content.t("home.unsaved_copy_title",
                                             title=str(record.get("title") or ""))
        try:
            self.sessions.save_record(record)
        except Exception:  # noqa: BLE001 - the copy stays where it is, to try again later
            self.notify(self.content.t("home.unsaved_failed"), severity="error", markup=False)
            return
        discard_emergency(unsaved)
        self.notify(self.content.t("home.unsaved_back"), markup=False)
        self.continue_session(session_id)

    def leave_now(self, why: str) -> None:
        """Save everything (the draft too) and exit within two seconds, terminal or not."""
        self.keep_draft()
        self.keep_journal_draft()
        saved = self.meeting.close(timeout=1.2) if self.meeting is not None else True
        if not saved:  # the file could not take it: the state goes to a copy of its own
            saved = self.save_emergency_copy() is not None
        self.meeting = None
        code = 0 if saved else 1
        if why == "hang-up":
            os._exit(code)  # nobody is there to see a goodbye; writing to a dead tty can hang
        threading.Timer(1.0, os._exit, (code,)).start()
        self.exit(code)

    def _handle_exception(self, error: Exception) -> None:
        """A failure never shows a traceback (with its local variables) on the shared screen."""
        data_file = self.data_file
        fail_in_private(self, error, data_file.parent if data_file is not None else None)

    def close_meeting(self) -> None:
        closing = self.hosting.close_hub() if self.hosting is not None else None
        if closing is not None:
            self.run_worker(closing, group="hub")
        if self.meeting is not None:
            self.meeting.close()
            self.meeting = None

    # -- language and look ------------------------------------------------------------------------

    def set_language(self, lang: str) -> None:
        self.content = load_content(lang)
        translate_bindings(self, self.content)
        self._home_again(highlight="language")  # the cursor stays where it was

    def set_session_language(self, lang: str) -> None:
        """Switch the running session's screens to ``lang`` (from set-up)."""
        self.content = load_content(lang)
        translate_bindings(self, self.content)
        self.show_stage()

    def action_toggle_contrast(self) -> None:
        self.theme = ("textual-dark" if self.theme == HIGH_CONTRAST.name
                      else HIGH_CONTRAST.name)

    def action_command_palette(self) -> None:
        """Textual's command palette, its search line in the session's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette",
                                            placeholder=self.content.t("palette.search")))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        t = self.content.t
        for command in super().get_system_commands(screen):
            # Textual's own commands, in the session's language where data has their words.
            key = f"palette.{command.title.lower()}"
            if self.content.has(key):
                hide = command.help.startswith("Hide")
                command = command._replace(title=t(key), help=t(
                    f"{key}_{'hide' if hide else 'show'}" if command.title == "Keys"
                    else f"{key}_help"))
            yield command
        yield SystemCommand(t("keys.contrast"), t("tips.contrast"), self.action_toggle_contrast)
        # Every key that works here now, from the bindings the footer shows.
        for active in bindings_now(screen):
            binding = active.binding
            if binding.id:
                yield SystemCommand(
                    f"{binding.description} ({self.get_key_display(binding).upper()})",
                    binding.tooltip or binding.description,
                    partial(self.run_action, binding.action, active.node),
                )

    # -- sessions ---------------------------------------------------------------------------------

    def new_session(self, *, solo: bool = False) -> None:
        from trust_tui.core.engine import Engine

        engine = Engine.new(self.script, lang=self.content.lang,
                            mode="solo" if solo else "meeting", clock=self.clock)
        self.start_meeting(engine)

    def continue_session(self, session_id: str, *, take_over: bool = False) -> None:
        """Run ``session_id`` again. Open in another window already? Then ask first: read-only,
        or take it over (the other window then saves nothing more: it is told so)."""
        from trust_tui.store import DamagedRecord
        from trust_tui.store.claims import claim_session

        if self.data_file is not None and not take_over:
            claim = claim_session(self.data_file, session_id)
            if claim is None:
                self._ask_open_elsewhere(session_id)
                return
            claim.release()  # taken again, for good, when the meeting starts

        try:
            session = self.sessions.get(session_id)
        except DamagedRecord:  # said, never a crash; the record stays as it is in the file
            self.notify(self.content.t("cli.damaged_record", id=session_id), severity="error",
                        markup=False)
            return
        if session is None:
            return
        from trust_tui.core.engine import Engine

        self.content = load_content(session.lang)
        translate_bindings(self, self.content)
        self.start_meeting(Engine(session, self.script, clock=self.clock), new=False)

    def _ask_open_elsewhere(self, session_id: str) -> None:
        from trust_tui.ui.screens.dialogs import ChooseDialog

        t = self.content.t

        def chosen(choice: str | None) -> None:
            if choice == "read":
                self.open_read_only(session_id)
            elif choice == "take":
                self.continue_session(session_id, take_over=True)

        self.push_screen(ChooseDialog(t("home.open_elsewhere"), [
            ("read", Text(t("home.open_read_only"))), ("take", Text(t("home.take_over")))],
            t("ui.cancel")), chosen)

    def follow_up(self, session_id: str) -> None:
        """A new session that opens with Look back at ``session_id``'s commitments."""
        from trust_tui.core.engine import Engine

        previous = self.sessions.get(session_id)
        if previous is None:
            return
        self.content = load_content(previous.lang)
        translate_bindings(self, self.content)
        self.start_meeting(Engine.follow_up(previous, self.script, clock=self.clock))

    def open_read_only(self, session_id: str) -> None:
        from trust_tui.ui.screens.summary import SummaryScreen

        session = self.sessions.get(session_id)
        if session is not None:
            self.push_screen(SummaryScreen(session, load_content(session.lang)))

    def start_meeting(self, engine: Engine, *, new: bool = True) -> None:
        from trust_tui.store.claims import claim_session
        from trust_tui.ui.meeting import Meeting

        self.close_meeting()
        self.meeting = Meeting(engine, self.sessions, self._save_state_from_thread)
        if self.data_file is not None:  # other windows see that this one runs it
            self.meeting.claim = claim_session(self.data_file, engine.session.id)
        if new:  # a session continued is in the file already: opening it writes nothing
            self.meeting.save()
        if self.hosting is not None:
            self.run_worker(self.hosting.open(engine, self.meeting.saver.submit,
                                              self.content.lang), group="hub")
        self.show_stage()

    async def let_back_in(self, name: str) -> bool:
        """Someone asks for a seat that is somebody's: the facilitator says yes or no."""
        from trust_tui.ui.screens.dialogs import ConfirmDialog

        t = self.content.t
        answer: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        dialog = ConfirmDialog(t("join.let_in", name=name), t("join.let_in_yes"),
                               t("join.let_in_no"))

        def answered(yes: bool | None) -> None:
            if not answer.done():
                answer.set_result(bool(yes))

        self.push_screen(dialog, answered)
        self.bell()
        try:
            return await answer
        finally:  # no answer in time, or the meeting closed: the question goes away
            if self.screen is dialog and not answer.done():
                dialog.dismiss(False)

    HOST_NEWS: ClassVar[dict[str, tuple[SeverityLevel, int]]] = {
        "join.host_busy": ("warning", 30), "join.no_door": ("warning", 5),
        "join.ssh_ready": ("information", 45), "join.host_ready": ("information", 45),
        "join.door_closed": ("error", 60)}
    """How each piece of news from hosting is shown: its severity, and for how many seconds."""

    def _tell_host_news(self, key: str, params: dict[str, Any]) -> None:
        """What hosting has to tell the facilitator (too many wrong codes: F9 makes a new one)."""
        severity, seconds = self.HOST_NEWS[key]
        self.notify(self.content.t(key, **params), severity=severity, timeout=seconds,
                    markup=False)
        if key == "join.door_closed":
            self.bell()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "join_info":
            return self.hosting is not None and self.hosting.hub is not None
        return True

    def action_join_info(self) -> None:
        from trust_tui.ui.screens.dialogs import JoinInfoDialog, join_instructions

        hosting = self.hosting
        if hosting is None:
            return

        def answered(choice: str | None) -> None:
            if choice == "new_code":
                hosting.new_code()
                self.action_join_info()  # the new code, at once

        t = self.content.t
        self.push_screen(JoinInfoDialog(join_instructions(hosting, self.content),
                                        t("ui.help_close"), t("join.new_code")), answered)

    def _hub_changed(self) -> None:
        self.call_later(self._session_changed)

    def _session_changed(self) -> None:
        """A participant changed something (or the doors did): the screen in front redraws."""
        self.changes += 1
        self.refresh_bindings()  # F9 comes with an open hub

    def show_stage(self) -> None:
        """Show the screen of the session's current stage (replacing any stage on top)."""
        from trust_tui.ui.screens.home import HomeScreen
        from trust_tui.ui.screens.stages import screen_for

        assert self.meeting is not None
        screen = screen_for(self.meeting.session)
        if isinstance(self.screen, HomeScreen):
            self.push_screen(screen)
        else:
            self.switch_screen(screen)

    def go_home(self) -> None:
        self.close_meeting()
        self._home_again()

    def _home_again(self, highlight: str | None = None) -> None:
        """Back to the first screen, home, shown as new: every screen above it closes."""
        from trust_tui.ui.screens.home import HomeScreen

        while len(self.screen_stack) > 1:
            self.pop_screen()
        home = self.screen_stack[0]
        if isinstance(home, HomeScreen):
            self.call_later(home.show_again, highlight)

    @property
    def open_meeting(self) -> Meeting:
        """The meeting on screen: only the screens of a meeting ask for it."""
        if self.meeting is None:
            raise RuntimeError("no meeting is open")
        return self.meeting

    def act(self, kind: str, who: str = FACILITATOR, /, **data: Any) -> bool:
        """Apply an intent to the running session; show why not if it is rejected."""
        assert self.meeting is not None
        outcome = self.meeting.act(self.content, kind, who, **data)
        self.refusal = outcome.refusal
        if not outcome.ok:
            self.notify(outcome.reason, severity="warning", markup=False)
            return False
        self.changes += 1
        return True

    # -- saving -----------------------------------------------------------------------------------

    class SaveStateChanged(Message):
        """The saver thread's news: "saved", or "failed" with a reason (never content)."""

        def __init__(self, state: str, reason: str) -> None:
            super().__init__()
            self.state = state
            self.reason = reason

    def _save_state_from_thread(self, state: str, reason: str) -> None:
        # post_message is safe from any thread and never waits for the UI: the saver must
        # not block on a UI that may itself be waiting for the saver (flush on exit).
        self.post_message(self.SaveStateChanged(state, reason))

    def on_trust_app_save_state_changed(self, message: SaveStateChanged) -> None:
        self.save_state = (message.state, message.reason)  # each screen's banner shows it
