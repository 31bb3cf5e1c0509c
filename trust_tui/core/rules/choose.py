"""Choose: dot voting on the themes, sealed until the votes are revealed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trust_tui.core.model import Ballot
from trust_tui.core.rules.registry import Rejected, intent

if TYPE_CHECKING:
    from trust_tui.core.engine import Engine


@intent("cast_ballot", stage="choose", participant=True)
def cast_ballot(engine: Engine, who: str, dots: Any) -> None:
    session = engine.session
    if session.votes_revealed:
        raise Rejected("votes_revealed")
    if not session.themes:
        raise Rejected("no_themes")
    if not isinstance(dots, dict):
        raise Rejected("over_budget", limit=engine.script.dots)
    clean: dict[str, int] = {}
    for theme_id, count in dots.items():
        engine.find_theme(theme_id)
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise Rejected("over_budget", limit=engine.script.dots)
        if count > engine.script.max_per_theme:
            raise Rejected("over_theme_cap", limit=engine.script.max_per_theme)
        if count:
            clean[str(theme_id)] = count
    if sum(clean.values()) > engine.script.dots:
        raise Rejected("over_budget", limit=engine.script.dots)
    old = engine._ballot_of.get(who)
    if old is not None:
        session.ballots = [b for b in session.ballots if b is not old]
    ballot = Ballot(clean)
    engine._ballot_of[who] = ballot
    session.ballots.append(ballot)
    # An order that says nothing about who voted when.
    session.ballots.sort(key=lambda b: sorted(b.dots.items()))
    if who not in session.voted:
        session.voted.append(who)
    order = [p.id for p in session.participants]
    session.voted.sort(key=order.index)


@intent("reveal_votes", stage="choose")
def reveal_votes(engine: Engine, force: Any = False) -> list[str]:
    session = engine.session
    if session.votes_revealed:
        raise Rejected("votes_revealed")
    if not session.ballots:
        raise Rejected("no_votes")
    engine.require_all_done(force)
    seal_votes(engine)
    return [theme.id for theme, _ in session.ranking()]


def seal_votes(engine: Engine) -> None:
    """The totals from here on; the ballots themselves (who put which dot where) go. At the
    reveal, or when the meeting moves on from Choose without one: ballots live in memory
    only until then, so a vote left open would be gone at the next start."""
    session = engine.session
    session.totals = session.tally()
    session.ballots = []
    session.votes_revealed = True
    engine._ballot_of.clear()
    if not session.destination.theme_ids:
        session.destination.theme_ids = [session.ranking()[0][0].id]
