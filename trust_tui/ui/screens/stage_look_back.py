"""Look back: what became of last time's commitments, and keep or adjust the destination."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import OptionList, SelectionList, Static
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from trust_tui.core.export import long_date
from trust_tui.core.model import LookBack
from trust_tui.ui.lists import refill
from trust_tui.ui.screens.dialogs import TextDialog
from trust_tui.ui.screens.stage import StageScreen
from trust_tui.ui.text import shown
from trust_tui.ui.widgets.ticks import TickList
from trust_tui.ui.widgets.work_lists import ReviewList

__all__ = ["LookBackScreen"]

MARKS = {"done": "●", "partly": "◐", "not_yet": "○", None: "·"}
class LookBackScreen(StageScreen):
    stage = "look_back"

    def compose_work(self) -> ComposeResult:
        content = self.trust.content
        yield Static(id="previous-destination")
        yield ReviewList(id="reviews")
        yield Static(self.t("look_back.mark_hint"), classes="hint", markup=False)
        yield TickList(*[Selection(content.signal(key), key)
                         for key in content.script.signal_keys], id="seen")
        yield Static(id="journal-linked")

    @property
    def look(self) -> LookBack | None:
        return self.session.look_back

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#reviews").focus()
        self._show_signals()

    def refresh_work(self) -> None:
        t = self.t
        look = self.look
        if look is None:
            return
        head = Text(end="")
        head.append(t("look_back.previous") + ": ", style="bold")
        head.append_text(shown(look.previous_destination.sentence or "…"))
        if look.destination_kept is not None:
            state = t("look_back.kept" if look.destination_kept else "look_back.adjusted")
            head.append(f"  [{state}]", style="italic")
        head.append(f"\n{t('look_back.keep')} · {t('look_back.adjust')}", style="dim")
        self.query_one("#previous-destination", Static).update(head)
        reviews = {r.commitment_id: r for r in look.reviews}
        options = []
        for commitment in look.previous_commitments:
            review = reviews.get(commitment.id)
            mark = review.mark if review else None
            line = Text(end="")
            line.append(f"{MARKS[mark]} ", style="bold")
            line.append_text(shown(t("look_back.commitment",
                                     who=look.previous_names.get(commitment.participant_id, "?"),
                                     partner=commitment.partner, step=commitment.small_step)))
            if mark:
                line.append(f"  — {t(f'look_back.mark.{mark}')}", style="italic")
            if review and review.what_happened:
                line.append("\n    ")
                line.append_text(shown(review.what_happened, "dim"))
            options.append(Option(line, id=commitment.id))
        if not options:
            options = [Option(Text(t("look_back.none"), style="dim"), disabled=True)]
        refill(self.query_one("#reviews", OptionList), options)

    def _highlighted(self) -> str | None:
        reviews = self.query_one("#reviews", OptionList)
        if reviews.highlighted is None or not reviews.option_count:
            return None
        return reviews.get_option_at_index(reviews.highlighted).id

    def _show_signals(self) -> None:
        """The signals ticked for the highlighted commitment, and the journal's entries on it."""
        commitment_id = self._highlighted()
        seen = self.query_one("#seen", TickList)
        review = next((r for r in self.look.reviews if r.commitment_id == commitment_id),
                      None) if self.look else None
        with seen.prevent(SelectionList.SelectedChanged):
            seen.deselect_all()
            for key in review.signals if review else []:
                seen.select(key)
        content = self.trust.content
        linked = [e for e in self.trust.journal.all()
                  if e.commitment_id == commitment_id
                  and e.session_id == self.session.follow_up_of]
        text = Text(end="")
        for entry in linked:
            text.append_text(shown(content.t(
                "look_back.journal_linked", date=long_date(entry.on, content.lang),
                felt=entry.trust_felt, did=entry.what_i_did), "italic"))
            text.append("\n")
        self.query_one("#journal-linked", Static).update(text)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "reviews":
            self._show_signals()

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        commitment_id = self._highlighted()
        if commitment_id:
            self.act("review_commitment", commitment_id=commitment_id,
                     signals=list(event.selection_list.selected))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id != "reviews" or not event.option.id:
            return
        event.stop()
        commitment_id = event.option.id
        look = self.look
        if look is None:
            return
        review = next((r for r in look.reviews if r.commitment_id == commitment_id), None)

        def written(text: str | None) -> None:
            if text is not None:
                self.act("review_commitment", commitment_id=commitment_id, what_happened=text)

        self.app.push_screen(TextDialog(self.t("look_back.what_happened"),
                                        limit=self.trust.content.script.limit("note"),
                                        value=review.what_happened if review else ""), written)

    def action_mark(self, mark: str) -> None:
        if commitment_id := self._highlighted():
            self.act("review_commitment", commitment_id=commitment_id, mark=mark)

    def action_keep_destination(self, kept: bool) -> None:
        self.act("keep_destination", kept=kept)

