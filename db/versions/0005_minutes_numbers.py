"""Minutes numbers as numbers, unique per issuing body and year

Visits get minutes_seq (the number as an integer), minutes_year (the year it
counts in) and minutes_body (the issuing body as a comparison key), and a
unique index over the three. minutes_number stays: the text printed on the
locked PDF.

The backfill reads the existing minutes_number ("12/BB-ĐKT", "012/BB-ĐKT",
"12"). A number with anything but digits ("3a/BB-ĐKT") cannot be a seq and
keeps seq NULL: still locked, still printed and found by its text. Where old
data already holds one number twice for the same body and year, the first
visit numbered (by created_at) keeps it and the later ones keep seq NULL, so
the index can be built; nothing else about them changes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

import re
import unicodedata
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VIETNAM = timedelta(hours=7)  # UTC+7, no daylight saving
MAX_NUMBER = 999_999

# A frozen copy of inspector.services.minutes.body_key as of this revision (a migration must not
# change meaning when the app's code does later). tests/test_minutes_numbers.py checks they agree.
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_OLD_TONE_PLACEMENT = re.compile(f"(o)([ae])([{_TONE_MARKS}])(?!\\w)|(u)(y)([{_TONE_MARKS}])(?!\\w)")


def body_key(issuer: str) -> str:
    text = " ".join(unicodedata.normalize("NFC", issuer).split()).casefold()
    text = re.sub(r"^ubnd(?=\s|$)", "ủy ban nhân dân", text)
    decomposed = unicodedata.normalize("NFD", text)
    decomposed = _OLD_TONE_PLACEMENT.sub(
        lambda m: m.group(1) + m.group(3) + m.group(2) if m.group(1) else m.group(4) + m.group(6) + m.group(5),
        decomposed,
    )
    return unicodedata.normalize("NFC", decomposed)


def parse_seq(minutes_number: str) -> int | None:
    head = unicodedata.normalize("NFKC", minutes_number or "").strip().partition("/")[0].strip()
    if not re.fullmatch(r"[0-9]+", head):
        return None
    number = int(head)
    return number if 1 <= number <= MAX_NUMBER else None


def _as_datetime(value: object) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _as_date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _local_year(moment: datetime) -> int:
    if moment.tzinfo is not None:  # SQLite keeps naive UTC; be safe with anything else
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return (moment + VIETNAM).year


def minutes_year(started_at: object, planned_date: object, created_at: object) -> int:
    """The year of the date the minutes bear: the local (UTC+7) start date, else the planned date."""
    started = _as_datetime(started_at)
    if started is not None:
        return _local_year(started)
    planned = _as_date(planned_date)
    if planned is not None:
        return planned.year
    created = _as_datetime(created_at)
    return _local_year(created) if created is not None else datetime.now(UTC).year


def upgrade() -> None:
    op.add_column("visits", sa.Column("minutes_seq", sa.Integer(), nullable=True))
    op.add_column("visits", sa.Column("minutes_year", sa.Integer(), nullable=True))
    op.add_column("visits", sa.Column("minutes_body", sa.String(length=300), nullable=False, server_default=""))

    bind = op.get_bind()
    city = bind.execute(sa.text(
        "SELECT name FROM units WHERE level = 'city' ORDER BY sort_order LIMIT 1")).scalar() or ""
    rows = bind.execute(sa.text(
        "SELECT v.id, v.minutes_number, v.started_at, v.planned_date, v.created_at, r.decision_issuer"
        " FROM visits v LEFT JOIN rounds r ON r.id = v.round_id"
        " WHERE v.minutes_number != '' ORDER BY v.created_at, v.id")).all()
    taken: set[tuple[str, int, int]] = set()
    for visit_id, number, started_at, planned_date, created_at, issuer in rows:
        body = body_key(issuer or city)
        year = minutes_year(started_at, planned_date, created_at)
        seq = parse_seq(number)
        if seq is not None:
            if (body, year, seq) in taken:
                seq = None  # a later duplicate: the first visit numbered keeps the number
            else:
                taken.add((body, year, seq))
        bind.execute(
            sa.text("UPDATE visits SET minutes_seq = :seq, minutes_year = :year, minutes_body = :body WHERE id = :id"),
            {"seq": seq, "year": year, "body": body, "id": visit_id},
        )

    op.create_index("ux_visits_minutes_number", "visits", ["minutes_body", "minutes_year", "minutes_seq"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_visits_minutes_number", table_name="visits")
    with op.batch_alter_table("visits") as batch_op:
        batch_op.drop_column("minutes_body")
        batch_op.drop_column("minutes_year")
        batch_op.drop_column("minutes_seq")
