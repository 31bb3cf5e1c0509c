"""Key bindings in the user's language: descriptions and tooltips come from data by binding id."""

from __future__ import annotations

import dataclasses

from textual.dom import DOMNode

from trust_tui.core import Content

__all__ = ["translate_bindings"]


TEXTUAL_ACTIONS = {"command_palette": "palette", "dismiss": "dismiss_menu"}
"""Textual's own bindings (no id of ours), by action: their texts come from data too."""


def translate_bindings(node: DOMNode, content: Content) -> None:
    """Give every binding with an ``id`` its text from ``keys.<id>`` and ``tips.<id>``."""
    for key, bindings in node._bindings.key_to_bindings.items():
        translated = []
        for binding in bindings:
            key_id = binding.id or TEXTUAL_ACTIONS.get(binding.action.rpartition(".")[2])
            if key_id and content.has(f"keys.{key_id}"):
                binding = dataclasses.replace(
                    binding,
                    description=content.t(f"keys.{key_id}"),
                    tooltip=content.t(f"tips.{key_id}") if content.has(
                        f"tips.{key_id}") else binding.tooltip,
                )
            translated.append(binding)
        node._bindings.key_to_bindings[key] = translated
