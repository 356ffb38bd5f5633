"""Working days (Monday-Friday) for due dates; today in Europe/Istanbul."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

ISTANBUL = ZoneInfo("Europe/Istanbul")


def local_today(now: datetime | None = None) -> date:
    """The calendar date in Istanbul (what 'today' means to the Union)."""
    return (now or datetime.now(ISTANBUL)).astimezone(ISTANBUL).date()


def is_working_day(day: date) -> bool:
    return day.weekday() < 5


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (weekends skipped)."""
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]: how far the clock moves from ``start`` to ``end``."""
    if end <= start:
        return 0
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
