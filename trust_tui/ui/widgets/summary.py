"""The result of a session on screen: the horizon picture, the map, every stage, export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Markdown, Static

from trust_tui.core import Content, Session
from trust_tui.core.export import session_ics, session_json, session_markdown
from trust_tui.store.files import free_path, write_private
from trust_tui.ui.widgets.horizon_picture import HorizonPicture
from trust_tui.ui.widgets.map_picture import MapPicture

if TYPE_CHECKING:
    from trust_tui.ui.app import TrustApp

__all__ = ["SummaryView", "export_folder"]


def export_folder(app: TrustApp) -> Path:
    """Where exports go: next to the data file, in a private ``exports`` folder."""
    if app.export_folder is not None:
        return app.export_folder
    data_file = app.sessions.store.path
    return (data_file.parent if data_file is not None else Path.cwd()) / "exports"


class SummaryView(VerticalScroll):
    """Everything the session produced, read-only, with export buttons."""

    def __init__(self, session: Session, content: Content, export_to: Path,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.texts = content
        self.export_to = export_to

    def compose(self) -> ComposeResult:
        t = self.texts.t
        yield Static(t("close.summary"), classes="section-title", markup=False)
        yield HorizonPicture(self.session, self.texts)
        if self.session.team_relations:
            yield MapPicture(self.session, self.texts)
        yield Markdown(session_markdown(self.session, self.texts), id="summary-text")
        with Horizontal(id="export-row"):
            yield Button(t("close.export_md"), id="export-md", variant="primary")
            yield Button(t("close.export_json"), id="export-json")
            yield Button(t("close.export_ics"), id="export-ics")
        yield Static("", id="export-path", markup=False)

    def refresh_summary(self) -> None:
        for picture in self.query(HorizonPicture):
            picture.refresh()
        self.query_one("#summary-text", Markdown).update(
            session_markdown(self.session, self.texts))

    def focus_export(self) -> None:
        self.query_one("#export-md").focus()
        self.scroll_end(animate=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        button = event.button.id or ""
        if not button.startswith("export-"):
            return
        event.stop()
        kind = button.split("-", 1)[1]
        text = {"md": lambda: session_markdown(self.session, self.texts),
                "json": lambda: session_json(self.session),
                "ics": lambda: session_ics(self.session, self.texts)}[kind]()
        t = self.texts.t
        try:
            path = write_private(free_path(self.export_to, self.session.id, kind), text)
        except OSError as error:
            self.app.notify(t("close.export_failed", reason=error.strerror or "error"),
                            severity="error", markup=False)
            return
        message = t("close.exported", path=path)
        self.query_one("#export-path", Static).update(message)
        self.app.notify(message, markup=False)
