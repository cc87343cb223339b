"""Citizens' quick satisfaction survey at the counter (issue 16): responses and their answers, per visit

- survey_responses: one respondent's questionnaire (kiosk or paper), belonging to a visit; form_version_id pins the
  survey form version (forms/survey/, kind khao_sat) current when the visit's first response was made. mode is
  'kiosk' | 'paper'; sheet_no the paper sheet's number; finished_at NULL: left before the end (idle) or still
  being entered: its answers count per item all the same. entered_by_id: the inspector running the kiosk or typing
  the paper. No name, phone, identity number, free text or photo of a respondent is stored anywhere.
- survey_answers: one answer per question: value 1..5 on the satisfaction scale, or choice (a context question's
  option code); unique (response_id, question_code).

Plain CREATE TABLE: nothing else changes.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-20
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "survey_responses",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("visit_id", sa.Uuid(), nullable=False),
        sa.Column("form_version_id", sa.Uuid(), nullable=False),
        sa.Column("mode", sa.String(10), nullable=False),
        sa.Column("sheet_no", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("entered_by_id", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"], name=op.f("fk_survey_responses_visit_id_visits")),
        sa.ForeignKeyConstraint(["form_version_id"], ["form_versions.id"],
                                name=op.f("fk_survey_responses_form_version_id_form_versions")),
        sa.ForeignKeyConstraint(["entered_by_id"], ["users.id"], name=op.f("fk_survey_responses_entered_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_responses")),
    )
    op.create_index("ix_survey_responses_visit", "survey_responses", ["visit_id", "deleted_at", "started_at"])
    op.create_table(
        "survey_answers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("response_id", sa.Uuid(), nullable=False),
        sa.Column("question_code", sa.String(40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.Column("choice", sa.String(40), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["response_id"], ["survey_responses.id"],
                                name=op.f("fk_survey_answers_response_id_survey_responses")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answers")),
        sa.UniqueConstraint("response_id", "question_code", name="uq_survey_answers_response_question"),
    )


def downgrade() -> None:
    op.drop_table("survey_answers")
    op.drop_index("ix_survey_responses_visit", table_name="survey_responses")
    op.drop_table("survey_responses")
