"""Relationships: easy and difficult ones, names private, patterns shared."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trust_tui.core.model import Relationship
from trust_tui.core.rules.registry import Rejected, intent

if TYPE_CHECKING:
    from trust_tui.core.engine import Engine


@intent("write_relationship", stage="relationships", participant=True)
def write_relationship(engine: Engine, who: str, kind: Any, pattern: Any = "", names: Any = (),
                       shared: Any = False, keep_names: Any = False) -> None:
    if kind not in ("easy", "difficult"):
        raise Rejected("bad_kind")
    session = engine.session
    if session.patterns_revealed:
        # The group saw the patterns together, without names. One shared now would show
        # alone, as its writer's; one changed or taken back now would point at its writer.
        if shared:
            raise Rejected("patterns_shown")
        if any(r.participant_id == who and r.kind == kind and r.shared
               for r in session.relationships):
            raise Rejected("pattern_shown")
    clean_names = [engine.checked_text(n, "name", required=False) for n in names]
    clean_names = [n for n in clean_names if n]
    relationship = Relationship(
        participant_id=who,
        kind=kind,
        pattern=engine.checked_text(pattern, "note", required=False, multiline=True),
        shared=bool(shared),
        # Names are kept only when the writer asks for it; otherwise they are never stored.
        names=clean_names if keep_names else [],
        keep_names=bool(keep_names),
    )
    session.relationships = [
        r for r in session.relationships
        if not (r.participant_id == who and r.kind == kind)
    ] + [relationship]


@intent("reveal_patterns", stage="relationships")
def reveal_patterns(engine: Engine, force: Any = False) -> None:
    """Show the shared patterns to the group: all at once, shuffled, without names."""
    if engine.session.patterns_revealed:
        raise Rejected("already_revealed")
    engine.require_all_done(force)
    engine.session.patterns_revealed = True
    engine.session.turn = None
