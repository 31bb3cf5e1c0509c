"""The frame every stage shares: route, guide pane, work pane, people pane, facilitator keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Footer, OptionList, Static

from trust_tui.core import FACILITATOR, Content, Engine, Progress, Session
from trust_tui.core.answers import refused_ask
from trust_tui.ui.keys import translate_bindings
from trust_tui.ui.screens.base import MeetingScreen, displayed
from trust_tui.ui.screens.dialogs import ChooseDialog, ConfirmDialog, HelpDialog, ask_new_name
from trust_tui.ui.shared_app import keys_now
from trust_tui.ui.text import shown
from trust_tui.ui.widgets import PeoplePane, ProgressStrip, StageTimer
from trust_tui.ui.widgets.asks import Asks
from trust_tui.ui.widgets.field import Field

if TYPE_CHECKING:
    from trust_tui.net.hub import Hub

__all__ = ["StageScreen"]


class StageScreen(MeetingScreen):
    """One stage of the exercise. Subclasses set ``stage`` and compose the work pane."""

    IN_HELP_ONLY: ClassVar[tuple[str, ...]] = ("timer", "extend")
    """Keys left out of the footer for room: the timer line names them, F1 and the palette
    list them."""

    reveal_intent: ClassVar[str | None] = None
    asks: Asks | None = None
    """The stage's questions as every screen asks them, where it has a form (see Asks)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", id="help", priority=True),
        Binding("f2", "turn", "Give keyboard", id="turn", priority=True),
        # The timer line names F3 and F4 itself; F1 lists them: the footer keeps room at 80×24.
        Binding("f3", "start_timer", "Timer", id="timer", priority=True, show=False),
        Binding("f4", "extend_timer", "+1 min", id="extend", priority=True, show=False),
        Binding("f5", "reveal", "Reveal", id="reveal", priority=True),
        Binding("f6", "skip", "Skip stage", id="skip", priority=True),
        Binding("f7", "back_stage", "Back", id="back", priority=True),
        Binding("f8", "next_stage", "Next", id="next", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__(classes=f"stage stage-{self.stage}")
        translate_bindings(self, self.trust.content)

    @property
    def engine(self) -> Engine:
        return self.trust.open_meeting.engine

    @property
    def session(self) -> Session:
        return self.engine.session

    @property
    def texts(self) -> Content:
        """The session's texts: in solo practice, those written for one person."""
        return self.trust.content.for_mode(self.session.mode)

    @property
    def t(self) -> Callable[..., str]:
        return self.texts.t

    # Who writes here comes from the stage script (``writers``), not from the screen.

    @property
    def hot_seat(self) -> bool:
        """Each person writes their own part: the keyboard is handed to one at a time."""
        info = self.engine.script.stage(self.stage)
        return info is not None and info.hot_seat

    @property
    def private_writing(self) -> bool:
        """The turn banner asks everyone else to look away."""
        return self.engine.script.is_private(self.stage)

    @property
    def show_people(self) -> bool:
        """Group stages where nobody has anything of their own to mark leave the width to
        work; where each person writes, the people pane shows who has done what."""
        return self.hot_seat

    @property
    def hub(self) -> Hub | None:
        """Host mode: the hub participants join this meeting through (None without one)."""
        hosting = self.trust.hosting
        return hosting.hub if hosting is not None else None

    @property
    def solo(self) -> bool:
        """Solo practice: one person, who always has the keyboard and reveals nothing."""
        return self.session.mode == "solo"

    @property
    def turn(self) -> str | None:
        return self.session.turn

    # -- layout ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        content = self.trust.content
        with Horizontal(id="top"):
            yield ProgressStrip(self.session, content, id="route")
            yield StageTimer(self.engine, content, id="timer")
        with Vertical(id="guide"):
            yield Static(self.t(f"stage.{self.stage}.purpose"), id="purpose", markup=False)
            yield Static(self.guide_text(), id="prompt")
        with Horizontal(id="main"):
            with Vertical(id="work"):
                yield from self.compose_work()
            people = PeoplePane(self.engine, self.person_mark, self.t("ui.people"), id="people")
            people.display = self.show_people and not self.solo
            yield people
        yield Footer(show_command_palette=False)
        yield from self.compose_frame()

    def guide_text(self) -> Text:
        t = self.t
        text = Text(end="")
        text.append(t(f"stage.{self.stage}.prompt") + "\n", style="bold")
        text.append(t("ui.tip", tip=t(f"stage.{self.stage}.tip")), style="italic")
        return text

    def compose_work(self) -> ComposeResult:
        yield from ()

    def compose_turn_banner(self) -> ComposeResult:
        """Whose turn it is, in words and with ▶ (hot-seat stages put this first)."""
        yield Static(classes="turn-banner", id="turn-banner")

    def idle_banner(self) -> str:
        """What the banner says while the facilitator has the keyboard ("" hides it)."""
        return self.keyboard_hint()

    def keyboard_hint(self) -> str:
        """How people write: the keyboard passed round, and in host mode their own screens."""
        hosted = self.hub is not None
        return self.t("ui.give_keyboard_hosted" if hosted else "ui.give_keyboard")

    def refresh_turn_banner(self) -> None:
        for banner in self.query("#turn-banner").results(Static):
            if self.solo:  # alone, the keyboard is always yours
                banner.display = False
                continue
            person = self.session.participant(self.turn)
            if person is None:
                text = Text(self.idle_banner())
            else:
                text = Text.assemble("▶ ", shown(self.t("ui.whose_turn", name=person.name)))
                if self.private_writing:
                    text.append_text(Text.assemble(
                        " — ", shown(self.t("ui.turn_private", name=person.name))))
            banner.update(text)
            banner.display = bool(text.plain)

    def person_mark(self, progress: Progress) -> str:
        return ""

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_state()
        if self.turn is not None:  # continuing, or alone: the writer's field is ready
            self.on_turn_changed()
        self.call_after_refresh(self.restore_draft)

    def on_people_pane_rename(self, event: PeoplePane.Rename) -> None:
        """A name can be put right at any moment of the meeting ("Bram" is "Bram V.")."""
        person = self.session.participant(event.participant_id)
        if person is not None and self.session.status != "finished":
            ask_new_name(self.trust, person)

    def mark_sent(self) -> None:
        """Everything in this screen's fields is in the session now."""
        for field in self.query(Field):
            field.mark_sent()

    def on_people_pane_remove(self, event: PeoplePane.Remove) -> None:
        """Host mode: someone leaves the meeting (their screen closes, their seat is free)."""
        person = self.session.participant(event.participant_id)
        if person is None or self.hub is None:
            return

        def answered(yes: bool | None) -> None:
            hub = self.hub
            if yes and hub is not None:
                hub.remove(person.id)

        self.app.push_screen(ConfirmDialog(self.t("ui.remove_person", name=person.name),
                                           self.t("ui.remove_yes"), self.t("ui.wait")), answered)

    # -- state ----------------------------------------------------------------------------------

    def refresh_state(self) -> None:
        """Called after every applied intent: redraw what depends on the session."""
        if not self.query(ProgressStrip):  # not composed yet, or already gone
            return
        self.query_one(ProgressStrip).refresh_route()
        people = self.query_one(PeoplePane)
        hub = self.hub
        people.hosted = hub is not None
        if hub is not None:
            people.connected = hub.connected
            people.border_subtitle = self.t("join.code", code=hub.code)
        people.refresh_people()
        self.query_one(StageTimer).tick()
        self.refresh_turn_banner()
        self.refresh_work()
        self.refresh_bindings()
        self.keep_focus_in_sight()  # a form just hidden does not keep the cursor

    def refresh_work(self) -> None:
        """Subclasses redraw their work pane here."""

    def act(self, kind: str, who: str = FACILITATOR, /, **data: Any) -> bool:
        if self.trust.act(kind, who, **data):
            return True
        field = self.refused_field(self.trust.refusal)
        if field is not None and displayed(field):
            field.focus()  # the correction typed next lands where the mistake is
        return False

    def refused_field(self, refusal: str) -> Widget | None:
        """The field a refusal is about (the date for "bad_date"), if it names one."""
        key = refused_ask(self.stage, refusal)
        return self.asks.widgets.get(key) if self.asks is not None and key is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        session = self.session
        finished = session.status == "finished"
        if action == "turn":
            return self.hot_seat and not finished and not self.solo
        if action == "reveal":
            return self.reveal_intent is not None and not finished and not self.solo
        if action == "skip":
            info = self.trust.content.script.stage(self.stage)
            return bool(info and info.optional) and not finished
        if action == "extend_timer":
            return not finished and self.engine.remaining() is not None
        if action in ("start_timer", "back_stage", "next_stage"):
            return not finished
        return True

    # -- facilitator actions --------------------------------------------------------------------

    def action_help(self) -> None:
        self.app.push_screen(HelpDialog(self.texts, self.stage, keys_now(self)))

    def action_turn(self) -> None:
        # Someone with a screen of their own writes there: their seat is not the room's.
        choices = [(p.id, shown(p.name)) for p in self.session.participants
                   if p.id not in self.engine.own_screens]
        choices.append(("", Text(self.t("ui.back_to_facilitator"))))

        def chosen(participant_id: str | None) -> None:
            if participant_id is not None:
                self.give_keyboard(participant_id or None)

        self.app.push_screen(ChooseDialog(self.t("ui.choose_person"), choices,
                                          self.t("ui.cancel")), chosen)

    def give_keyboard(self, participant_id: str | None) -> None:
        if self.act("hand_to", participant_id=participant_id):
            self.on_turn_changed()

    def on_turn_changed(self) -> None:
        """Subclasses focus the right field when the keyboard changes hands."""

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option_list, PeoplePane):
            event.stop()
            if self.hot_seat:
                self.give_keyboard(event.option.id)

    def action_start_timer(self) -> None:
        self.act("start_timer")

    def action_extend_timer(self) -> None:
        self.act("extend_timer", minutes=1)

    def action_reveal(self) -> None:
        if self.reveal_intent:
            self.do_reveal()

    def do_reveal(self) -> None:
        """Reveal; while someone is still writing, only after a yes that names who."""
        intent = self.reveal_intent or "reveal"
        self.send_unsent()
        waiting = [self.session.name_of(pid) for pid in self.engine.not_done()]
        if not waiting:
            self.act(intent)
            return
        t = self.t

        def answered(yes: bool | None) -> None:
            if yes:
                self.act(intent, force=True)

        self.app.push_screen(ConfirmDialog(
            t("ui.reveal_early", names=", ".join(waiting), count=len(waiting)),
            t("ui.reveal_anyway"), t("ui.wait")), answered)

    def send_unsent(self) -> None:
        """Before a reveal: what the person at the keyboard typed but did not send is sent
        (as Enter would), so a reveal never throws anyone's words away."""

    def action_skip(self) -> None:
        self.leave_stage("skip")

    def action_back_stage(self) -> None:
        self.leave_stage("back")

    def action_next_stage(self) -> None:
        self.leave_stage("advance")

    def leave_stage(self, how: str) -> None:
        """Move on (or back); words typed and not sent go first (as Enter would), and what
        cannot go is kept as this stage's draft, which says so and comes back with the stage."""
        self.send_unsent()
        left = self.unsent_fields()
        meeting = self.trust.meeting
        kept = bool(left) and meeting is not None and meeting.act(
            self.trust.content, "keep_draft", fields=left).value is True
        if not self.act(how):
            if kept:
                self.act("clear_draft")
            return
        if kept:
            self.notify(self.t("ui.kept_as_draft"), markup=False)
        self.trust.show_stage()
