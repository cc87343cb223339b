"""Times: stored in UTC, shown and printed in Vietnam's time (UTC+7, no daylight saving)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

VIETNAM = timezone(timedelta(hours=7), "ICT")


def local(moment: datetime) -> datetime:
    return moment.astimezone(VIETNAM)


def local_today(now: datetime | None = None) -> date:
    return local(now or datetime.now(UTC)).date()


def from_local(day: date, hour: int, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIETNAM).astimezone(UTC)
