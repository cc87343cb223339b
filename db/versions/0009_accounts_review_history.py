"""Accounts with passwords and several roles, the supervisor's review, revisions of the minutes, a history
that names its user inside the hash

- users: password_hash (argon2id; "" = no password yet, cannot sign in), failed_attempts, locked_until,
  password_changed_at, must_change_password. The single users.role becomes user_roles (user_id, role):
  one person may hold several roles. Each user keeps the role they had.
- review_comments: the supervisor's comments on a submitted visit, on one item (item_code) or on the
  whole visit (item_code NULL), in the review cycle they belong to (visits.review_cycle counts the
  submissions).
- minutes_revisions: every issued revision of a visit's numbered minutes (its number, PDF by SHA-256,
  who issued it, when, why, and the history anchor printed on it). The first revision is the numbering;
  reopening an approved or numbered visit leads to the next one; an issued PDF is never replaced.
  Visits already numbered get their revision 1 from what they hold.
- audit_events: seq (the position in the chain, 1, 2, …) and scheme (how the hash is computed: 1 for
  the events written before this revision, 2 from now on, which covers seq and the acting user's id).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _keyed() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "user_roles",
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("role", sa.String(32), primary_key=True),
    )
    op.execute("INSERT INTO user_roles (user_id, role) SELECT id, role FROM users")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("role")
        batch.add_column(sa.Column("password_hash", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("failed_attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()))

    op.create_table(
        "review_comments",
        *_keyed(),
        sa.Column("visit_id", sa.Uuid(), sa.ForeignKey("visits.id"), nullable=False, index=True),
        sa.Column("item_code", sa.String(40), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("cycle", sa.Integer(), nullable=False),
    )
    op.add_column("visits", sa.Column("review_cycle", sa.Integer(), nullable=False, server_default="0"))

    op.create_table(
        "minutes_revisions",
        *_keyed(),
        sa.Column("visit_id", sa.Uuid(), sa.ForeignKey("visits.id"), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(60), nullable=False),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("blobs.sha256"), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False, server_default=""),
        sa.Column("anchor", sa.String(80), nullable=False, server_default=""),
        sa.UniqueConstraint("visit_id", "revision", name="uq_minutes_revisions_visit_revision"),
    )
    connection = op.get_bind()
    numbered = connection.execute(sa.text(
        "SELECT id, minutes_number, minutes_sha256, updated_at FROM visits "
        "WHERE minutes_number != '' AND deleted_at IS NULL")).all()
    revisions = sa.table("minutes_revisions", *(sa.column(c) for c in (
        "id", "created_at", "updated_at", "visit_id", "revision", "number", "sha256", "issued_at", "reason",
        "anchor")))
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = []
    for visit_id, number, sha256, updated_at in numbered:
        rows.append({"id": uuid.uuid4().hex, "created_at": now, "updated_at": now, "visit_id": visit_id,
                     "revision": 1, "number": number, "sha256": sha256 or None,
                     "issued_at": updated_at or now, "reason": "", "anchor": ""})
    if rows:
        connection.execute(sa.insert(revisions), rows)

    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("scheme", sa.Integer(), nullable=False, server_default="1"))
    ordered = connection.execute(sa.text("SELECT id FROM audit_events ORDER BY at, rowid" if
                                         connection.dialect.name == "sqlite" else
                                         "SELECT id FROM audit_events ORDER BY at")).all()
    events = sa.table("audit_events", sa.column("id"), sa.column("seq"))
    for n, (event_id,) in enumerate(ordered, start=1):
        connection.execute(sa.update(events).where(events.c.id == event_id).values(seq=n))
    op.create_index("ux_audit_events_seq", "audit_events", ["seq"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_audit_events_seq", table_name="audit_events")
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("scheme")
        batch.drop_column("seq")
    op.drop_table("minutes_revisions")
    # not a rebuild of visits: the triggers on answers (0008) name it, and a rebuilt table cannot be renamed
    # under them (SQLite 3.35 drops a plain column in place)
    op.execute("ALTER TABLE visits DROP COLUMN review_cycle")
    op.drop_table("review_comments")
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("role", sa.String(32), nullable=False, server_default="inspector"))
        for column in ("must_change_password", "password_changed_at", "locked_until", "failed_attempts",
                       "password_hash"):
            batch.drop_column(column)
    # each user keeps one role: the highest they hold
    op.execute("""UPDATE users SET role = coalesce((SELECT r.role FROM user_roles r WHERE r.user_id = users.id
                  ORDER BY CASE r.role WHEN 'admin' THEN 0 WHEN 'supervisor' THEN 1 WHEN 'clerk' THEN 2 ELSE 3 END
                  LIMIT 1), 'inspector')""")
    op.drop_table("user_roles")
