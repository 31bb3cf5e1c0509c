"""Textual: the only package that imports textual.

``TrustApp`` is loaded when first used (PEP 562): a participant's screen (``trust-tui join``)
imports ``trust_tui.ui.participant`` without paying for the facilitator's app and its store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["TrustApp"]

if TYPE_CHECKING:
    from trust_tui.ui.app import TrustApp


def __getattr__(name: str) -> Any:
    if name != "TrustApp":
        raise AttributeError(f"module 'trust_tui.ui' has no attribute {name!r}")
    from trust_tui.ui.app import TrustApp

    globals()[name] = TrustApp
    return TrustApp
