"""The shared screen and a participant's own screen ask the same questions, built from one form."""

from __future__ import annotations

import pytest
from textual.dom import DOMNode
from textual.widgets import Checkbox, SelectionList

from tests.snapshots.scenes import app_at, open_scene, participant_app
from trust_tui.core.answers import FORMS
from trust_tui.ui.widgets.field import Field

pytestmark = pytest.mark.slow  # a hub and a participant's app


def asked(root: DOMNode) -> list[tuple[object, ...]]:
    """Every question in ``root``, in order: its id, kind, label, limit, hint and start."""
    questions: list[tuple[object, ...]] = []
    for widget in root.query("*"):
        if not (widget.id or "").startswith("ask-"):
            continue  # not one of a person's own answers (the team's practice, say)
        if isinstance(widget, Field):
            questions.append((widget.id, "field", widget.border_title, widget.max_length,
                              widget.placeholder))
        elif isinstance(widget, Checkbox):
            questions.append((widget.id, "tick", str(widget.label), widget.value))
        elif isinstance(widget, SelectionList):
            questions.append((widget.id, "ticks", [str(widget.get_option_at_index(i).prompt)
                                                   for i in range(widget.option_count)]))
    return questions


@pytest.mark.parametrize("stage", ["relationships", "practice", "close"])
async def test_the_shared_and_the_own_screen_ask_the_same(tmp_path, stage):
    shared = app_at(stage, "nl", turn="p2")
    async with shared.run_test(size=(80, 40)) as pilot:
        await open_scene(pilot)
        on_shared = asked(shared.screen)
    own, run_before = participant_app(stage, "nl", folder=tmp_path)
    async with own.run_test(size=(80, 40)) as pilot:
        await run_before(pilot)
        await pilot.pause()
        on_own = asked(own.main.query_one(f"#form-{stage}"))
    assert on_shared, "the shared screen shows the form to the person at the keyboard"
    assert len(on_shared) == len(FORMS[stage])
    assert on_shared == on_own
