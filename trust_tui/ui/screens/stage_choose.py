"""Choose: dot voting in private, one person at a time; hidden until the reveal, then ranked."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from trust_tui.core import Progress
from trust_tui.ui.lists import refill
from trust_tui.ui.screens.stage import StageScreen
from trust_tui.ui.text import shown
from trust_tui.ui.widgets.work_lists import DotList

__all__ = ["ChooseScreen"]


class ChooseScreen(StageScreen):
    stage = "choose"
    reveal_intent = "reveal_votes"

    def __init__(self) -> None:
        super().__init__()
        self.dots: dict[str, int] = {}
        """The ballot being filled in by the person whose turn it is; sent whole."""

    def compose_work(self) -> ComposeResult:
        yield from self.compose_turn_banner()
        yield Static(id="dots-left")
        yield DotList(id="theme-dots")
        yield Static(classes="hint", id="status")
        yield Static(id="ranking")

    def idle_banner(self) -> str:
        return "" if self.session.votes_revealed else self.t("ui.facilitator_turn")

    def person_mark(self, progress: Progress) -> str:
        return ("✓ " + self.t("choose.voted")) if progress.voted else "·"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal":
            return not self.session.votes_revealed and super().check_action(action, parameters)
        return super().check_action(action, parameters)

    def refresh_work(self) -> None:
        t = self.t
        session = self.session
        script = self.trust.content.script
        person = session.participant(self.turn)
        voting = person is not None and not session.votes_revealed
        dots_left = self.query_one("#dots-left", Static)
        theme_dots = self.query_one("#theme-dots", OptionList)
        dots_left.display = theme_dots.display = voting
        if voting:
            left = script.dots - sum(self.dots.values())
            dots_left.update(t("choose.dots_left", dots="●" * left + "○" * (script.dots - left))
                             + "   " + t("choose.instructions"))
            options = []
            for theme in session.themes:
                count = self.dots.get(theme.id, 0)
                line = Text(end="")
                line.append(("●" * count).ljust(script.max_per_theme + 1), style="bold")
                line.append_text(shown(theme.name))
                options.append(Option(line, id=theme.id))
            refill(theme_dots, options)
        status = self.query_one("#status", Static)
        ranking = self.query_one("#ranking", Static)
        ranking.display = session.votes_revealed
        if not session.themes:
            status.update(t("choose.need_themes"))
        elif session.votes_revealed:
            status.update("")
            ranking.update(self._ranking())
        elif not voting:
            everyone = len(session.voted) == len(session.participants)
            status.update(t("choose.all_voted") if everyone else
                          self.keyboard_hint() + "\n" + t("choose.waiting"))
        elif self.turn in session.voted:  # back at the keyboard: a new vote replaces theirs
            status.update(t("choose.change_vote"))
        else:
            status.update("")

    def _ranking(self) -> Text:
        text = Text(end="")
        text.append(self.t("choose.ranking") + "\n", style="bold")
        for index, (theme, dots) in enumerate(self.session.ranking(), start=1):
            most = max((d for _, d in self.session.ranking()), default=0)
            text.append(f"{index:>2}. ")
            text.append(("●" * dots).ljust(most), style="bold")
            text.append(f" {dots:>2}  ")
            text.append_text(shown(theme.name))
            text.append("\n")
        return text

    def on_turn_changed(self) -> None:
        # Every voter starts on a clean ballot, the highlight at the top: nothing on the
        # shared screen says where anyone put their dots, not even to the voter coming back
        # (the room can see; confirmed private writing is masked the same way at Horizon).
        self.dots = {}
        theme_dots = self.query_one("#theme-dots", OptionList)
        self.refresh_work()
        theme_dots.highlighted = 0 if theme_dots.option_count else None
        theme_dots.scroll_home(animate=False)
        if self.turn:
            theme_dots.focus()

    def give_keyboard(self, participant_id: str | None) -> None:
        """Dots placed and not cast are cast before the keyboard changes hands (F2, or Enter
        on a name), and the screen says so; if they cannot be cast, the keyboard stays."""
        voter = self.turn
        if voter and participant_id != voter and self._placed():
            placed = sum(self.dots.values())
            if not self._cast():
                return
            self.notify(self.t("choose.cast_on_hand_over", name=self.session.name_of(voter),
                               count=placed, total=self.trust.content.script.dots),
                        markup=False, timeout=8)
        super().give_keyboard(participant_id)

    def _placed(self) -> bool:
        """Dots on screen that differ from what this voter has cast (if anything)."""
        if not self.turn or self.session.votes_revealed or not any(self.dots.values()):
            return False
        cast = self.engine.ballot_of(self.turn)
        return cast is None or cast.dots != {k: n for k, n in self.dots.items() if n}

    def _cast(self) -> bool:
        """The dots on screen become the ballot of the person at the keyboard."""
        voter = self.turn
        return voter is not None and self.act("cast_ballot", voter, dots=dict(self.dots))

    def send_unsent(self) -> None:
        """Dots placed but not cast are cast before a reveal, as Enter would."""
        if self._placed() and self._cast():
            self.give_keyboard(None)

    def _change(self, step: int) -> None:
        theme_dots = self.query_one("#theme-dots", OptionList)
        if theme_dots.highlighted is None or not self.turn:
            return
        theme_id = theme_dots.get_option_at_index(theme_dots.highlighted).id
        if theme_id is None:
            return
        dots = self.trust.content.script.with_dot(self.dots, theme_id, step)
        if dots is None:
            self.app.bell()
            return
        self.dots = dots
        self.refresh_work()

    def action_dots(self, step: int) -> None:
        self._change(step)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "theme-dots" and self.turn:
            event.stop()
            if self._cast():
                self.give_keyboard(None)
                self.query_one("#people").focus()
            return
        super().on_option_list_option_selected(event)
