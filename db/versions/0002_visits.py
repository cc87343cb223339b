"""Inspection work: rounds, visits, answers, evidence, recommendations, audit trail

Everything an inspection produces. Enum columns are plain strings so adding a
state never needs a migration.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('blobs',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_blobs'))
    )

    op.create_table('audit_events',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('entity_type', sa.String(length=60), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_events_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_entity_id'), ['entity_id'], unique=False)

    op.create_table('rounds',
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('decision_number', sa.String(length=60), nullable=False),
    sa.Column('decision_date', sa.Date(), nullable=False),
    sa.Column('decision_issuer', sa.String(length=300), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_rounds_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rounds'))
    )

    op.create_table('round_members',
    sa.Column('round_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('position', sa.String(length=200), nullable=False),
    sa.Column('team_role', sa.String(length=32), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_round_members_round_id_rounds')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_round_members_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round_members'))
    )
    with op.batch_alter_table('round_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_members_round_id'), ['round_id'], unique=False)

    op.create_table('visits',
    sa.Column('round_id', sa.Uuid(), nullable=True),
    sa.Column('reception_point_id', sa.Uuid(), nullable=False),
    sa.Column('form_version_id', sa.Uuid(), nullable=False),
    sa.Column('previous_visit_id', sa.Uuid(), nullable=True),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('announced', sa.Boolean(), nullable=False),
    sa.Column('planned_date', sa.Date(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('location', sa.String(length=300), nullable=False),
    sa.Column('good_points', sa.Text(), nullable=False),
    sa.Column('shortcomings', sa.Text(), nullable=False),
    sa.Column('conclusions', sa.Text(), nullable=False),
    sa.Column('unit_opinion', sa.Text(), nullable=False),
    sa.Column('current_item_code', sa.String(length=40), nullable=False),
    sa.Column('minutes_number', sa.String(length=60), nullable=False),
    sa.Column('minutes_sha256', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_visits_created_by_id_users')),
    sa.ForeignKeyConstraint(['form_version_id'], ['form_versions.id'], name=op.f('fk_visits_form_version_id_form_versions')),
    sa.ForeignKeyConstraint(['previous_visit_id'], ['visits.id'], name=op.f('fk_visits_previous_visit_id_visits')),
    sa.ForeignKeyConstraint(['reception_point_id'], ['reception_points.id'], name=op.f('fk_visits_reception_point_id_reception_points')),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_visits_round_id_rounds')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visits'))
    )
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visits_reception_point_id'), ['reception_point_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visits_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visits_status'), ['status'], unique=False)

    op.create_table('answers',
    sa.Column('visit_id', sa.Uuid(), nullable=False),
    sa.Column('item_code', sa.String(length=40), nullable=False),
    sa.Column('result', sa.String(length=32), nullable=False),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered_by_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_answers_answered_by_id_users')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_answers_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answers')),
    sa.UniqueConstraint('visit_id', 'item_code', name='uq_answers_visit_item')
    )
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answers_visit_id'), ['visit_id'], unique=False)

    op.create_table('visit_representatives',
    sa.Column('visit_id', sa.Uuid(), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('position', sa.String(length=200), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_visit_representatives_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_representatives'))
    )
    with op.batch_alter_table('visit_representatives', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_representatives_visit_id'), ['visit_id'], unique=False)

    op.create_table('answer_staff',
    sa.Column('answer_id', sa.Uuid(), nullable=False),
    sa.Column('staff_member_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['answer_id'], ['answers.id'], name=op.f('fk_answer_staff_answer_id_answers')),
    sa.ForeignKeyConstraint(['staff_member_id'], ['staff_members.id'], name=op.f('fk_answer_staff_staff_member_id_staff_members')),
    sa.PrimaryKeyConstraint('answer_id', 'staff_member_id', name=op.f('pk_answer_staff'))
    )

    op.create_table('evidence',
    sa.Column('visit_id', sa.Uuid(), nullable=False),
    sa.Column('answer_id', sa.Uuid(), nullable=True),
    sa.Column('blob_sha256', sa.String(length=64), nullable=False),
    sa.Column('media_type', sa.String(length=60), nullable=False),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('original_name', sa.String(length=300), nullable=False),
    sa.Column('caption', sa.Text(), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['answer_id'], ['answers.id'], name=op.f('fk_evidence_answer_id_answers')),
    sa.ForeignKeyConstraint(['blob_sha256'], ['blobs.sha256'], name=op.f('fk_evidence_blob_sha256_blobs')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_evidence_created_by_id_users')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_evidence_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_answer_id'), ['answer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_visit_id'), ['visit_id'], unique=False)

    op.create_table('recommendations',
    sa.Column('visit_id', sa.Uuid(), nullable=False),
    sa.Column('answer_id', sa.Uuid(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('owner_unit_id', sa.Uuid(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('status_note', sa.Text(), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('verified_in_visit_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['answer_id'], ['answers.id'], name=op.f('fk_recommendations_answer_id_answers')),
    sa.ForeignKeyConstraint(['owner_unit_id'], ['units.id'], name=op.f('fk_recommendations_owner_unit_id_units')),
    sa.ForeignKeyConstraint(['verified_in_visit_id'], ['visits.id'], name=op.f('fk_recommendations_verified_in_visit_id_visits')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_recommendations_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendations'))
    )
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendations_owner_unit_id'), ['owner_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_recommendations_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_recommendations_visit_id'), ['visit_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendations_visit_id'))
        batch_op.drop_index(batch_op.f('ix_recommendations_status'))
        batch_op.drop_index(batch_op.f('ix_recommendations_owner_unit_id'))

    op.drop_table('recommendations')

    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_visit_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_answer_id'))

    op.drop_table('evidence')

    op.drop_table('answer_staff')

    with op.batch_alter_table('visit_representatives', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_representatives_visit_id'))

    op.drop_table('visit_representatives')

    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answers_visit_id'))

    op.drop_table('answers')

    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visits_status'))
        batch_op.drop_index(batch_op.f('ix_visits_round_id'))
        batch_op.drop_index(batch_op.f('ix_visits_reception_point_id'))

    op.drop_table('visits')

    with op.batch_alter_table('round_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_members_round_id'))

    op.drop_table('round_members')

    op.drop_table('rounds')

    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_entity_id'))
        batch_op.drop_index(batch_op.f('ix_audit_events_at'))

    op.drop_table('audit_events')

    op.drop_table('blobs')
