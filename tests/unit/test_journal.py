"""Journal entries are checked and cleaned; the trend is per week, overall or per person."""

from __future__ import annotations

import datetime as dt

import pytest

from trust_tui.core import Rejected
from trust_tui.core.demo import demo_journal
from trust_tui.core.journal import journal_entry, trend


def test_a_good_entry_is_cleaned(script):
    entry = journal_entry(script, person=" Joost\x1b[2J ", on="2026-11-20",
                          what_i_did="Let him\nrun it", signals=["keeps_agreements"],
                          trust_felt=4, commitment_id="c1", session_id="s1")
    assert (entry.person, entry.what_i_did, entry.trust_felt) == ("Joost", "Let him\nrun it", 4)
    assert entry.commitment_id == "c1" and entry.id.startswith("j")


@pytest.mark.parametrize(("change", "reason"), [
    ({"person": " "}, "empty_name"),
    ({"on": "next week"}, "bad_date"),
    ({"trust_felt": 6}, "bad_score"),
    ({"trust_felt": True}, "bad_score"),
    ({"signals": ["mind_reading"]}, "unknown_signal"),
    ({"what_i_did": "x" * 401}, "too_long"),
])
def test_bad_entries_are_refused_with_a_reason(script, change, reason):
    fields = {"person": "Joost", "on": "2026-11-20", "trust_felt": 3} | change
    with pytest.raises(Rejected) as caught:
        journal_entry(script, **fields)
    assert caught.value.reason == reason


def test_editing_keeps_the_id_and_creation_time(script):
    first = journal_entry(script, person="Ann", on="2026-11-01")
    edited = journal_entry(script, person="Ann", on="2026-11-02", entry_id=first.id,
                           created_at=first.created_at, trust_felt=5)
    assert (edited.id, edited.created_at, edited.on) == (first.id, first.created_at, "2026-11-02")


def test_trend_per_week_overall_and_per_person():
    entries = demo_journal("en", today=dt.date(2026, 11, 27))
    overall = trend(entries)
    assert [label for label, _, _ in overall] == sorted(label for label, _, _ in overall)
    assert len(overall) == 4
    ruud = trend(entries, "ruud")
    assert [round(felt, 1) for _, felt, _ in ruud] == [2.0, 3.0]
    assert ruud[0][2] == 2  # one listed signal and a free-text one


def test_a_kept_draft_is_no_entry_and_goes_with_the_entry_it_changes(script):
    from trust_tui.store import JournalRepository, Store

    journal = JournalRepository(Store())
    entry = journal_entry(script, person="Ann", on="2026-11-01")
    journal.save(entry)
    journal.keep_draft({"person": "Ann B", "entry_id": entry.id})
    assert [e.id for e in journal.all()] == [entry.id] and journal.damaged == []
    assert journal.draft() == {"person": "Ann B", "entry_id": entry.id}
    journal.erase(entry.id)  # erased: its half-written change goes too
    assert journal.draft() is None
    journal.keep_draft({"person": "Bob", "entry_id": None})
    journal.erase_all()
    assert journal.draft() is None
