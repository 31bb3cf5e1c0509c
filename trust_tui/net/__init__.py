"""Host mode: the hub that owns a session's engine, and the participants who join it.

Names are loaded when first used (PEP 562): a participant's screen needs the client only, not
the hub with its engine.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = ["HostBusy", "Hub", "HubClient", "Refused", "reachable_host", "session_code"]

_WHERE = {
    "HubClient": "client", "Refused": "client",
    "HostBusy": "hub", "Hub": "hub", "reachable_host": "hub", "session_code": "hub",
}

if TYPE_CHECKING:
    from trust_tui.net.client import HubClient, Refused
    from trust_tui.net.hub import HostBusy, Hub, reachable_host, session_code


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'trust_tui.net' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"trust_tui.net.{module}"), name)
    globals()[name] = value
    return value
