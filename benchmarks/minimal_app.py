"""The baseline for bench_ui: the smallest useful Textual app (Header, Input, Footer)."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Input


class Minimal(App):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Type here")
        yield Footer()


if __name__ == "__main__":
    Minimal().run()
