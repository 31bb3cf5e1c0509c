"""What a participant's answers become: the intents their own screen sends to the hub."""

from __future__ import annotations

import pytest

from trust_tui.core import load_content, load_script
from trust_tui.core.answers import FORMS, intents_for, unkept_names


def test_relationship_names_are_sent_only_when_kept():
    answers = {"share": True, "keep": False, "easy_names": "Sanne, Joost", "easy": "they ask",
               "difficult_names": "Piet", "difficult": ""}
    sent = intents_for("relationships", answers)
    assert sent == [("write_relationship", {"kind": "easy", "pattern": "they ask", "names": [],
                                            "shared": True, "keep_names": False})]
    kept = intents_for("relationships", {**answers, "keep": True})
    assert [data["names"] for _, data in kept] == [["Sanne", "Joost"], ["Piet"]]


def test_a_closing_score_is_a_number_or_nothing_and_a_date_may_be_left_out():
    assert intents_for("close", {"word": "calm", "score": "4"}) == [
        ("closing_word", {"word": "calm", "score": 4})]
    assert intents_for("close", {"word": "calm", "score": ""})[0][1]["score"] is None
    practice = intents_for("practice", {"partner": "Sanne", "small_step": "ask first",
                                        "signals": ["asks_my_view"], "due_on": " "})
    assert practice[0][1]["due_on"] is None and practice[0][1]["signals"] == ["asks_my_view"]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_question_has_its_text_and_a_known_limit(lang):
    content, script = load_content(lang), load_script()
    for asks in FORMS.values():
        for ask in asks:
            assert content.t(ask.label)
            assert script.limit(ask.limit) > 0


def test_names_stay_on_the_writers_screen_unless_kept():
    typed = {"easy_names": "Sara", "easy": "they ask first", "difficult_names": "Joost",
             "difficult": "", "share": True, "keep": False}
    assert unkept_names("relationships", typed) == {"easy_names", "difficult_names"}
    assert unkept_names("relationships", {**typed, "keep": True}) == set()
    assert unkept_names("practice", {"partner": "Femke"}) == set()  # a partner is no secret
    [(kind, data)] = intents_for("relationships", typed)
    assert (kind, data["names"], data["pattern"]) == ("write_relationship", [], "they ask first")
