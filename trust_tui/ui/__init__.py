"""Textual: the only package that imports textual."""

from trust_tui.ui.app import TrustApp

__all__ = ["TrustApp"]
