"""Today's map and today's law as dated data

Units and reception points get valid_from/valid_until; unit_successions and
point_successions link what ended to what continues it (merge, split,
rename); inspecting_bodies (cơ quan kiểm tra: name, parent, place name,
minutes symbol, signature titles, validity) are chosen per round;
legal_documents is the register that checklist items cite.

Existing rows are left as they are: units and points without dates are valid
on every day, rounds without an inspecting body keep their decision issuer.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _keyed() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def _succession(table: str, target: str) -> None:
    op.create_table(
        table,
        sa.Column("predecessor_id", sa.Uuid(), nullable=False),
        sa.Column("successor_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_keyed(),
        sa.ForeignKeyConstraint(["predecessor_id"], [f"{target}.id"], name=op.f(f"fk_{table}_predecessor_id_{target}")),
        sa.ForeignKeyConstraint(["successor_id"], [f"{target}.id"], name=op.f(f"fk_{table}_successor_id_{target}")),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint("predecessor_id", "successor_id", name=f"uq_{table}_pair"),
    )
    op.create_index(op.f(f"ix_{table}_predecessor_id"), table, ["predecessor_id"])
    op.create_index(op.f(f"ix_{table}_successor_id"), table, ["successor_id"])


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild): these tables are referenced by others' foreign keys.
    for table in ("units", "reception_points"):
        op.add_column(table, sa.Column("valid_from", sa.Date(), nullable=True))
        op.add_column(table, sa.Column("valid_until", sa.Date(), nullable=True))
    _succession("unit_successions", "units")
    _succession("point_successions", "reception_points")
    op.create_table(
        "inspecting_bodies",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("parent_name", sa.String(length=300), nullable=False),
        sa.Column("place_name", sa.String(length=120), nullable=False),
        sa.Column("minutes_symbol", sa.String(length=40), nullable=False),
        sa.Column("leader_title", sa.String(length=120), nullable=False),
        sa.Column("recorder_title", sa.String(length=120), nullable=False),
        sa.Column("unit_id", sa.Uuid(), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        *_keyed(),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_inspecting_bodies_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspecting_bodies")),
        sa.UniqueConstraint("code", name=op.f("uq_inspecting_bodies_code")),
    )
    op.create_table(
        "legal_documents",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("issuer", sa.String(length=200), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("in_force_from", sa.Date(), nullable=True),
        sa.Column("in_force_until", sa.Date(), nullable=True),
        sa.Column("replaced_by", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_keyed(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_documents")),
        sa.UniqueConstraint("key", name=op.f("uq_legal_documents_key")),
    )
    with op.batch_alter_table("rounds") as batch_op:
        batch_op.add_column(sa.Column("inspecting_body_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_rounds_inspecting_body_id_inspecting_bodies"), "inspecting_bodies", ["inspecting_body_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("rounds") as batch_op:
        batch_op.drop_column("inspecting_body_id")
    op.drop_table("legal_documents")
    op.drop_table("inspecting_bodies")
    op.drop_table("point_successions")
    op.drop_table("unit_successions")
    for table in ("reception_points", "units"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("valid_until")
            batch_op.drop_column("valid_from")
