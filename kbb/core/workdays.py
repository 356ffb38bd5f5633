"""Working days for due dates: Monday to Friday except Türkiye's official holidays (the
`holidays` package: fixed days and the Ramazan/Kurban bayramları by the lunar calendar;
the half days before them, arife and 28 Ekim, count as working days). Today in Istanbul."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

ISTANBUL = ZoneInfo("Europe/Istanbul")
_official_holidays = None
_lock = threading.Lock()


def _holidays():
    """Türkiye's official holidays, computed once (2020-2040 up front, so that threads only
    read; later years are added when first asked for)."""
    global _official_holidays
    if _official_holidays is None:
        with _lock:
            if _official_holidays is None:
                import holidays  # ~0.1 s: only when a due date is first computed

                _official_holidays = holidays.country_holidays("TR", years=range(2020, 2041))
    return _official_holidays


def local_today(now: datetime | None = None) -> date:
    """The calendar date in Istanbul (what 'today' means to the Union)."""
    return (now or datetime.now(ISTANBUL)).astimezone(ISTANBUL).date()


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays()


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (weekends and holidays skipped)."""
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
