"""A recommendation's life after the minutes (issue 15): reported done, verified, closed; deadlines extended

- recommendations.status takes the values open | reported | verified | closed | cancelled: the old
  in_progress becomes open (the unit has not reported it done) and done becomes reported (the unit said so,
  nobody has verified it yet).
- recommendations.original_deadline: the deadline as set in the minutes; deadline stays the current one
  (after extensions). done_on: the day the unit reported it done (of the accepted report); verified_on:
  the day it was verified (by a follow-up visit's item or by the supervisor).
- recommendation_steps: every step of the life, in order: reported, not_accepted, verified, not_verified,
  closed, extended, reopened… with its day (on_date), text, new deadline, who, the verifying follow-up visit
  and the evidence (documents or photos, by SHA-256 in blobs).

Plain ALTER TABLE ADD COLUMN (no table rebuild): the triggers on answers and visits stay as they are.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("recommendations", sa.Column("original_deadline", sa.Date(), nullable=True))
    op.add_column("recommendations", sa.Column("done_on", sa.Date(), nullable=True))
    op.add_column("recommendations", sa.Column("verified_on", sa.Date(), nullable=True))
    op.create_table(
        "recommendation_steps",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("recommendation_id", sa.Uuid(), nullable=False),
        # reported | not_accepted | verified | not_verified | closed | extended | reopened | cancelled
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),  # when it was recorded (UTC)
        sa.Column("on_date", sa.Date(), nullable=True),  # the day it happened (done on, verified on…)
        sa.Column("text", sa.Text(), nullable=False, server_default=""),
        sa.Column("new_deadline", sa.Date(), nullable=True),  # an extension's
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("visit_id", sa.Uuid(), nullable=True),  # the follow-up visit that verified it
        sa.Column("evidence", sa.JSON(), nullable=True),  # [{"name", "sha256", "size", "kind"}]
        sa.ForeignKeyConstraint(["recommendation_id"], ["recommendations.id"],
                                name=op.f("fk_recommendation_steps_recommendation_id_recommendations")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_recommendation_steps_user_id_users")),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"], name=op.f("fk_recommendation_steps_visit_id_visits")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendation_steps")),
    )
    op.create_index("ix_recommendation_steps_recommendation", "recommendation_steps", ["recommendation_id", "at"])

    op.execute("UPDATE recommendations SET status = 'open' WHERE status = 'in_progress'")
    op.execute("UPDATE recommendations SET status = 'reported' WHERE status = 'done'")
    op.execute("UPDATE recommendations SET original_deadline = deadline")
    # The day of the old "done"/"verified" (closed_at), in Vietnam time (UTC+7, no summer time).
    if op.get_bind().dialect.name == "postgresql":
        day = "CAST((closed_at AT TIME ZONE 'UTC' + INTERVAL '7 hours') AS DATE)"
    else:
        day = "date(closed_at, '+7 hours')"
    op.execute(f"UPDATE recommendations SET done_on = {day} WHERE status IN ('reported', 'verified') "
               "AND closed_at IS NOT NULL")
    op.execute(f"UPDATE recommendations SET verified_on = {day} WHERE status = 'verified' AND closed_at IS NOT NULL")


def downgrade() -> None:
    op.execute("UPDATE recommendations SET status = 'done' WHERE status = 'reported'")
    op.execute("UPDATE recommendations SET status = 'verified' WHERE status = 'closed'")
    op.drop_index("ix_recommendation_steps_recommendation", table_name="recommendation_steps")
    op.drop_table("recommendation_steps")
    # SQLite ≥ 3.35 drops a column in place (no rebuild), PostgreSQL too.
    op.drop_column("recommendations", "verified_on")
    op.drop_column("recommendations", "done_on")
    op.drop_column("recommendations", "original_deadline")
