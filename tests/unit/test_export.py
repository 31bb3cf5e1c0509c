"""Markdown, JSON and iCalendar exports."""

from __future__ import annotations

import datetime as dt
import json

import icalendar

from trust_tui.core import Engine, load_content
from trust_tui.core.demo import demo_journal, demo_session
from trust_tui.core.export import (
    journal_json,
    journal_markdown,
    session_ics,
    session_json,
    session_markdown,
)


def test_markdown_has_a_section_per_stage_in_both_languages(script):
    for lang in ("en", "nl"):
        content = load_content(lang)
        session = demo_session(script, lang, seed=2).session
        text = session_markdown(session, content)
        for key in session.enabled_stages()[1:]:
            assert f"## {content.stage_title(key)}" in text
        assert session.destination.sentence in text
        assert all(theme.name in text for theme in session.themes)
        assert all(c.small_step in text for c in session.commitments)


def test_private_names_and_unshared_patterns_only_when_asked(script):
    session = demo_session(script, "en", seed=2).session
    content = load_content("en")
    public = session_markdown(session, content) + session_json(session)
    for private in ("Femke", "Marco", "Ilse", "only ever talked when something went wrong"):
        assert private not in public
    assert "Ruud" not in public and "Ruud" not in json.dumps(session.relationships.__repr__())
    full = session_markdown(session, content, include_private=True) + session_json(
        session, include_private=True)
    assert "Femke" in full and "Marco" in full


def test_user_text_cannot_make_markdown(script):
    session = demo_session(script, "en", seed=2).session
    session.destination.sentence = "# [click](javascript:alert(1)) <b>x</b>"
    text = session_markdown(session, load_content("en"))
    assert "\\# \\[click\\](javascript:alert(1)) \\<b\\>x\\</b\\>" in text


def test_json_round_trips_everything(script):
    session = demo_session(script, "en", seed=2).session
    data = json.loads(session_json(session, include_private=True))
    assert data["session"]["id"] == session.id
    assert len(data["session"]["statements"]) == len(session.statements)


def test_ics_has_the_look_again_moment_and_each_commitment(script):
    session = demo_session(script, "nl", seed=2).session
    calendar = icalendar.Calendar.from_ical(session_ics(session, load_content("nl")))
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1 + len(session.commitments)
    starts = sorted(e.decoded("dtstart").isoformat() for e in events)
    expected = sorted([session.destination.look_again_on] + [c.due_on for c in session.commitments])
    assert starts == expected
    assert any(str(e["summary"]).startswith("Opnieuw kijken") for e in events)
    reminders = [a for e in events for a in e.walk("VALARM")]
    assert len(reminders) == len(session.commitments)
    assert all(a.decoded("trigger") == dt.timedelta(days=-1) for a in reminders)


def test_journal_exports():
    entries = demo_journal("en")
    text = journal_markdown(entries, load_content("en"))
    assert "Trust journal" in text and "Sanne" in text and "trust felt 5/5" in text
    assert len(json.loads(journal_json(entries))["journal"]) == len(entries)


def test_solo_practice_exports_the_writers_own_horizon(script):
    """Alone, the writer is the whole group: their horizon is in their summary, as their
    patterns are, with no reveal to wait for."""
    solo = Engine.new(script, lang="nl", mode="solo")
    me = solo.do("add_participant", name="Eva")
    solo.do("start")
    solo.do("add_statement", me, text="een team dat om hulp vraagt")
    text = session_markdown(solo.session, load_content("nl"))
    horizon = text.split("## Horizon", 1)[1].split("##", 1)[0]
    assert "een team dat om hulp vraagt" in horizon
    assert "een team dat om hulp vraagt" in session_json(solo.session)


def test_hidden_writing_never_revealed_is_in_no_export(script):
    """A meeting that moved on without F5 at Horizon: the words were read by nobody, so no
    export (Markdown or JSON) carries them; the owner's private export still does."""
    meeting = Engine.new(script, lang="en")
    anna = meeting.do("add_participant", name="Anna")
    meeting.do("add_participant", name="Bram")
    meeting.do("start")
    meeting.do("skip")  # past the check-in, to Horizon
    meeting.do("add_statement", anna, text="a secret hope")
    assert not meeting.session.revealed and meeting.session.statements
    content = load_content("en")
    shared = session_markdown(meeting.session, content) + session_json(meeting.session)
    assert "a secret hope" not in shared
    assert "a secret hope" in session_json(meeting.session, include_private=True)
