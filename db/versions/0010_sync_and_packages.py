"""One team, many machines: the database's own identity, history chains per machine, visits checked out to a
laptop, sync state and conflicts, trusted signers and imported packages (issue 14)

- meta: key/value facts about this database; "origin" is its own random id (32 hex), the name of its history
  chain when that chain is copied to another database (services.sync).
- audit_events.origin: "" for this database's own chain; a machine's origin for a chain copied from it (a laptop's
  history pushed to the server). seq is unique per chain: ux_audit_events_seq becomes (origin, seq).
- visits.checked_out_to / checked_out_by_id / checked_out_at: the origin of the laptop that holds the visit for
  editing until it syncs back (NULL: at home, where it is).
- sync_peers: the machines this database syncs with or received data from (a server, laptops, package signers),
  with their watermarks (marks) and times.
- sync_conflicts: an edit that conflicted anyway, kept for the supervisor to settle (never dropped).
- trusted_signers: Ed25519 public keys whose data packages this database accepts; imported_packages: every
  package imported (its id and hash), so a replayed package is refused.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String(60), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.execute(sa.text("INSERT INTO meta (key, value) VALUES ('origin', :origin)").bindparams(origin=uuid.uuid4().hex))

    # Plain ALTER TABLE ADD COLUMN (no table rebuild): visits and audit_events keep their triggers and indexes.
    op.add_column("audit_events", sa.Column("origin", sa.String(32), nullable=False, server_default=""))
    op.drop_index("ux_audit_events_seq", table_name="audit_events")
    op.create_index("ux_audit_events_origin_seq", "audit_events", ["origin", "seq"], unique=True)

    op.add_column("visits", sa.Column("checked_out_to", sa.String(32), nullable=True))
    op.add_column("visits", sa.Column("checked_out_by_id", sa.Uuid(), nullable=True))
    op.add_column("visits", sa.Column("checked_out_at", sa.DateTime(timezone=True), nullable=True))

    op.create_table(
        "sync_peers",
        sa.Column("origin", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, server_default=""),
        sa.Column("kind", sa.String(20), nullable=False),  # server | laptop | package
        sa.Column("url", sa.String(300), nullable=False, server_default=""),  # a server's address, no password
        sa.Column("marks", sa.JSON(), nullable=True),  # watermarks per table
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_pull_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_push_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "sync_conflicts",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("entity_type", sa.String(60), nullable=False),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("visit_id", sa.Uuid(), nullable=True),
        sa.Column("peer", sa.String(32), nullable=False),
        sa.Column("local", sa.JSON(), nullable=True),
        sa.Column("remote", sa.JSON(), nullable=True),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("settled_by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("resolution", sa.String(20), nullable=False, server_default=""),  # "" | local | remote
    )
    op.create_index("ix_sync_conflicts_open", "sync_conflicts", ["settled_at", "detected_at"])
    op.create_table(
        "trusted_signers",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("public_key", sa.String(64), nullable=False, unique=True),  # Ed25519, raw 32 bytes as hex
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("origin", sa.String(32), nullable=False, server_default=""),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "imported_packages",
        sa.Column("package_id", sa.String(64), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("signer", sa.String(64), nullable=False),
        sa.Column("exported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("summary", sa.JSON(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("imported_packages")
    op.drop_table("trusted_signers")
    op.drop_index("ix_sync_conflicts_open", table_name="sync_conflicts")
    op.drop_table("sync_conflicts")
    op.drop_table("sync_peers")
    op.drop_column("visits", "checked_out_at")
    op.drop_column("visits", "checked_out_by_id")
    op.drop_column("visits", "checked_out_to")
    op.drop_index("ux_audit_events_origin_seq", table_name="audit_events")
    op.execute("DELETE FROM audit_events WHERE origin <> ''")
    op.create_index("ux_audit_events_seq", "audit_events", ["seq"], unique=True)
    op.drop_column("audit_events", "origin")
    op.drop_table("meta")
