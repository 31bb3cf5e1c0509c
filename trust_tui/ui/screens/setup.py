"""Set up: title, team, participants, language, anonymity, stages and their timeboxes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Footer, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from trust_tui.ui.keys import translate_bindings
from trust_tui.ui.screens.base import MeetingScreen
from trust_tui.ui.screens.dialogs import ask_new_name
from trust_tui.ui.text import shown
from trust_tui.ui.widgets.field import Field
from trust_tui.ui.widgets.ticks import Tick
from trust_tui.ui.widgets.work_lists import PersonList

__all__ = ["SetupScreen"]


class SetupScreen(MeetingScreen):
    """Everything here is saved as it is typed; F8 (or the button) starts the session. A name
    typed and not yet entered is kept as a draft on a hang-up, as a stage's words are."""

    stage = "setup"

    BINDINGS = [
        Binding("f1", "help", "Help", id="help", priority=True),
        Binding("f8", "start", "Start", id="start", priority=True),
        Binding("f10", "home", "Home", id="home", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__(classes="setup")
        translate_bindings(self, self.trust.content)

    @property
    def solo(self) -> bool:
        return self.session.mode == "solo"

    def compose(self) -> ComposeResult:
        content = self.trust.content
        t = content.t
        limits = content.script.limits
        session = self.session
        with VerticalScroll(id="setup-form"):
            yield Static(t("stage.setup.title") if not self.solo else t("solo.title"),
                         classes="section-title", markup=False)
            yield Static(content.for_mode(session.mode).t("stage.setup.purpose"),
                         classes="hint", markup=False)
            if self.solo:
                me = session.participants[0].name if session.participants else ""
                yield Field(limit=limits["name"], label=t("setup.solo_name"), value=me,
                            id="solo-name")
            else:
                # The form is longer than 24 rows: say what waits below the fold.
                yield Static(t("setup.below"), classes="hint", markup=False)
                yield Field(limit=limits["title"], label=t("setup.title_label"),
                            value=session.title, placeholder=t("setup.title_placeholder"),
                            id="title")
                yield Field(limit=limits["name"], label=t("setup.team_label"),
                            value=session.team, placeholder=t("setup.team_placeholder"),
                            id="team")
                yield Field(limit=limits["name"], label=t("setup.people_label"),
                            placeholder=t("setup.person_placeholder"), id="person")
                yield PersonList(id="people-list")
                yield Static(t("keys.rename") + ": Enter · " + t("keys.remove") + ": Delete",
                             classes="hint", markup=False)
                yield Tick(t("setup.anonymous"), session.anonymous, id="anonymous")
                yield Static(t("setup.language"), classes="section-title", markup=False)
                yield Select([("Nederlands", "nl"), ("English", "en")], value=session.lang,
                             allow_blank=False, prompt=t("setup.language"), id="language")
                yield Static(t("setup.stages"), classes="section-title", markup=False)
                for plan in session.plan:
                    info = content.script.stage(plan.key)
                    if plan.key == "setup" or info is None:
                        continue
                    with Horizontal(classes="stage-row"):
                        box = Tick(content.stage_title(plan.key), plan.enabled,
                                       id=f"on-{plan.key}", disabled=not info.optional)
                        yield box
                        yield Field(limit=3, value=str(plan.minutes), type="integer", counter=False,
                                    id=f"min-{plan.key}")
            yield Button(t("setup.start") + " (F8)", id="start", variant="primary")
        yield Footer()
        yield from self.compose_frame()

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_people()
        first = self.query("#solo-name, #title").first()
        first.focus()
        self.call_after_refresh(self.restore_draft)

    def refresh_state(self) -> None:
        self.refresh_people()

    def refresh_people(self) -> None:
        for people in self.query("#people-list").results(OptionList):
            t = self.trust.content.t
            options = [Option(Text.assemble("• ", shown(p.name)), id=p.id)
                       for p in self.session.participants]
            people.set_options(options or [Option(Text(t("setup.no_people"), style="dim"),
                                                  disabled=True)])

    # -- typing is saved as it happens -----------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        field = event.input.id or ""
        saved = False
        if field in ("title", "team"):
            saved = self.trust.act("set_details", **{field: event.value})
        elif field.startswith("min-") and event.value.isdigit():
            minutes = int(event.value)
            if 1 <= minutes <= 120:
                saved = self.trust.act("set_stage", key=field[4:], minutes=minutes)
        if saved and isinstance(event.input, Field):
            event.input.mark_sent()  # in the session already: not a draft

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "person" and event.value.strip():
            if self.trust.act("add_participant", name=event.value):
                event.input.value = ""
        elif event.input.id == "solo-name":
            self.action_start()
        elif event.input.id in ("title", "team"):  # Enter after each, as the README says
            self.focus_next()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        box = event.checkbox.id or ""
        if box == "anonymous":
            self.trust.act("set_details", anonymous=event.value)
        elif box.startswith("on-"):
            self.trust.act("set_stage", key=box[3:], enabled=event.value)

    def on_select_changed(self, event: Select.Changed) -> None:
        """The session's language is the language of every screen of it."""
        if event.select.id == "language" and event.value != self.session.lang:
            if self.trust.act("set_details", lang=event.value):
                self.trust.set_session_language(str(event.value))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        person = self.session.participant(event.option.id)
        if person is not None:
            ask_new_name(self.trust, person)

    def action_remove_person(self) -> None:
        for widget in self.query("#people-list").results(OptionList):
            if widget.highlighted is not None:
                option = widget.get_option_at_index(widget.highlighted)
                if option.id:
                    self.trust.act("remove_participant", participant_id=option.id)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()

    def action_start(self) -> None:
        app = self.trust
        if self.solo:
            name = self.query_one("#solo-name", Field).value
            person = self.session.participants[0] if self.session.participants else None
            if person is None:
                if not app.act("add_participant", name=name):
                    return
            elif name.strip() and name != person.name:
                if not app.act("rename_participant", participant_id=person.id, name=name):
                    return
            app.act("set_details", title=app.content.t("solo.title"))
        else:  # a last name typed without Enter joins too, as Enter would have added it
            for field in self.query("#person").results(Field):
                if field.value.strip():
                    if not app.act("add_participant", name=field.value):
                        field.focus()
                        return
                    field.value = ""
        team = self.session.team
        used = app.sessions.used_checkin_questions(team) if team else []
        if app.act("start", avoid=used):
            app.show_stage()

    def action_help(self) -> None:
        from trust_tui.ui.screens.dialogs import HelpDialog

        t = self.trust.content.t
        keys = [("F8", t("keys.start")), ("F10", t("keys.home"))]
        self.app.push_screen(HelpDialog(self.trust.content.for_mode(self.session.mode), "setup",
                                       keys))

    def action_home(self) -> None:
        self.trust.go_home()
