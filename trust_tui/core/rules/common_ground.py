"""Common ground: the revealed statements gathered into themes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trust_tui.core.model import Theme
from trust_tui.core.rules.registry import Rejected, intent

if TYPE_CHECKING:
    from trust_tui.core.engine import Engine


def require_revealed(engine: Engine) -> None:
    if not engine.session.revealed:
        raise Rejected("not_revealed")
    if engine.session.ballots:
        raise Rejected("votes_cast")


@intent("make_theme", stage="common_ground")
def make_theme(engine: Engine, name: Any, statement_ids: Any = ()) -> str:
    require_revealed(engine)
    clean = engine.checked_text(name, "theme")
    statements = [engine.find_statement(sid) for sid in statement_ids]
    theme_id = engine.next_id("t", [t.id for t in engine.session.themes])
    engine.session.themes.append(Theme(theme_id, clean))
    for statement in statements:
        statement.theme_id = theme_id
    return theme_id


@intent("rename_theme", stage="common_ground")
def rename_theme(engine: Engine, theme_id: Any, name: Any) -> None:
    theme = engine.find_theme(theme_id)
    theme.name = engine.checked_text(name, "theme")


@intent("move_statement", stage="common_ground")
def move_statement(engine: Engine, statement_id: Any, theme_id: Any = None) -> None:
    require_revealed(engine)
    statement = engine.find_statement(statement_id)
    if theme_id is not None:
        engine.find_theme(theme_id)
    statement.theme_id = theme_id


@intent("merge_themes", stage="common_ground")
def merge_themes(engine: Engine, source_id: Any, target_id: Any) -> None:
    require_revealed(engine)
    source, target = engine.find_theme(source_id), engine.find_theme(target_id)
    if source.id == target.id:
        raise Rejected("same_theme")
    for statement in engine.session.statements:
        if statement.theme_id == source.id:
            statement.theme_id = target.id
    engine.session.themes.remove(source)


@intent("remove_theme", stage="common_ground")
def remove_theme(engine: Engine, theme_id: Any) -> None:
    """Ungroup: the theme goes, its statements stay (ungrouped)."""
    require_revealed(engine)
    theme = engine.find_theme(theme_id)
    for statement in engine.session.statements:
        if statement.theme_id == theme.id:
            statement.theme_id = None
    engine.session.themes.remove(theme)
