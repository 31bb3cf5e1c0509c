"""Key bindings in the user's language: descriptions and tooltips come from data by binding id."""

from __future__ import annotations

import dataclasses

from textual.dom import DOMNode

from trust_tui.core import Content

__all__ = ["translate_bindings"]


def translate_bindings(node: DOMNode, content: Content) -> None:
    """Give every binding with an ``id`` its text from ``keys.<id>`` and ``tips.<id>``."""
    for key, bindings in node._bindings.key_to_bindings.items():
        translated = []
        for binding in bindings:
            if binding.id and content.has(f"keys.{binding.id}"):
                binding = dataclasses.replace(
                    binding,
                    description=content.t(f"keys.{binding.id}"),
                    tooltip=content.t(f"tips.{binding.id}") if content.has(
                        f"tips.{binding.id}") else binding.tooltip,
                )
            translated.append(binding)
        node._bindings.key_to_bindings[key] = translated
