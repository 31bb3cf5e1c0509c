"""What every screen shares: a notice instead of a broken layout when the window is too small."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Protocol

from textual import events
from textual.app import App, ComposeResult
from textual.containers import ScrollableContainer
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static

from trust_tui.ui.keys import translate_bindings
from trust_tui.ui.shared_app import shared_app
from trust_tui.ui.widgets.field import Field

if TYPE_CHECKING:
    from trust_tui.core import Session
    from trust_tui.ui.app import TrustApp

__all__ = ["MIN_HEIGHT", "MIN_WIDTH", "InMeetingApp", "MeetingScreen", "TooSmall", "TrustScreen",
           "displayed"]

MIN_WIDTH = 60
MIN_HEIGHT = 18
COMPACT_HEIGHT = 32
"""Below this height the guide pane leaves the stage's purpose to F1 help."""


def displayed(widget: Widget) -> bool:
    """On screen: the widget and every container around it displayed."""
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))


class _OnScreen(Protocol):
    @property
    def app(self) -> App[object]: ...


class InMeetingApp:
    """For the meeting app's screens (not a participant's own): ``self.trust`` is that app."""

    @property
    def trust(self: _OnScreen) -> TrustApp:
        from trust_tui.ui.app import TrustApp  # app.py imports the screens

        app = self.app
        if not isinstance(app, TrustApp):
            raise TypeError(f"{type(self).__name__} runs outside the meeting app")
        return app


class TooSmall(Static):
    """Shown in place of everything else below the minimum size."""


class TrustScreen(Screen[None]):
    """A screen that says "make the window larger" below MIN_WIDTH × MIN_HEIGHT."""

    def compose_frame(self) -> ComposeResult:
        """What every screen ends with: the "not saved" banner and the too-small notice."""
        yield Static("", id="save-banner", markup=False)
        yield TooSmall("", id="too-small", markup=False)

    def on_compose(self) -> None:
        """The size classes are set before the screen's widgets are mounted: they are styled
        once, not styled and then styled again for a window below 32 lines."""
        self.check_size(self.app.size.width, self.app.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self.check_size(event.size.width, event.size.height)

    def on_mount(self) -> None:
        self.check_size(self.app.size.width, self.app.size.height)
        content = getattr(self.app, "content", None)
        if content is not None:  # Textual's own menus ("Dismiss menu") in the session's language
            for overlay in self.query("SelectOverlay"):
                translate_bindings(overlay, content)
        # A form's scrolling box is no stop for Tab: the cursor goes from field to field, and
        # the box follows it.
        for box in self.query(ScrollableContainer):
            if box.query(Input):
                box.can_focus = False
        app = shared_app(self)
        self.watch(app, "changes", self._session_changed, init=False)
        self.watch(app, "save_state", self.show_save_state)

    def _session_changed(self) -> None:
        if self.app.screen is self:  # the screen in front: one below redraws when it is back
            self.refresh_state()

    def refresh_state(self) -> None:
        """Redraw what depends on the session; called after every change to it."""

    def show_save_state(self, news: tuple[str, str]) -> None:
        """A failed save (or a file changed elsewhere) shows in the banner until one works."""
        state, reason = news
        t = shared_app(self).content.t
        for banner in self.query("#save-banner").results(Static):
            if state in ("failed", "stale"):
                banner.update(t("ui.not_saved", reason=reason) if state == "failed"
                              else t("ui.changed_elsewhere"))
                banner.add_class("-failed")
            else:
                banner.update("")
                banner.remove_class("-failed")

    def on_screen_resume(self) -> None:
        self.keep_focus_in_sight()

    def keep_focus_in_sight(self) -> None:
        """The cursor never rests on something hidden (Textual's first focus may pick a widget
        in a form hidden a moment later): it goes to the first field shown, else to the first
        thing shown that takes keys. Looked at once the focus changes asked for so far (which
        Textual queues on the app) are done."""
        self.app.call_later(self._focus_in_sight)

    def _focus_in_sight(self) -> None:
        if not self.is_attached:
            return
        focused = self.focused
        if focused is not None and focused.focusable and displayed(focused):
            return
        chain = self.focus_chain
        first = next((widget for widget in chain if isinstance(widget, Input)),
                     chain[0] if chain else None)
        if first is not None:
            self.set_focus(first)

    def check_size(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        was_small = self.has_class("-too-small")
        if small and not was_small:
            self._focus_before_small = self.focused  # hidden widgets lose focus: remember it
        self.set_class(small, "-too-small")
        if was_small and not small:
            widget = getattr(self, "_focus_before_small", None)
            if widget is not None and widget.is_attached:
                self.call_after_refresh(widget.focus)
        self.set_class(height < COMPACT_HEIGHT, "-compact")
        notices = self.query(TooSmall)
        if small and notices:
            notices.first().update(shared_app(self).content.t(
                "ui.too_small", width=MIN_WIDTH, height=MIN_HEIGHT, now_w=width, now_h=height))


class MeetingScreen(InMeetingApp, TrustScreen):
    """A screen of a meeting with fields to type in (the set-up, each stage): what is typed and
    not sent is kept as the session's draft on a hang-up or Ctrl+Q, and given back, each text
    where it was, when the screen opens again."""

    stage: ClassVar[str] = ""

    @property
    def session(self) -> Session:
        return self.trust.open_meeting.session

    def unsent_fields(self) -> dict[str, str]:
        """Text typed in this screen's fields and not sent, by field id (for a draft)."""
        return {field.id: field.value for field in self.query(Field)
                if field.id and field.unsent and displayed(field)}

    def restore_draft(self) -> None:
        """After a dropped connection or Ctrl+Q: each half-typed text goes back where it was."""
        draft = self.session.draft
        if draft is None or draft.stage != self.stage:
            return
        back = [field for field in self.query(Field)
                if field.id in draft.fields and displayed(field)]
        for field in back:
            field.show_text(draft.fields[field.id or ""])
        if back:
            back[0].focus()
            self.trust.act("clear_draft")
            self.notify(self.trust.content.t("ui.draft_back"), markup=False)
