"""Map: the team's relations with other teams, drawn, and where to start practising together."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Checkbox, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from trust_tui.core.model import TeamRelation
from trust_tui.ui.lists import refill
from trust_tui.ui.screens.stage import StageScreen
from trust_tui.ui.text import shown
from trust_tui.ui.widgets import MapPicture
from trust_tui.ui.widgets.field import Field
from trust_tui.ui.widgets.ticks import Tick
from trust_tui.ui.widgets.work_lists import RelationList

__all__ = ["MapScreen"]


class MapScreen(StageScreen):
    stage = "map"

    def compose_work(self) -> ComposeResult:
        t = self.t
        content = self.trust.content
        limits = content.script.limits
        yield MapPicture(self.session, content, id="map")
        with Horizontal(classes="row"):
            yield Field(limit=limits["name"], label=t("map.name"), id="relation-name")
            yield Select([(t(f"map.class.{key}"), key) for key in content.script.map_classes],
                         value="unknown", allow_blank=False, id="relation-class")
        yield Field(limit=limits["note"], label=t("map.note"), id="relation-note")
        yield Tick(t("map.start_here"), False, id="relation-start")
        yield Button(t("map.add"), id="add", variant="primary")
        yield RelationList(id="relations")
        yield Static(f"s {t('keys.toggle_start')} · c {t('map.classification')} · "
                     f"Delete {t('keys.remove')}", classes="hint", markup=False)


    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#relation-name").focus()

    def refresh_work(self) -> None:
        self.query_one(MapPicture).refresh(layout=True)
        options = []
        for relation in self.session.team_relations:
            line = Text(end="")
            line.append("★ " if relation.start_here else "  ")
            line.append_text(shown(relation.name, "bold"))
            line.append(f" ({self.t(f'map.class.{relation.classification}')})")
            if relation.note:
                line.append(" — ")
                line.append_text(shown(relation.note))
            options.append(Option(line, id=relation.id))
        refill(self.query_one("#relations", OptionList), options)

    def add_relation(self) -> None:
        name = self.query_one("#relation-name", Field)
        note = self.query_one("#relation-note", Field)
        start = self.query_one("#relation-start", Checkbox)
        if self.act("add_team_relation", name=name.value,
                    classification=self.query_one("#relation-class", Select).value,
                    note=note.value, start_here=start.value):
            name.value = note.value = ""
            start.value = False
            name.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "relation-note":
            self.add_relation()
        else:
            self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "add":
            self.add_relation()

    def _highlighted_relation(self) -> TeamRelation | None:
        relations = self.query_one("#relations", OptionList)
        if relations.highlighted is None:
            return None
        relation_id = relations.get_option_at_index(relations.highlighted).id
        return next((r for r in self.session.team_relations if r.id == relation_id), None)

    def action_remove_relation(self) -> None:
        if relation := self._highlighted_relation():
            self.act("remove_team_relation", relation_id=relation.id)

    def action_toggle_start(self) -> None:
        if relation := self._highlighted_relation():
            self.act("update_team_relation", relation_id=relation.id,
                     start_here=not relation.start_here)

    def action_classify(self) -> None:
        if relation := self._highlighted_relation():
            classes = self.trust.content.script.map_classes
            following = classes[(classes.index(relation.classification) + 1) % len(classes)]
            self.act("update_team_relation", relation_id=relation.id, classification=following)
