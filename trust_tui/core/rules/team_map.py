"""Map: the relationships with other teams, each classified, where to start."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trust_tui.core.model import TeamRelation
from trust_tui.core.rules.registry import Rejected, intent

if TYPE_CHECKING:
    from trust_tui.core.engine import Engine


def team_relation(engine: Engine, relation_id: Any) -> TeamRelation:
    found = next((r for r in engine.session.team_relations if r.id == relation_id), None)
    if found is None:
        raise Rejected("unknown_relation")
    return found


def checked_class(engine: Engine, classification: Any) -> str:
    if classification not in engine.script.map_classes:
        raise Rejected("bad_class")
    return str(classification)


@intent("add_team_relation", stage="map")
def add_team_relation(engine: Engine, name: Any, classification: Any = "unknown",
                      note: Any = "", start_here: Any = False) -> str:
    relation_id = engine.next_id("r", [r.id for r in engine.session.team_relations])
    engine.session.team_relations.append(TeamRelation(
        relation_id, engine.checked_text(name, "name"), checked_class(engine, classification),
        engine.checked_text(note, "note", required=False), bool(start_here)))
    return relation_id


@intent("update_team_relation", stage="map")
def update_team_relation(engine: Engine, relation_id: Any, name: Any = None,
                         classification: Any = None, note: Any = None,
                         start_here: Any = None) -> None:
    relation = team_relation(engine, relation_id)
    if name is not None:
        relation.name = engine.checked_text(name, "name")
    if classification is not None:
        relation.classification = checked_class(engine, classification)
    if note is not None:
        relation.note = engine.checked_text(note, "note", required=False)
    if start_here is not None:
        relation.start_here = bool(start_here)


@intent("remove_team_relation", stage="map")
def remove_team_relation(engine: Engine, relation_id: Any) -> None:
    engine.session.team_relations.remove(team_relation(engine, relation_id))
