"""Indexes for the lists: every filter and sort of the visits list, the answers counted on it, and the
recommendation lists to come

The visits list (services.lists.visit_keys) asks for the keys of the visits that pass a filter,
newest first, and reads rows only for the page on screen. Every filter includes "not deleted", so
each index puts deleted_at (always "IS NULL", an equality) before planned_date; SQLite's rowid is
the implicit last column of every index, so "planned_date DESC, rowid DESC" (newest first, the last
created first within a day) reads straight off the index: no temporary b-tree, and the index alone
answers (covering), without touching the wide visits rows.

- ix_visits_list (deleted_at, planned_date): the whole list, and a date range.
- ix_visits_round_list (round_id, deleted_at, planned_date): one round.
- ix_visits_status_list (status, deleted_at, planned_date): one status.
- ix_visits_point_list (reception_point_id, deleted_at, planned_date): one unit, through its reception
  points (and those of the units it continues); a short sort of that unit's few hundred visits.
- ix_answers_visit_result (visit_id, result, deleted_at): a page's items checked and failed, counted
  from the index alone for just the page's visits.
- ix_answers_failed, the same over the failed answers only (partial, about 2% of the answers): the
  failed items of every visit at once, for the list sorted by progress.
- ix_recommendations_status_deadline (status, deadline): open recommendations by deadline, the overdue
  first; ix_recommendations_owner_status (owner_unit_id, status, deadline): one unit's.

The single-column indexes on visits.round_id, visits.status, visits.reception_point_id,
answers.visit_id, recommendations.status and recommendations.owner_unit_id are dropped: each is the
leading column of a new index (answers.visit_id also of uq_answers_visit_item), which serves every
lookup it served, and one index fewer to keep up on each write.

Checked with EXPLAIN QUERY PLAN on a generated database of 50,000 visits (3.3 million answers):
the whole list newest or oldest first, one round, one status and a date range are each "SEARCH
visits USING COVERING INDEX" with no "USE TEMP B-TREE"; one unit is a covering search of its points
with a sort of its rows. The app never runs ANALYZE, so SQLite plans from the schema alone, the same
at 50 visits as at 50,000; visit_keys tells it what statistics would (likely(deleted_at IS NULL),
a status is not selective) so that it picks the index of the narrowest filter. Sorting by unit,
reception point, round, type, status or progress sorts the rows that pass the filter (a temporary
b-tree), since those keys live in other tables or are computed.

Building them on a database of 50,000 visits takes a few seconds, once.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (name, table, columns) created by this revision
NEW = [
    ("ix_visits_list", "visits", ["deleted_at", "planned_date"]),
    ("ix_visits_round_list", "visits", ["round_id", "deleted_at", "planned_date"]),
    ("ix_visits_status_list", "visits", ["status", "deleted_at", "planned_date"]),
    ("ix_visits_point_list", "visits", ["reception_point_id", "deleted_at", "planned_date"]),
    ("ix_answers_visit_result", "answers", ["visit_id", "result", "deleted_at"]),
    ("ix_answers_failed", "answers", ["visit_id", "result", "deleted_at"]),
    ("ix_recommendations_status_deadline", "recommendations", ["status", "deadline"]),
    ("ix_recommendations_owner_status", "recommendations", ["owner_unit_id", "status", "deadline"]),
]
FAILED = "result = 'khong_dat' AND deleted_at IS NULL"
PARTIAL = {"ix_answers_failed": {"sqlite_where": sa.text(FAILED), "postgresql_where": sa.text(FAILED)}}
# (name, table, columns) each a leading part of a new index above (or of uq_answers_visit_item), so dropped
OLD = [
    ("ix_visits_round_id", "visits", ["round_id"]),
    ("ix_visits_status", "visits", ["status"]),
    ("ix_visits_reception_point_id", "visits", ["reception_point_id"]),
    ("ix_answers_visit_id", "answers", ["visit_id"]),
    ("ix_recommendations_status", "recommendations", ["status"]),
    ("ix_recommendations_owner_unit_id", "recommendations", ["owner_unit_id"]),
]


def upgrade() -> None:
    for name, table, _columns in OLD:
        op.drop_index(name, table_name=table)
    for name, table, columns in NEW:
        op.create_index(name, table, columns, **PARTIAL.get(name, {}))


def downgrade() -> None:
    for name, table, _columns in NEW:
        op.drop_index(name, table_name=table)
    for name, table, columns in OLD:
        op.create_index(name, table, columns)
