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
                                     "15 foo 2027", "ju 15 2027", "15 jan", "15 jan 2027 extra"])
def test_what_is_not_one_day_is_refused(written):
    with pytest.raises(ValueError):
        parse_day(written, "nl")


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
