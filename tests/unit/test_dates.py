"""Dates as people write them in Dutch and English, and shown in each language's style."""

from __future__ import annotations

import datetime as dt

import pytest

from trust_tui.core.dates import parse_day, short_date

JAN_15 = dt.date(2027, 1, 15)


@pytest.mark.parametrize("written", ["15-01-2027", "15-1-2027", "15 jan 2027", "15 jan. 2027",
                                     "15 januari 2027", "15 Januari 2027", "2027-01-15",
                                     "15/1/2027", "15.01.2027", " 15  januari  2027 "])
def test_dutch_dates_as_people_write_them(written):
    assert parse_day(written, "nl") == JAN_15


@pytest.mark.parametrize("written", ["2027-01-15", "Jan 15 2027", "15 Jan 2027",
                                     "January 15, 2027", "jan 15, 2027", "1/15/2027"])
def test_english_dates_as_people_write_them(written):
    assert parse_day(written, "en") == JAN_15


def test_dutch_month_names_and_abbreviations_come_from_babel():
    assert parse_day("3 maart 2027", "nl") == dt.date(2027, 3, 3)
    assert parse_day("3 mrt 2027", "nl") == dt.date(2027, 3, 3)
    assert parse_day("1 mei 2027", "nl") == dt.date(2027, 5, 1)
    assert parse_day("Sept 3, 2027", "en") == dt.date(2027, 9, 3)


@pytest.mark.parametrize("written", ["", "next week", "15", "32-01-2027", "15-13-2027",
                                     "15 foo 2027", "ju 15 2027", "15 jan 2027 extra", "jan",
                                     "15 jan 3", "2027 jan", "31 feb", "15-13", "1-2-3-4"])
def test_what_is_not_one_day_is_refused(written):
    with pytest.raises(ValueError):
        parse_day(written, "nl", today=dt.date(2026, 11, 28))


def test_without_a_today_a_date_needs_its_year():
    with pytest.raises(ValueError):
        parse_day("15 jan", "nl")


@pytest.mark.parametrize(("written", "lang", "ahead", "meant"), [
    ("12 dec", "nl", True, dt.date(2026, 12, 12)),  # later this year
    ("12-12", "nl", True, dt.date(2026, 12, 12)),
    ("Dec 12", "en", True, dt.date(2026, 12, 12)),
    ("15 jan", "nl", True, dt.date(2027, 1, 15)),  # already past this year: next year's
    ("1/15", "en", True, dt.date(2027, 1, 15)),  # month first, as in English dates
    ("28 nov", "nl", True, dt.date(2026, 11, 28)),  # today counts
    ("29 feb", "nl", True, dt.date(2028, 2, 29)),  # the next leap year
    ("12 dec", "nl", False, dt.date(2025, 12, 12)),  # a day that has been: last year's
    ("3 november", "nl", False, dt.date(2026, 11, 3)),
    ("29 feb", "en", False, dt.date(2024, 2, 29)),
])
def test_a_date_without_its_year_is_the_next_such_day_or_the_last(written, lang, ahead, meant):
    assert parse_day(written, lang, today=dt.date(2026, 11, 28), ahead=ahead) == meant


def test_shown_in_the_languages_style_and_read_back():
    assert short_date("2027-01-15", "nl") == "15 jan 2027"
    assert short_date("2027-01-15", "en") == "Jan 15, 2027"
    for lang in ("nl", "en"):
        assert parse_day(short_date("2027-09-30", lang), lang) == dt.date(2027, 9, 30)
    assert short_date(None, "nl") == ""


def test_the_engine_and_the_journal_take_a_dutch_date(script):
    from tests.ui.sessions import meeting_at
    from trust_tui.core.journal import journal_entry

    engine = meeting_at("destination", lang="nl")
    engine.do("set_destination", look_again_on="15-01-2027")
    assert engine.session.destination.look_again_on == "2027-01-15"
    entry = journal_entry(script, person="Sanne", on="15 januari 2027", lang="nl")
    assert entry.on == "2027-01-15"


def test_the_engine_aims_ahead_and_the_journal_looks_back_without_a_year(script):
    """A small step's date, or the next look, lies ahead; a journal step has been taken."""
    from tests.ui.sessions import meeting_at
    from trust_tui.core.journal import journal_entry

    engine = meeting_at("destination", lang="nl")
    noon = dt.datetime(2026, 11, 28, 12, 0)
    engine.clock = noon.timestamp
    engine.do("set_destination", look_again_on="15 jan")
    assert engine.session.destination.look_again_on == "2027-01-15"
    entry = journal_entry(script, person="Sanne", on="12 dec", lang="nl", now=lambda: noon)
    assert entry.on == "2025-12-12"
