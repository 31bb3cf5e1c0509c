"""Joining a meeting from one's own screen: a name (or alias), the session code, a language."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Footer, Input, Static

from trust_tui.ui.screens.base import TrustScreen
from trust_tui.ui.shared_app import shared_app
from trust_tui.ui.widgets.field import Field

__all__ = ["JoinScreen"]


class JoinScreen(TrustScreen):
    """Asks who is joining and the code the facilitator shows; a refusal is said here."""

    def __init__(self, name: str = "") -> None:
        super().__init__()
        self.given_name = name

    def compose(self) -> ComposeResult:
        script = shared_app(self).content.script
        with Vertical(id="join-form"):
            yield Static(id="join-title")
            yield Field(limit=script.limit("name"), value=self.given_name, id="join-name")
            code = Field(limit=12, counter=False, id="join-code")
            code.password = True
            yield code
            yield Static(id="join-problem", markup=False)
            yield Button("", id="join", variant="primary")
            yield Static(id="join-hint", classes="hint", markup=False)
        yield Footer(show_command_palette=False)
        yield from self.compose_frame()

    def on_mount(self) -> None:
        super().on_mount()
        self.relabel()
        self.query_one("#join-code" if self.given_name else "#join-name").focus()

    def relabel(self) -> None:
        """Every text in the app's current language (F2 switches it)."""
        t = shared_app(self).content.t
        self.query_one("#join-title", Static).update(t("join.title"))
        self.query_one("#join-name", Field).border_title = t("join.name")
        self.query_one("#join-code", Field).border_title = t("join.code_label")
        self.query_one("#join", Button).label = t("join.button")
        self.query_one("#join-hint", Static).update(t("join.hint"))

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "join-name":
            self.query_one("#join-code").focus()
        else:
            await self.try_join()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.try_join()

    def say(self, text: str) -> None:
        """A word while joining (waiting for the facilitator to let this person back in)."""
        self.query_one("#join-problem", Static).update(text)

    async def try_join(self) -> None:
        t = shared_app(self).content.t
        name = self.query_one("#join-name", Field).value.strip()
        code = self.query_one("#join-code", Field).value.strip()
        problem = self.query_one("#join-problem", Static)
        if not name:
            problem.update(t("reason.empty_name"))
            self.query_one("#join-name").focus()
            return
        app: Any = self.app
        reason = await app.join(name, code)
        if reason is None:  # in: the own screen is over this form now
            return
        problem.update("✗ " + reason)
        wrong_code = app.refusal == "wrong_code"
        field = self.query_one("#join-code" if wrong_code else "#join-name", Field)
        field.value = "" if wrong_code else field.value
        field.focus()
