"""The trust journal: log a small step of trust, see the trend, change or erase an entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, OptionList, Select, Static
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from trust_tui.core import JournalEntry, Rejected
from trust_tui.core.dates import DATE_LIMIT, short_date
from trust_tui.core.export import journal_markdown, long_date
from trust_tui.core.journal import journal_entry
from trust_tui.store.files import free_path, write_private
from trust_tui.ui.keys import translate_bindings
from trust_tui.ui.lists import refill
from trust_tui.ui.screens.base import InMeetingApp, TrustScreen
from trust_tui.ui.screens.dialogs import ConfirmDialog
from trust_tui.ui.text import shown
from trust_tui.ui.widgets.field import Field
from trust_tui.ui.widgets.summary import export_folder
from trust_tui.ui.widgets.ticks import TickList
from trust_tui.ui.widgets.trend_picture import TrendPicture
from trust_tui.ui.widgets.work_lists import EntryList

__all__ = ["JournalEntryScreen", "JournalScreen"]


class JournalScreen(InMeetingApp, TrustScreen):
    """Entries newest first, the trend above them; everything by keyboard."""

    BINDINGS = [
        Binding("a", "add", "Add", id="add"),
        Binding("p", "person", "Whose trend", id="person"),
        Binding("x", "export", "Export", id="export"),
        Binding("escape,f10", "app.pop_screen", "Home", id="home"),
    ]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self, self.trust.content)

    def compose(self) -> ComposeResult:
        t = self.trust.content.t
        yield Static(t("journal.title"), id="home-title", markup=False)
        yield TrendPicture(self.trust.journal.all(), self.trust.content, id="trend")
        yield EntryList(id="entries")
        yield Static(t("journal.keys_hint"), classes="hint", markup=False)
        yield Footer()
        yield from self.compose_frame()

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_entries()
        self.query_one("#entries").focus()
        self.offer_the_draft()

    def offer_the_draft(self) -> None:
        """A step left half written by a hang-up or a kill: go on with it, or throw it away."""
        draft = self.trust.journal.draft()
        if draft is None:
            return
        t = self.trust.content.t

        def answered(throw_away: bool | None) -> None:
            if throw_away:
                self.trust.journal.drop_draft(thrown_away=True)
                self.app.notify(t("journal.draft_dropped"), markup=False)
                return
            entry_id = draft.get("entry_id")
            entry = self.trust.journal.get(entry_id) if isinstance(entry_id, str) else None
            self.app.push_screen(JournalEntryScreen(entry, draft=draft),
                                 lambda _: self.refresh_entries())

        self.app.push_screen(ConfirmDialog(t("journal.draft_back"), t("journal.draft_drop"),
                                           t("journal.draft_go_on")), answered)

    def refresh_entries(self) -> None:
        content = self.trust.content
        entries = self.trust.journal.all()
        trend = self.query_one(TrendPicture)
        trend.entries = entries
        trend.refresh()
        options = []
        for entry in entries:
            line = shown(content.t("home.journal_line", date=long_date(entry.on, content.lang),
                                   person=entry.person, felt=entry.trust_felt), "bold")
            if entry.what_i_did:
                line.append("\n  ")
                line.append_text(shown(entry.what_i_did, limit=70))
            options.append(Option(line, id=entry.id))
        if not options:
            options = [Option(Text(content.t("home.journal_none"), style="dim"), disabled=True)]
        refill(self.query_one("#entries", OptionList), options)

    def _selected(self) -> JournalEntry | None:
        entries = self.query_one("#entries", OptionList)
        if entries.highlighted is None or not entries.option_count:
            return None
        entry_id = entries.get_option_at_index(entries.highlighted).id
        return self.trust.journal.get(entry_id) if entry_id else None

    def action_add(self) -> None:
        self.app.push_screen(JournalEntryScreen(None), lambda _: self.refresh_entries())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        entry = self._selected()
        if entry is not None:
            self.app.push_screen(JournalEntryScreen(entry), lambda _: self.refresh_entries())

    def action_erase(self) -> None:
        entry = self._selected()
        if entry is None:
            return
        t = self.trust.content.t

        def answered(yes: bool | None) -> None:
            if yes and self.trust.journal.erase(entry.id):
                self.app.notify(t("journal.erased"), markup=False)
                self.refresh_entries()

        question = t("journal.erase_confirm", person=entry.person,
                     date=long_date(entry.on, self.trust.content.lang))
        self.app.push_screen(ConfirmDialog(question, t("keys.erase"), t("ui.cancel")), answered)

    def action_person(self) -> None:
        """Cycle the trend: everyone, then each person in the journal."""
        trend = self.query_one(TrendPicture)
        people = sorted({e.person for e in trend.entries}, key=str.casefold)
        choices: list[str | None] = [None, *people]
        index = choices.index(trend.person) if trend.person in choices else 0
        trend.person = choices[(index + 1) % len(choices)]
        trend.refresh()

    def action_export(self) -> None:
        content = self.trust.content
        text = journal_markdown(self.trust.journal.all(), content)
        try:
            path = write_private(free_path(export_folder(self.trust), "journal", "md"), text)
        except OSError as error:
            self.app.notify(content.t("close.export_failed", reason=error.strerror or "error"),
                            severity="error", markup=False)
            return
        self.app.notify(content.t("journal.exported", path=path), markup=False)


class JournalEntryScreen(InMeetingApp, Screen[bool]):
    """One small step of trust: add a new one, or change ``entry``."""

    BINDINGS = [
        Binding("f8", "save", "Save", id="save", priority=True),
        Binding("escape,f10", "cancel", "Home", id="home"),
    ]

    def __init__(self, entry: JournalEntry | None, *, draft: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.entry = entry
        self.draft = draft
        """What a hang-up kept of this form, put back in it (None for a fresh form)."""
        translate_bindings(self, self.trust.content)

    def compose(self) -> ComposeResult:
        content = self.trust.content
        t = content.t
        limits = content.script.limits
        entry = self.entry
        kept = self._kept
        with VerticalScroll(id="setup-form"):
            yield Static(t("journal.title"), classes="section-title", markup=False)
            yield Field(limit=limits["name"], label=t("journal.person"),
                        value=kept("person", entry.person if entry else ""), id="person")
            yield Field(limit=DATE_LIMIT, label=t("journal.on"), id="on",
                        placeholder=t("ui.date_hint"),
                        value=kept("on", short_date(
                            entry.on if entry else dt.date.today().isoformat(), content.lang)))
            yield Field(limit=limits["note"], label=t("journal.what_i_did"),
                        value=kept("what", entry.what_i_did if entry else ""), id="what")
            yield Field(limit=limits["note"], label=t("journal.response"),
                        value=kept("response", entry.response if entry else ""), id="response")
            yield Static(t("journal.signals"), classes="hint", markup=False)
            ticked = self._kept_signals()
            yield TickList(*[Selection(content.signal(key), key, key in ticked)
                             for key in content.script.signal_keys], id="signals")
            yield Field(limit=limits["sentence"], label=t("journal.other_signals"),
                        value=kept("other", entry.other_signals if entry else ""), id="other")
            yield Field(limit=1, label=t("journal.felt"), type="integer", counter=False,
                        value=kept("felt", str(entry.trust_felt) if entry else "3"), id="felt")
            yield Static(t("journal.commitment"), classes="hint", markup=False)
            yield Select(self._commitments(), value=self._current_commitment(),
                         allow_blank=False, id="commitment")
            yield Button(t("keys.save") + " (F8)", id="save", variant="primary")
        yield Footer()

    def _kept(self, name: str, value: str) -> str:
        """What the draft kept of field ``name``, else ``value``."""
        kept = (self.draft or {}).get(name)
        return kept if isinstance(kept, str) else value

    def _kept_signals(self) -> set[str]:
        kept = (self.draft or {}).get("signals")
        if isinstance(kept, list):
            return {key for key in kept if isinstance(key, str)}
        return set(self.entry.signals) if self.entry else set()

    def _commitments(self) -> list[tuple[Text | str, str]]:
        """Every commitment from the sessions, newest first, to link the step to."""
        t = self.trust.content.t
        choices: list[tuple[Text | str, str]] = [(t("journal.no_commitment"), "")]
        for summary in self.trust.sessions.all()[:20]:
            session = self.trust.sessions.get(summary.id)
            if session is None:
                continue
            for commitment in session.commitments:
                label = shown(f"{session.name_of(commitment.participant_id)}: "
                              f"{commitment.small_step}", limit=60)
                choices.append((label, f"{session.id}/{commitment.id}"))
        return choices

    def _current_commitment(self) -> str:
        entry = self.entry
        kept = (self.draft or {}).get("commitment")
        if isinstance(kept, str) and (kept == "" or any(v == kept for _, v in self._commitments())):
            return kept
        if entry and entry.session_id and entry.commitment_id:
            value = f"{entry.session_id}/{entry.commitment_id}"
            if any(v == value for _, v in self._commitments()):
                return value
        return ""

    def on_mount(self) -> None:
        self.query_one("#setup-form").can_focus = False  # Tab goes field to field, no stop here
        self.query_one("#person").focus()
        # Words put back from a draft are not saved either: leaving asks, as for new words.
        self.as_opened: tuple[object, ...] | None = None if self.draft else self._form()

    def _form(self) -> tuple[object, ...]:
        """What the form holds now, to tell whether anything was written since it opened."""
        return (*(field.value for field in self.query(Field)),
                tuple(self.query_one("#signals", TickList).selected),
                self.query_one("#commitment", Select).value)

    def unsent(self) -> dict[str, Any] | None:
        """What the form holds, as a draft to keep, if anything is written since it opened."""
        if self._form() == self.as_opened:
            return None
        draft: dict[str, Any] = {field.id: field.value for field in self.query(Field)
                                 if field.id is not None}
        draft["signals"] = [str(key) for key in self.query_one("#signals", TickList).selected]
        draft["commitment"] = str(self.query_one("#commitment", Select).value or "")
        draft["entry_id"] = self.entry.id if self.entry else None
        return draft

    def keep_draft(self) -> bool:
        """On a hang-up or a kill: the half-written step goes into the data file as a draft."""
        draft = self.unsent()
        if draft is None:
            return False
        try:
            self.trust.journal.keep_draft(draft)
        except Exception:  # noqa: BLE001 - leaving must not wait on a failing disk
            return False
        return True

    def on_input_submitted(self) -> None:
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()

    def action_save(self) -> None:
        content = self.trust.content
        def value(widget_id: str) -> str:
            return self.query_one(widget_id, Field).value
        link = str(self.query_one("#commitment", Select).value or "")
        session_id, _, commitment_id = link.partition("/")
        felt = value("#felt").strip()
        try:
            entry = journal_entry(
                content.script, person=value("#person"), on=value("#on").strip(),
                what_i_did=value("#what"), response=value("#response"),
                signals=list(self.query_one("#signals", TickList).selected),
                other_signals=value("#other"), trust_felt=int(felt) if felt.isdigit() else 0,
                session_id=session_id or None, commitment_id=commitment_id or None,
                entry_id=self.entry.id if self.entry else None,
                created_at=self.entry.created_at if self.entry else None, lang=content.lang)
        except Rejected as rejected:
            self.app.notify(content.t(f"reason.{rejected.reason}", **rejected.params),
                            severity="warning", markup=False)
            return
        self.query_one("#save", Button).disabled = True
        self.run_worker(lambda: self._save(entry), thread=True, group="journal-save")

    def _save(self, entry: JournalEntry) -> None:
        """On a worker thread: a slow or full disk never freezes the screen or loses the form."""
        try:
            self.trust.journal.save(entry)
            if self.draft is not None:  # saved as an entry: no longer offered back
                self.trust.journal.drop_draft()
        except Exception as error:  # noqa: BLE001 - reported by its name, the form stays
            reason = getattr(error, "strerror", None) or type(error).__name__
            self.app.call_from_thread(self._not_saved, reason)
        else:
            self.app.call_from_thread(self._saved)

    def _saved(self) -> None:
        self.app.notify(self.trust.content.t("journal.saved"), markup=False)
        self.dismiss(True)

    def _not_saved(self, reason: str) -> None:
        self.query_one("#save", Button).disabled = False
        self.app.notify(self.trust.content.t("journal.not_saved", reason=reason),
                        severity="error", markup=False, timeout=10)

    def action_cancel(self) -> None:
        """Home; with words written and not saved, only after a yes (they would be lost)."""
        self.leave(lambda: self.dismiss(False))

    def leave(self, then: Callable[[], object]) -> None:
        """``then`` at once if nothing is written since opening, else only after a yes:
        "Keep writing" is the default. Home (Escape) and quitting (Ctrl+Q) both ask it."""
        if self._form() == self.as_opened:
            then()
            return
        t = self.trust.content.t

        def answered(yes: bool | None) -> None:
            if yes:
                if self.draft is not None:  # thrown away, knowingly
                    self.trust.journal.drop_draft(thrown_away=True)
                then()

        self.app.push_screen(ConfirmDialog(t("journal.leave_unsaved"), t("journal.leave_yes"),
                                           t("journal.keep_writing")), answered)
