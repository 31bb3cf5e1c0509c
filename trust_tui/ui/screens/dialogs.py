"""Dialogs: stage help, choosing a person or a theme, asking for a line of text, confirming."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from trust_tui.core import Content
from trust_tui.core.model import Participant
from trust_tui.ui.widgets.field import Field

if TYPE_CHECKING:
    from trust_tui.net.hosting import Hosting

__all__ = ["ChooseDialog", "ConfirmDialog", "HelpDialog", "JoinInfoDialog", "NoticeDialog",
           "TextDialog", "UnsavedDialog", "ask_new_name"]


class NoticeDialog(ModalScreen[None]):
    """Something to read (help, how to join); Escape, Enter or the button closes it."""

    BINDINGS = [Binding("escape,enter,f1,f9", "close", "Close", show=False)]

    def __init__(self, body: Text, close: str, more: str = "") -> None:
        super().__init__()
        self.body = body
        self.close_text = close
        self.more_text = more

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            with VerticalScroll(id="help-scroll"):
                yield Static(self.body, id="help-body")
            yield Static(self.more_text, id="more-hint", classes="hint", markup=False)
            yield Button(self.close_text, id="close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#more-hint").display = False
        self.call_after_refresh(self._say_if_longer)

    def _say_if_longer(self) -> None:
        """Longer than the window: the dialog says so, and the arrows scroll it."""
        scroll = self.query_one("#help-scroll", VerticalScroll)
        longer = scroll.max_scroll_y > 0 and bool(self.more_text)
        self.query_one("#more-hint").display = longer
        if longer:
            scroll.focus()

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


def join_instructions(hosting: Hosting, content: Content) -> Text:
    """Every way into a hosted meeting, with the session code and the host key (F9)."""
    from trust_tui.core.content import load_content
    from trust_tui.net.hosting import browser_door

    t = content.t
    hub = hosting.hub
    text = Text(end="")
    text.append(t("join.how_title") + "\n\n", style="bold")
    if hub is None:
        return text
    text.append(t("join.session_code", code=hub.code), style="bold reverse")
    text.append("\n\n")
    if hosting.door is not None:
        host, port, fingerprint = hosting.ssh_host, hosting.door_port, hosting.door.fingerprint
        text.append(t("join.by_ssh") + "\n")
        text.append("  " + t("join.ssh_line", port=port, host=host) + "\n", style="bold")
        text.append(t("join.fingerprint", fingerprint=fingerprint) + "\n", style="dim")
        text.append(t("join.check_key") + "\n")
        text.append(f"  ssh-keyscan -p {port} {host} | ssh-keygen -lf -\n\n", style="dim")
        text.append(t("join.tell_title") + "\n", style="bold")
        for lang in ("en", "nl"):  # whoever is in the meeting, in their own words
            text.append("  " + load_content(lang).t(
                "join.tell", port=port, host=host, code=hub.code,
                fingerprint=fingerprint) + "\n")
        text.append("\n")
    text.append(t("join.by_terminal") + "\n")
    text.append("  trust-tui join\n\n", style="bold")
    url = browser_door(hosting.folder)  # the address, if `trust-tui serve` runs now
    text.append(t("join.by_browser_at" if url else "join.by_browser") + "\n")
    text.append("  " + (url or "trust-tui serve"), style="bold")
    return text


class JoinInfoDialog(ModalScreen[str | None]):
    """F9 in host mode: how to join, and a button that makes a new session code."""

    BINDINGS = [Binding("escape,enter,f9", "close", "Close", show=False)]

    def __init__(self, body: Text, close: str, new_code: str) -> None:
        super().__init__()
        self.body = body
        self.close_text = close
        self.new_code_text = new_code

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            with VerticalScroll(id="help-scroll"):
                yield Static(self.body, id="help-body")
            yield Button(self.close_text, id="close", variant="primary")
            yield Button(self.new_code_text, id="new_code")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id if event.button.id == "new_code" else None)

    def action_close(self) -> None:
        self.dismiss(None)


class HelpDialog(NoticeDialog):
    """F1: the stage's purpose, prompt, tip, where it comes from, and the keys that matter."""

    def __init__(self, content: Content, stage: str, keys: list[tuple[str, str]]) -> None:
        t = content.t
        script_stage = content.script.stage(stage)
        body = Text(end="")
        body.append(t("ui.help_title", stage=content.stage_title(stage)) + "\n\n",
                    style="bold")
        body.append(t(f"stage.{stage}.purpose") + "\n\n")
        body.append(t(f"stage.{stage}.prompt") + "\n\n", style="bold")
        body.append(t("ui.tip", tip=t(f"stage.{stage}.tip")) + "\n")
        if script_stage and script_stage.source:
            body.append("\n" + t("ui.source", paragraphs=", ".join(
                str(p) for p in script_stage.source)) + "\n", style="dim")
        body.append("\n" + t("ui.help_keys") + "\n", style="bold")
        for key, what in keys:
            body.append(f"  {key:<8} {what}\n")
        super().__init__(body, t("ui.help_close"), t("ui.scroll_more"))


class ChooseDialog(ModalScreen[str | None]):
    """Pick one of a list (a person, a theme); Escape or Cancel gives None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", show=False)]

    def __init__(self, title: str, choices: list[tuple[str, Text]], cancel: str) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.cancel_text = cancel

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.title_text, markup=False, classes="dialog-title")
            yield OptionList(*[Option(label, id=key) for key, label in self.choices],
                             id="choices")
            yield Button(self.cancel_text, id="cancel")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextDialog(ModalScreen[str | None]):
    """Ask for one line (a theme's name, a new name); Enter confirms, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", show=False)]

    def __init__(self, title: str, *, limit: int, value: str = "", cancel: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.limit = limit
        self.value = value
        self.cancel_text = cancel

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.title_text, markup=False, classes="dialog-title")
            yield Field(limit=self.limit, value=self.value, id="answer")

    def on_input_submitted(self, event: Field.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


def ask_new_name(trust: Any, person: Participant) -> None:
    """Ask the facilitator for a new name for ``person`` (set-up, or during the meeting)."""
    content = trust.content

    def renamed(name: str | None) -> None:
        if name and name != person.name:
            trust.act("rename_participant", participant_id=person.id, name=name)

    trust.push_screen(TextDialog(content.t("setup.rename_prompt", name=person.name),
                                 limit=content.script.limits["name"], value=person.name),
                      renamed)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; the safe answer (No) is the default."""

    BINDINGS = [Binding("escape", "no", "No", show=False)]

    def __init__(self, question: str, yes: str, no: str) -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.question, markup=False, classes="dialog-title")
            yield Button(self.no, id="no", variant="primary")
            yield Button(self.yes, id="yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#no").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_no(self) -> None:
        self.dismiss(False)


class UnsavedDialog(ModalScreen[str | None]):
    """Leaving while saves fail: keep trying (the default), save a copy elsewhere, or quit."""

    BINDINGS = [Binding("escape", "stay", "Stay", show=False)]

    def __init__(self, content: Content) -> None:
        super().__init__()
        self.texts = content

    def compose(self) -> ComposeResult:
        t = self.texts.t
        with Vertical(id="dialog"):
            yield Static(t("ui.unsaved_question"), markup=False, classes="dialog-title")
            yield Button(t("ui.unsaved_stay"), id="stay", variant="primary")
            yield Button(t("ui.unsaved_copy"), id="copy")
            yield Button(t("ui.unsaved_quit"), id="quit", variant="error")

    def on_mount(self) -> None:
        self.query_one("#stay").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_stay(self) -> None:
        self.dismiss("stay")
