"""Dates as people write them in each language, read with Babel's month names and date order."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

__all__ = ["DATE_LIMIT", "long_date", "parse_day", "short_date"]

DATE_LIMIT = 24
"""How many characters a date field takes: "15 september 2027", "September 15, 2027"."""

_NUMBERS = re.compile(r"^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})$")
_TOKENS = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)


@cache
def _months(lang: str) -> tuple[tuple[str, int], ...]:
    """Every way ``lang`` names a month (wide and abbreviated, no dots, lower case) → 1..12."""
    from babel.dates import get_month_names  # imported when used: keeps start-up quick

    names: list[tuple[str, int]] = []
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, locale=lang).items():
                names.append((name.lower().rstrip("."), number))
    return tuple(names)


@cache
def _numeric_order(lang: str) -> str:
    """The order of day, month and year in ``lang``'s short numeric date, e.g. 'dmy' or 'mdy'."""
    from babel.dates import get_date_format

    pattern = get_date_format("short", locale=lang).pattern
    order = ""
    for letter in pattern:
        part = {"d": "d", "M": "m", "y": "y"}.get(letter)
        if part and part not in order:
            order += part
    return order if len(order) == 3 else "dmy"


def _month(word: str, lang: str) -> int | None:
    word = word.lower().rstrip(".")
    names = _months(lang)
    for name, number in names:
        if word == name:
            return number
    if len(word) >= 3:  # "sept", "maa": the start of one month's full name
        found = {number for name, number in names if name.startswith(word)}
        if len(found) == 1:
            return found.pop()
    return None


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) <= 2 else year


_DAY_MONTH = re.compile(r"^(\d{1,2})[-/.](\d{1,2})$")


def parse_day(text: object, lang: str, *, today: dt.date | None = None,
              ahead: bool = True) -> dt.date:
    """A date as a person of ``lang`` writes it: ISO everywhere; in Dutch '15-01-2027', '15-1-2027',
    '15 jan 2027', '15 januari 2027'; in English 'Jan 15 2027', '15 Jan 2027', 'January 15, 2027'.
    Given ``today``, the year may be left out ('15 jan', '15-1', 'Jan 15'): the next such day
    from today on (``ahead``, for a date to aim at), or the last one up to today (for a day that
    has been). Raises ValueError when it is not one day (or could be two)."""
    written = " ".join(str(text).split())
    if not written:
        raise ValueError("no date")
    numbers = _NUMBERS.match(written)
    if numbers:
        first, second, third = numbers.groups()
        if len(first) == 4:
            return dt.date(int(first), int(second), int(third))
        if len(third) not in (2, 4):
            raise ValueError("no year")
        parts = dict(zip(_numeric_order(lang).replace("y", ""), (first, second), strict=True))
        return dt.date(_year(third), int(parts["m"]), int(parts["d"]))
    day_month = _DAY_MONTH.match(written)
    if day_month:
        parts = dict(zip(_numeric_order(lang).replace("y", ""), day_month.groups(), strict=True))
        return _in_year(int(parts["d"]), int(parts["m"]), today, ahead)
    tokens = _TOKENS.findall(written)
    leftover = _TOKENS.sub("", written).replace(",", "").replace(".", "").strip()
    if leftover or len(tokens) not in (2, 3):
        raise ValueError("not a date")
    words = [token for token in tokens if not token.isdigit()]
    digits = [token for token in tokens if token.isdigit()]
    if len(words) != 1 or len(digits) != len(tokens) - 1:
        raise ValueError("not a date")
    month = _month(words[0], lang)
    if month is None:
        raise ValueError("no month")
    if len(digits) == 1:
        if len(digits[0]) > 2:
            raise ValueError("no day")
        return _in_year(int(digits[0]), month, today, ahead)
    day, year = digits
    if len(day) > 2:
        day, year = year, day
    if len(day) > 2 or len(year) not in (2, 4):
        raise ValueError("not a date")
    return dt.date(_year(year), month, int(day))


def _in_year(day: int, month: int, today: dt.date | None, ahead: bool) -> dt.date:
    """Day and month without a year: the next one from ``today`` on, or the last one up to it."""
    if today is None:
        raise ValueError("no year")
    step = 1 if ahead else -1
    for years in range(5):  # 29 February waits for a leap year
        year = today.year + step * years
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue
        if (date >= today) if ahead else (date <= today):
            return date
    raise ValueError("not a date")


def short_date(iso: str | None, lang: str) -> str:
    """An ISO date shown as ``lang`` writes it briefly ('15 jan 2027', 'Jan 15, 2027'); a date
    the app can read back in that language."""
    return _written(iso, lang, "medium")


def long_date(iso: str | None, lang: str) -> str:
    """An ISO date (or date-time) written out for a reader of ``lang``."""
    return _written(iso, lang, "long")


def _written(iso: str | None, lang: str, form: str) -> str:
    if not iso:
        return ""
    try:
        day = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    from babel.dates import format_date  # imported when used: keeps start-up quick

    return format_date(day, format=form, locale=lang)
