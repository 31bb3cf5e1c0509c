"""Destination: the chosen segment of the horizon, its signals, the room to adjust, a date."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Input, SelectionList, Static
from textual.widgets.selection_list import Selection

from trust_tui.core.dates import DATE_LIMIT, short_date
from trust_tui.ui.screens.stage import StageScreen
from trust_tui.ui.text import shown
from trust_tui.ui.widgets import HorizonPicture
from trust_tui.ui.widgets.field import Field
from trust_tui.ui.widgets.ticks import TickList

__all__ = ["DestinationScreen"]


TYPING_PAUSE = 0.5
"""Seconds after the last key before what is typed goes to the participants' screens."""
WRITTEN_AS_TYPED = ("sentence", "route-fixed", "route-open", "signal-")
"""Fields (ids, or their beginning) whose words go out as they are typed."""


class DestinationScreen(StageScreen):
    stage = "destination"

    def __init__(self) -> None:
        super().__init__()
        self._typing: Timer | None = None

    def compose_work(self) -> ComposeResult:
        t = self.t
        limits = self.trust.content.script.limits
        d = self.session.destination
        yield HorizonPicture(self.session, self.trust.content, id="horizon")
        with VerticalScroll(id="destination-form"):
            yield Field(limit=limits["sentence"], label=t("destination.sentence"),
                        value=d.sentence, placeholder=t("destination.sentence_placeholder"),
                        id="sentence")
            yield Static(t("destination.segment"), classes="hint")
            yield TickList(
                *[Selection(shown(theme.name), theme.id, theme.id in d.theme_ids)
                  for theme in self.session.themes], id="segment")
            signals = list(d.success_signals) + [""] * limits["max_success_signals"]
            for number in range(limits["max_success_signals"]):
                yield Field(limit=limits["sentence"],
                            label=t("destination.signals") if number == 0 else "",
                            value=signals[number], id=f"signal-{number}",
                            placeholder=t("destination.signal_placeholder", number=number + 1))
            yield Field(limit=limits["note"], label=t("destination.route_fixed"),
                        value=d.route_fixed, id="route-fixed")
            yield Field(limit=limits["note"], label=t("destination.route_open"),
                        value=d.route_open, id="route-open")
            yield Field(limit=DATE_LIMIT, label=t("destination.look_again"),
                        value=short_date(d.look_again_on, self.trust.content.lang),
                        placeholder=t("ui.date_hint"), id="look-again")
            yield Button(t("keys.save"), id="save", variant="primary")


    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#sentence").focus()

    def refresh_work(self) -> None:
        self.query_one(HorizonPicture).refresh()

    def save_destination(self) -> bool:
        limits = self.trust.content.script.limits
        def value(widget_id: str) -> str:
            return self.query_one(widget_id, Field).value
        saved = self.act(
            "set_destination",
            sentence=value("#sentence"),
            theme_ids=list(self.query_one("#segment", SelectionList).selected),
            success_signals=[value(f"#signal-{n}") for n in range(limits["max_success_signals"])],
            route_fixed=value("#route-fixed"),
            route_open=value("#route-open"),
            look_again_on=value("#look-again").strip() or None,
        )
        if saved:
            self.mark_sent()
        return saved

    def refused_field(self, refusal: str) -> Widget | None:
        return self.query_one("#look-again") if refusal == "bad_date" else None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.save_destination():
            self.focus_next()

    def on_input_changed(self, event: Input.Changed) -> None:
        """The group's words reach every screen as they are written (half a second after the
        last key), and are saved too; the date waits for Enter, being half a date meanwhile."""
        if (event.input.id or "").startswith(WRITTEN_AS_TYPED):
            if self._typing is not None:
                self._typing.stop()
            self._typing = self.set_timer(TYPING_PAUSE, self._send_as_typed)

    def _send_as_typed(self) -> None:
        self._typing = None
        meeting = self.trust.meeting
        if meeting is None or not self.is_mounted:
            return
        def value(widget_id: str) -> str:
            return self.query_one(widget_id, Field).value
        signals = self.trust.content.script.limits["max_success_signals"]
        # Quietly: a half-typed sentence that does not fit yet is said on Enter, not per key.
        outcome = meeting.act(
            self.trust.content, "set_destination", sentence=value("#sentence"),
            success_signals=[value(f"#signal-{n}") for n in range(signals)],
            route_fixed=value("#route-fixed"), route_open=value("#route-open"))
        if outcome.ok:
            for field in self.query(Field):
                if (field.id or "").startswith(WRITTEN_AS_TYPED):
                    field.mark_sent()

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        self.act("set_destination", theme_ids=list(event.selection_list.selected))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save" and self.save_destination():
            self.app.notify(self.t("destination.saved"), markup=False)

    def action_next_stage(self) -> None:
        if self.save_destination():
            super().action_next_stage()

    def action_back_stage(self) -> None:
        if self.save_destination():
            super().action_back_stage()
