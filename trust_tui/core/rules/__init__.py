"""The exercise's rules, one module per stage; each registers its intents with ``@intent``.

The modules are the engine's own parts: they change the session through the engine they are
handed, and may keep what the engine remembers but never writes down (who wrote what).
"""

from trust_tui.core.rules import (  # noqa: F401  (importing a module registers its intents)
    checkin,
    choose,
    close,
    common_ground,
    destination,
    drafts,
    horizon,
    look_back,
    practice,
    relationships,
    route,
    seats,
    setup,
    team_map,
    timer,
)
from trust_tui.core.rules.registry import INTENTS, Rejected, Rule, intent

__all__ = ["INTENTS", "Rejected", "Rule", "intent"]
