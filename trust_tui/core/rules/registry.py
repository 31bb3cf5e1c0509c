"""The one intent registry: every rule module registers its handlers here with ``@intent``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

__all__ = ["INTENTS", "Rejected", "Rule", "intent"]

Handler = TypeVar("Handler", bound=Callable[..., Any])


class Rejected(Exception):
    """An intent that cannot be applied. ``reason`` is a key under [reason] in the strings."""

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params


@dataclass(frozen=True)
class Rule:
    """How one kind of intent is handled, and who may send it when."""

    kind: str
    handler: Callable[..., Any]
    """Called as ``handler(engine, **data)``, or ``handler(engine, who, **data)`` when
    ``participant``."""
    stage: str | None
    """The only stage it may be sent in; None: any stage."""
    participant: bool
    """Sent by a participant about their own entries (the facilitator may not write for
    them); otherwise only the facilitator may send it."""
    before_start: bool
    """Allowed while the session is still being set up."""


INTENTS: dict[str, Rule] = {}
"""Every intent the engine knows, by kind."""


def intent(kind: str, *, stage: str | None = None, participant: bool = False,
           before_start: bool = False) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of intents of ``kind``."""

    def register(handler: Handler) -> Handler:
        if kind in INTENTS:
            raise RuntimeError(f"intent '{kind}' is registered twice")
        INTENTS[kind] = Rule(kind, handler, stage, participant, before_start)
        return handler

    return register
