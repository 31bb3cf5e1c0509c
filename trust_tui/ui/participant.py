"""A participant's own screen in host mode: their private writing, and the shared stages live."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from trust_tui.core.answers import FORMS, intents_for, refused_ask, unkept_names
from trust_tui.core.content import load_content
from trust_tui.ui.failure import fail_in_private
from trust_tui.ui.keys import translate_bindings
from trust_tui.ui.lists import drawn_as, refill
from trust_tui.ui.shared_app import SharedApp, keys_now
from trust_tui.ui.text import shown
from trust_tui.ui.widgets.field import Field

if TYPE_CHECKING:  # the own screen's parts load when the person is in (see join)
    from trust_tui.core import Session
    from trust_tui.net import HubClient
    from trust_tui.ui.screens.own import OwnScreen
    from trust_tui.ui.widgets.asks import Asks

__all__ = ["ParticipantApp"]


def _same_lines(before: str | None, now: str, width: int) -> bool:
    """Whether two texts take the same lines at ``width``: as many lines, none of them wrapped.
    Then the pane keeps its height, and the text need not be measured."""
    if before is None:
        return False
    old, new = before.split("\n"), now.split("\n")
    return len(old) == len(new) and all(cell_len(line) < width for line in (*old, *new))


class Refusal(ModalScreen[None]):
    """Why this person cannot join, on a screen that stays until a key (or 10 seconds): over
    ssh the connection ends with the screen, and a message that flashes by helps nobody."""

    def __init__(self, reason: str, hint: str) -> None:
        super().__init__()
        self.reason = reason
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("✗ " + self.reason, markup=False, classes="dialog-title")
            yield Static(self.hint, markup=False, classes="hint")

    def on_mount(self) -> None:
        self.set_timer(10, self.leave)

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.leave()

    def leave(self) -> None:
        self.app.exit(1, return_code=1, message=self.reason)


class ParticipantApp(SharedApp):
    """Joins the hub at ``socket``; shows only what this person may see.

    Without a name or a code (a browser, or ``trust-tui join`` without them) it first asks for
    them on screen, and asks again after a refusal: the join form is then the first screen,
    and the own screen comes over it once in. The first frame has one screen to draw, not two.
    """

    CSS_PATH = "app.tcss"
    TITLE = "trust-tui"
    # No command palette: its commands (a screenshot saved to a folder) would act on the
    # host's machine, not the participant's.
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("f1", "help", "Help", id="help", priority=True),
        Binding("ctrl+o", "ready", "Ready", id="ready", priority=True),
        Binding("f2", "language", "Language", id="language", priority=True),
        Binding("f10", "give_up_seat", "Shared screen", id="give_up_seat", priority=True),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    def __init__(self, socket: Path, *, name: str | None = None, code: str | None = None,
                 lang: str = "en") -> None:
        super().__init__()
        self.socket = socket
        self.person = name or ""
        self.code = code or ""
        self.content = load_content(lang)
        self.client: HubClient | None = None
        self.own: OwnScreen | None = None
        self.stage_shown: str | None = None
        self.typed: dict[str, Any] = {}
        """The form as last typed in (for a draft when leaving)."""
        self.editing: str | None = None
        """The statement being changed (put back in the field with Enter), if any."""
        self.unsent: tuple[str, list[str]] = ("", [])
        """Words typed at a stage that closed for writing before they were sent (the stage,
        the words): shown to this person only, while the meeting is at that stage."""
        self.draft: dict[str, Any] | None = None
        """Answers typed before a dropped connection, given back by the hub."""
        self.refusal: str | None = None
        """Why the hub last said no to joining (a key under [reason])."""
        self.sent: dict[str, Any] = {}
        """The answers last sent; put back in the form if the hub refuses them."""
        self.dots: dict[str, int] = {}
        """This person's ballot while they fill it in; sent whole with Enter."""
        self.drawn: dict[str, Any] = {}
        """What each pane shows now: an update redraws only the panes whose words changed."""
        self.actions_for: Any = None
        """What the keys in the footer were last checked against (see check_action)."""
        self.forms: dict[str, Vertical] = {}
        self.asks: dict[str, Asks] = {}
        self.sends: dict[str, Button] = {}
        """Each stage's form, its questions and its send button, built the first time the
        stage asks: a screen that never writes at a stage never builds its form."""

    @property
    def main(self) -> OwnScreen:
        """The participant's own screen (on the screens' stack once joined)."""
        if self.own is None:
            from trust_tui.ui.screens.own import OwnScreen

            self.own = OwnScreen()
        return self.own

    @property
    def view(self) -> Session | None:
        return self.client.view if self.client else None

    def t(self, key: str, **params: Any) -> str:
        return self.content.t(key, **params)

    def reason(self, key: Any, params: Any = None) -> str:
        """A refusal in words; a key or params the strings do not know never break the screen."""
        key = f"reason.{key}"
        if not self.content.has(key):
            key = "reason.unknown_intent"
        try:
            return self.t(key).format(**(params if isinstance(params, dict) else {}))
        except (KeyError, IndexError, ValueError):
            return re.sub(r" ?\{[^}]*\}", "", self.t(key))

    def get_default_screen(self) -> Screen[Any]:
        """Straight in, the own screen; else the join form (see join)."""
        if self.person and self.code:
            return self.main
        from trust_tui.ui.screens.join import JoinScreen

        return JoinScreen(self.person)

    async def on_mount(self) -> None:
        translate_bindings(self, self.content)
        if not self.is_headless:  # an ssh drop: keep what was being typed, then go
            loop = asyncio.get_running_loop()
            for hang_up in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(hang_up, self.hang_up)
        if self.person and self.code:  # in a worker: the screen draws while the hub decides
            self.run_worker(self._join_as_given(), group="join")

    async def _join_as_given(self) -> None:
        reason = await self.join(self.person, self.code)
        if reason is not None:
            self.push_screen(Refusal(reason, self.t("join.refused_hint")))

    async def join(self, name: str, code: str) -> str | None:
        """Join the hub; None when in, else why not, in words (the key is ``refusal``)."""
        def waiting() -> None:  # coming back to a seat without its own code
            if self.main.is_mounted:
                self._show("#participant-top",
                           Text(self.t("join.waiting_facilitator"), style="bold"))
            if self.screen is not self.main and hasattr(self.screen, "say"):
                self.screen.say(self.t("join.waiting_facilitator"))

        from trust_tui.net.client import HubClient, Refused

        try:
            self.client = await HubClient.join(self.socket, name=name, code=code,
                                               waiting=waiting)
        except Refused as refused:
            self.refusal = refused.reason
            return self.reason(refused.reason, refused.params)
        except (OSError, ValueError, TimeoutError):
            self.refusal = "no_host"
            return self.reason("no_host")
        self.person, self.code = name, code
        if not self.main.is_mounted:  # from the join form: the own screen comes over it
            await self.push_screen(self.main)
        self.call_later(self.redraw)
        self.run_worker(self._listen(), exclusive=True)
        return None

    def hang_up(self) -> None:
        """The connection is gone: hand the half-typed answers to the hub, and leave at once."""
        threading.Timer(1.5, os._exit, (0,)).start()  # whatever happens, within two seconds
        self.run_worker(self._leave_draft(), group="leave")

    async def _leave_draft(self) -> None:
        await self._keep_draft()
        os._exit(0)  # nobody is there to see a goodbye; writing to a dead tty can hang

    async def _keep_draft(self) -> None:
        """Whatever is typed and not sent goes to the hub, to come back when this person does."""
        if self.client is None or self.stage_shown is None:
            return
        hidden = unkept_names(self.stage_shown, self.typed)  # names: only if "keep" is ticked
        answers = {key: value for key, value in self.typed.items()
                   if value and not isinstance(value, bool) and key not in hidden}
        if any(self.typed.get(key) for key in self._name_keys()) and not hidden:
            answers["keep"] = True  # the names come back with the tick that let them go
        if answers:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.client.keep_draft(self.stage_shown, answers), 1)

    def on_input_changed(self, event: Input.Changed) -> None:
        if not self.screen_stack:  # a change still queued while the app closes
            return
        if self.stage_shown is not None and (event.input.id or "").startswith(
                f"ask-{self.stage_shown}-"):
            self.typed = self._answers()  # kept as typed: the screen may be gone at the end

    async def on_unmount(self) -> None:
        """Leaving in any other way (a closed browser tab, Ctrl+Q) keeps the draft too."""
        await self._keep_draft()
        if self.client is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.client.close(), 1)

    async def _listen(self) -> None:
        assert self.client is not None
        while True:
            try:
                message = await self.client.receive(timeout=None)
            except (ConnectionError, asyncio.IncompleteReadError, ValueError):
                self.exit(1, return_code=1, message=self.goodbye_text())
                return
            if "draft" in message:  # back after a drop: what was being typed comes back
                self.draft = message["draft"]
            elif "rejected" in message:
                # Nothing typed is lost: it comes back to be put right, where it is wrong.
                self._restore_form(str(message["rejected"]))
                self.notify(self.reason(message["rejected"], message.get("params")),
                            severity="warning", markup=False)
                continue
            self.redraw()

    def goodbye_text(self) -> Text:
        """Said on this person's own terminal when the host is gone: how to come back, and what
        they had typed and not sent (the hub kept nothing of it), to copy from what stays on
        their screen. It goes nowhere else."""
        text = Text(self.t("join.lost"))
        asks = FORMS.get(self.stage_shown or "", ())
        typed = [(ask, self.typed.get(ask.key)) for ask in asks]
        written = [(ask, value) for ask, value in typed if isinstance(value, str) and value.strip()]
        if written:
            text.append("\n" + self.t("join.lost_typed"))
            for ask, value in written:
                text.append(f"\n  {self.t(ask.label)}: ")
                text.append_text(shown(value))
        return text

    def action_language(self) -> None:
        self.content = load_content("en" if self.content.lang == "nl" else "nl")
        translate_bindings(self, self.content)
        self.refresh_bindings()
        self._label_forms()
        self.redraw()
        if hasattr(self.screen, "relabel"):
            self.screen.relabel()

    # -- drawing --------------------------------------------------------------------------------

    def _own_progress(self) -> dict[str, Any]:
        me = self.client.participant_id if self.client else None
        return next((p for p in (self.client.progress if self.client else [])
                     if p.get("participant_id") == me), {})

    def redraw(self) -> None:
        from trust_tui.ui.own_view import sent_text, shared_text

        view = self.view
        if view is None or self.client is None:
            return
        t = self.t
        top = Text(end="")
        top.append(f"▶ {self.content.stage_title(view.stage)}", style="bold reverse")
        if view.anonymous:  # as on the shared screen: nobody wonders whether their name shows
            top.append(" · " + t("ui.anonymous_mark"), style="bold")
        # Their way back to this seat, then "ready", then their own name (which they know):
        # at 80 columns a long name must never push the first two off the line. Only this
        # person sees the code.
        if self.client.return_code:
            top.append("  ↩ " + t("join.own_code", code=self.client.return_code), style="dim")
        if self._own_progress().get("ready"):
            top.append("  ⚑ " + t("join.ready"), style="bold")
        top.append("  ")
        top.append_text(shown(t("join.you", name=view.name_of(self.client.participant_id)),
                              "bold"))
        self._show("#participant-top", top)
        writing = self._writing()
        guide = Text(t(f"stage.{view.stage}.prompt"), style="bold", end="")
        if view.stage == "checkin" and view.checkin_question:
            guide = Text(self.content.question(view.checkin_question), style="bold", end="")
        notes = []
        if writing is not None:
            notes.append(t("join.names_privacy" if writing == "relationships" else "join.how"))
        progress, total = self.client.progress, len(self.client.progress)
        if self._voting() or (view.stage == "choose" and view.themes
                              and not view.votes_revealed):
            voted = sum(bool(p.get("voted")) for p in progress)
            notes.append(t("join.voted", done=voted, total=total))  # no plural: no Babel here
        ready = sum(bool(p.get("ready")) for p in progress)
        revealed = {"horizon": view.revealed, "choose": view.votes_revealed,
                    "relationships": view.patterns_revealed}.get(view.stage, False)
        if revealed and writing == "relationships":  # still open, for oneself only
            notes.append(t("reason.patterns_shown"))
        elif revealed:  # who was ready before the reveal no longer tells anyone anything
            notes.append(t(f"join.revealed_{view.stage}"))
        elif ready:
            notes.append(t("join.ready_count", done=ready, total=total))
        if notes:
            guide.append("\n" + " · ".join(notes), style="dim")
        self._show("#participant-guide", guide)
        if writing != self.stage_shown:
            typed = [field.value.strip() for field in self._fields() if field.value.strip()]
            if typed and writing is None and view.stage == self.stage_shown:
                # Closed for writing (the statements revealed, the meeting finished) before
                # these words were sent: they stay here, for this person's eyes only.
                self.unsent = (view.stage, typed)
                self.notify(t("join.not_sent_finished" if view.status == "finished"
                              else "join.not_sent"), markup=False, timeout=10)
            elif typed:  # the form stays as it is, hidden, and comes back with its stage
                self.notify(t("ui.kept_as_draft"), markup=False)
            self.stage_shown = writing
            self.typed = {}
            self._show_form(writing)
        if writing == "relationships" and view.patterns_revealed:
            self.asks[writing].fix("share", False)  # a pattern shared now would show alone
        if self.draft is not None and self.draft.get("stage") == writing:
            self._fill_form(self.draft.get("answers", {}))
            self.draft = None
        mine = sent_text(view, self.client.participant_id, self.content)
        if self.unsent[0] == view.stage:
            mine.append(t("join.not_sent_title") + "\n", style="bold")
            for line in self.unsent[1]:
                mine.append("  ✗ ")
                mine.append_text(shown(line))
                mine.append("\n")
        self._show("#participant-mine", mine)
        self.main.query_one("#participant-mine").display = bool(mine.plain)
        self._draw_own()
        self._draw_vote()
        actions_for = (view.started, view.status, self.content.lang)
        if actions_for != self.actions_for:  # Ready comes with the meeting's start, goes at its end
            self.actions_for = actions_for
            self.refresh_bindings()
        self._show("#participant-shared", shared_text(
            view, self.content, voting=self._voting(), writing=writing is not None))
        self._shared_first(writing is not None and revealed)

    def _shared_first(self, first: bool) -> None:
        """Patterns revealed while the form stays open (for writing to oneself): what the
        group sees now comes first, above the form, not scrolled away below it."""
        work = self.main.query_one("#participant-work", VerticalScroll)
        shared = work.query_one("#participant-shared")
        if (work.children[0] is shared) == first:
            return
        if first:
            work.move_child(shared, before=0)
        else:
            work.move_child(shared, after=-1)

    def _show(self, selector: str, text: Text) -> None:
        """Put ``text`` in a pane of the own screen, unless the pane shows it already: one dot
        or one ready mark redraws the line it changed, not every pane."""
        shows = drawn_as(text)
        before = self.drawn.get(selector)
        if before == shows:
            return
        self.drawn[selector] = shows
        pane = self.main.query_one(selector, Static)
        width = pane.content_region.width
        pane.update(text, layout=not width)
        # The same height (a count that changed, a mark added): no new layout of the screen.
        if not width or _same_lines(before[0] if before else None, text.plain, width):
            return
        if pane.get_content_height(pane.container_size, self.size,
                                   width) != pane.content_region.height:
            pane.refresh(layout=True)

    def _form(self, stage: str) -> Vertical:
        """The stage's questions, built and labelled the first time they are shown; kept
        (hidden) after, so what was typed comes back with its stage."""
        if stage in self.forms:
            return self.forms[stage]
        from trust_tui.ui.widgets.asks import Asks

        asks = Asks(stage, self.content)
        send = Button(self.t("join.send"), id=f"send-{stage}", classes="send", variant="primary")
        form = Vertical(*asks.children, send, id=f"form-{stage}", classes="form")
        self.forms[stage], self.asks[stage], self.sends[stage] = form, asks, send
        self.main.query_one("#participant-work").mount(form, before="#participant-own")
        return form

    def _label_forms(self) -> None:
        """The labels of the forms built so far, in the current language."""
        for stage, asks in self.asks.items():
            asks.label(self.content)
            self.sends[stage].label = self.t("join.send")

    def _show_form(self, stage: str | None) -> None:
        shown_form = self._form(stage) if stage is not None else None
        for form in self.forms.values():
            form.display = form is shown_form
        # A new stage starts at the top: the last stage's long form may have scrolled it away.
        self.main.query_one("#participant-work", VerticalScroll).scroll_home(animate=False)
        first = next(iter(self._fields()), None)
        if first is not None:
            self._focus(first, scroll_visible=False)

    def _focus(self, field: Field, *, scroll_visible: bool = True) -> None:
        """Give ``field`` the keyboard: now, or once a form just built is on the screen."""
        if field.is_mounted:
            field.focus(scroll_visible=scroll_visible)
        else:
            self.call_after_refresh(field.focus, scroll_visible=scroll_visible)

    def _fields(self) -> list[Field]:
        """The fields of the form shown now, in order."""
        asks = self.asks.get(self.stage_shown or "")
        return asks.fields() if asks is not None else []

    def _name_keys(self) -> list[str]:
        return [ask.key for ask in FORMS.get(self.stage_shown or "", ()) if ask.kind == "names"]

    def _answers(self) -> dict[str, Any]:
        asks = self.asks.get(self.stage_shown or "")
        return asks.answers() if asks is not None else {}

    def _fill_form(self, answers: dict[str, Any]) -> None:
        asks = self.asks.get(self.stage_shown or "")
        if asks is None:
            return
        asks.fill(answers)
        fields = asks.fields()
        if fields:
            self._focus(fields[0])

    def _restore_form(self, reason: str) -> None:
        if self.sent.get("stage") == self.stage_shown and not any(
                field.value for field in self._fields()):
            self._fill_form(self.sent)
        asks = self.asks.get(self.stage_shown or "")
        key = refused_ask(self.stage_shown or "", reason)
        field = asks.widgets.get(key) if asks is not None and key is not None else None
        if isinstance(field, Field):
            self._focus(field)

    def _draw_own(self) -> None:
        """Before the reveal, one's own statements: Enter changes one, Delete takes it back."""
        view = self.view
        own = self.main.query_one("#participant-own", OptionList)
        writing = view is not None and view.stage == "horizon" and not view.revealed
        statements = view.statements if view is not None and writing else []
        own.display = bool(statements)
        title, subtitle = self.t("join.own", count=len(statements)), self.t("join.own_keys")
        if (title, subtitle) != self.drawn.get("#participant-own"):  # set, it draws again
            self.drawn["#participant-own"] = (title, subtitle)
            own.border_title, own.border_subtitle = title, subtitle
        refill(own, [Option(Text.assemble("✓ ", shown(s.text)), id=s.id) for s in statements])
        if self.editing not in {s.id for s in statements}:
            self.editing = None

    def _voting(self) -> bool:
        view = self.view
        return (view is not None and self.client is not None and view.stage == "choose"
                and not view.votes_revealed and bool(view.themes)
                and self.client.participant_id not in view.voted)

    def _draw_vote(self) -> None:
        voting = self._voting()
        vote = self.main.query_one("#vote", OptionList)
        left = self.main.query_one("#dots-left", Static)
        vote.display = left.display = voting
        if not voting or self.view is None:
            return
        script = self.content.script
        spare = script.dots - sum(self.dots.values())
        self._show("#dots-left", Text(self.t("choose.dots_left", dots="●" * spare + "○" * (
            script.dots - spare)) + "   " + self.t("choose.instructions")))
        options = []
        for theme in self.view.themes:
            line = Text(("●" * self.dots.get(theme.id, 0)).ljust(script.max_per_theme + 1),
                        style="bold", end="")
            line.append_text(shown(theme.name))
            options.append(Option(line, id=theme.id))
        refill(vote, options)
        if not vote.has_focus:
            vote.focus()

    async def action_remove_statement(self) -> None:
        own = self.main.query_one("#participant-own", OptionList)
        if own.highlighted is None:
            return
        statement_id = own.get_option_at_index(own.highlighted).id
        if self.client is not None and statement_id:
            await self.client.send("remove_statement", statement_id=statement_id)

    def action_dots(self, step: int) -> None:
        vote = self.main.query_one("#vote", OptionList)
        if vote.highlighted is None or not self._voting():
            return
        theme_id = vote.get_option_at_index(vote.highlighted).id or ""
        dots = self.content.script.with_dot(self.dots, theme_id, step)
        if dots is None:
            self.bell()
            return
        self.dots = dots
        self._draw_vote()

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        statement = next((s for s in (self.view.statements if self.view else [])
                          if s.id == event.option.id), None)
        if event.option_list.id == "participant-own" and statement is not None:
            self.editing = statement.id  # back in the field; sending changes it in place
            fields = self._fields()
            if fields:
                fields[0].show_text(statement.text)
                self._focus(fields[0])
            return
        if event.option_list.id == "vote" and self.client is not None and self._voting():
            await self.client.send("cast_ballot", dots={k: v for k, v in self.dots.items() if v})

    def _writing(self) -> str | None:
        view = self.view
        if view is None or view.status == "finished" or view.stage not in FORMS:
            return None
        if view.stage == "horizon" and view.revealed:
            return None
        return view.stage

    # -- writing --------------------------------------------------------------------------------

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves to the next field; in the last one it sends the form."""
        if self.screen is not self.main:
            return
        fields = self._fields()
        if event.input in fields and event.input is not fields[-1]:
            self.main.focus_next()  # a field, or a list of signals to tick on the way
            return
        await self.send_form()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == f"send-{self.stage_shown}":
            await self.send_form()

    async def send_form(self) -> None:
        stage = self.stage_shown
        if stage is None or self.client is None:
            return
        answers = self._answers()
        if not any(str(value).strip() for key, value in answers.items()
                   if isinstance(value, str)):
            return
        intents = intents_for(stage, answers)
        if stage == "horizon" and self.editing is not None:
            intents = [("edit_statement", {"statement_id": self.editing,
                                           "text": answers["text"]})]
            self.editing = None
        if not intents:
            return
        self.sent = {**answers, "stage": stage}
        self._fill_form({})  # sent: the form is ready for the next one
        self.typed = {}
        for intent, data in intents:
            await self.client.send(intent, **data)

    def _handle_exception(self, error: Exception) -> None:
        """A failure never shows a traceback: its local variables hold what this person wrote."""
        fail_in_private(self, error, self.socket.parent.parent)

    def action_help(self) -> None:
        """F1: what this stage is for, and the keys of this screen."""
        from trust_tui.ui.screens.dialogs import HelpDialog

        if self.view is None or self.screen is not self.main:
            return
        keys = [*keys_now(self.screen), ("ENTER", self.t("join.how"))]
        self.push_screen(HelpDialog(self.content, self.view.stage, keys))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "dots":
            return self._voting()
        if action == "help":
            return self.view is not None
        if action == "give_up_seat":
            return self.view is not None and self.view.status != "finished"
        if action == "ready":  # only once in the meeting, and not while set-up is going on
            return (self.view is not None and self.view.started
                    and self.view.status != "finished")
        return True

    def action_give_up_seat(self) -> None:
        """Hand this seat to the shared screen, deliberately: only from this screen."""
        from trust_tui.ui.screens.dialogs import ConfirmDialog

        if self.client is None or self.screen is not self.main:
            return

        async def answered(yes: bool | None) -> None:
            if yes and self.client is not None:
                self.typed = {}  # nothing left behind as a draft: the seat is the room's now
                with contextlib.suppress(Exception):
                    await self.client.give_up_seat()
                self.exit(0)

        self.push_screen(ConfirmDialog(self.t("join.give_up_seat"), self.t("join.give_up_yes"),
                                       self.t("join.give_up_no")), answered)

    async def action_ready(self) -> None:
        """Tell the facilitator this stage is done here; pressed again, take it back."""
        if self.client is None or self.view is None:
            return
        ready = not self._own_progress().get("ready")
        if ready and any(field.value.strip() for field in self._fields()):
            await self.send_form()  # done means done with what is typed too, as Enter would
        if self.view.stage == "horizon" and not self.view.revealed:
            await self.client.send("horizon_done", done=ready)
        await self.client.send("mark_ready", ready=ready)
