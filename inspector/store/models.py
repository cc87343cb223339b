"""The database schema as SQLAlchemy 2 typed ORM classes.

Every row has a random UUID key so that records created on several laptops
can later be merged into one server database without renumbering, and
created/updated timestamps (UTC). Visits, answers, evidence and
recommendations are never deleted: they carry ``deleted_at`` instead, and a
flush that tries to delete one is refused.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import ForeignKey, event
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from inspector.domain.catalog import Role, TeamRole, UnitLevel
from inspector.domain.checklist import FormKind
from inspector.domain.workflow import RecommendationStatus, Result, VisitStatus
from inspector.store.types import EnumText, UTCDateTime, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING)
    type_annotation_map = {
        datetime: UTCDateTime(),
        dict[str, Any]: sa.JSON(),
    }


class Keyed:
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SoftDeleted:
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)


# --- catalogue -------------------------------------------------------------------------------


class Dated:
    """Valid from/until (both days included; None: open-ended). The map changes with the law: a unit
    or reception point is never rewritten in place, it ends and its successors begin."""

    valid_from: Mapped[date | None] = mapped_column(default=None)
    valid_until: Mapped[date | None] = mapped_column(default=None)

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until)


class Unit(Keyed, Dated, Base):
    """Cơ quan, đơn vị: a province or ward People's Committee, a department, a public-service centre."""

    __tablename__ = "units"
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    short_name: Mapped[str] = mapped_column(sa.String(120), default="")
    level: Mapped[UnitLevel] = mapped_column(EnumText(UnitLevel))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("units.id"), index=True)
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    sort_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    parent: Mapped[Unit | None] = relationship(remote_side="Unit.id", back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent", order_by="Unit.sort_order")
    reception_points: Mapped[list[ReceptionPoint]] = relationship(
        back_populates="unit", order_by="ReceptionPoint.name"
    )


class ReceptionPoint(Keyed, Dated, Base):
    """Bộ phận tiếp nhận và trả kết quả (Bộ phận Một cửa) of a unit."""

    __tablename__ = "reception_points"
    unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    active: Mapped[bool] = mapped_column(default=True)

    unit: Mapped[Unit] = relationship(back_populates="reception_points")
    staff: Mapped[list[StaffMember]] = relationship(
        back_populates="reception_point", order_by="StaffMember.full_name"
    )


class Succession:
    """Who continues whom (kế thừa): a merger gives several rows with one successor, a split several
    successors, a rename one row; ``kind`` is SuccessionKind."""

    kind: Mapped[str] = mapped_column(sa.String(20))
    effective_on: Mapped[date]
    note: Mapped[str] = mapped_column(sa.Text, default="")


class UnitSuccession(Keyed, Succession, Base):
    __tablename__ = "unit_successions"
    __table_args__ = (sa.UniqueConstraint("predecessor_id", "successor_id", name="uq_unit_successions_pair"),)
    predecessor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("units.id"), index=True)
    successor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("units.id"), index=True)


class PointSuccession(Keyed, Succession, Base):
    __tablename__ = "point_successions"
    __table_args__ = (sa.UniqueConstraint("predecessor_id", "successor_id", name="uq_point_successions_pair"),)
    predecessor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("reception_points.id"), index=True)
    successor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("reception_points.id"), index=True)


class InspectingBody(Keyed, Dated, Base):
    """Cơ quan kiểm tra: the body whose name heads the minutes (e.g. Sở Nội vụ under UBND tỉnh Vĩnh Long).

    Chosen per round; its parent (cơ quan chủ quản), place name (địa danh), minutes symbol (ký hiệu,
    "BB-SNV") and the titles of its signature blocks print on the minutes. Numbers run per body
    and year.
    """

    __tablename__ = "inspecting_bodies"
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(300))            # "Sở Nội vụ"
    parent_name: Mapped[str] = mapped_column(sa.String(300), default="")   # "Ủy ban nhân dân tỉnh Vĩnh Long"
    place_name: Mapped[str] = mapped_column(sa.String(120))      # "Vĩnh Long"
    minutes_symbol: Mapped[str] = mapped_column(sa.String(40))   # "BB-SNV"
    leader_title: Mapped[str] = mapped_column(sa.String(120), default="Trưởng đoàn kiểm tra")
    recorder_title: Mapped[str] = mapped_column(sa.String(120), default="Thư ký đoàn kiểm tra")
    # The unit the body belongs to, when it is in the catalogue (a ward's Phòng Văn hóa - Xã hội).
    unit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("units.id"), default=None)
    sort_order: Mapped[int] = mapped_column(default=0)


class LegalDocument(Keyed, Base):
    """Văn bản pháp luật cited by checklist items: the register (forms/legal/*.toml) kept in the database."""

    __tablename__ = "legal_documents"
    key: Mapped[str] = mapped_column(sa.String(40), unique=True)     # "ND-118-2025"
    kind: Mapped[str] = mapped_column(sa.String(60))                 # "Nghị định"
    number: Mapped[str] = mapped_column(sa.String(60))               # "118/2025/NĐ-CP"
    signed_on: Mapped[date | None] = mapped_column(default=None)
    issuer: Mapped[str] = mapped_column(sa.String(200), default="")
    title: Mapped[str] = mapped_column(sa.Text, default="")
    in_force_from: Mapped[date | None] = mapped_column(default=None)
    in_force_until: Mapped[date | None] = mapped_column(default=None)   # last day in force
    replaced_by: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    note: Mapped[str] = mapped_column(sa.Text, default="")


class StaffMember(Keyed, Base):
    """Công chức, viên chức working at a reception point."""

    __tablename__ = "staff_members"
    reception_point_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("reception_points.id"), index=True)
    full_name: Mapped[str] = mapped_column(sa.String(120))
    position: Mapped[str] = mapped_column(sa.String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)

    reception_point: Mapped[ReceptionPoint] = relationship(back_populates="staff")


class UserRole(Base):
    """One role a user holds (vai trò); a person may hold several (an inspector who is also the clerk)."""

    __tablename__ = "user_roles"
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), primary_key=True)
    role: Mapped[Role] = mapped_column(EnumText(Role), primary_key=True)


class User(Keyed, Base):
    """Người dùng: inspector, supervisor, clerk or administrator of the inspecting body."""

    __tablename__ = "users"
    username: Mapped[str] = mapped_column(sa.String(60), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(120))
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    unit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("units.id"))
    active: Mapped[bool] = mapped_column(default=True)
    # argon2id (services.accounts); "" = no password set yet: the user cannot sign in until one is given
    password_hash: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    failed_attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(default=None)
    password_changed_at: Mapped[datetime | None] = mapped_column(default=None)
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    def __init__(self, *, role: Role | None = None, roles: Any = (), **fields: Any) -> None:
        """``role=`` (one) or ``roles=`` (several)."""
        super().__init__(**fields)
        wanted = [*roles, *([role] if role is not None else [])]
        self.role_rows = [UserRole(role=Role(r)) for r in dict.fromkeys(wanted)]

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(r.role for r in self.role_rows)

    def has_role(self, *roles: Role) -> bool:
        """Holds any of ``roles``."""
        return not self.roles.isdisjoint(roles)

    @property
    def role(self) -> Role:
        """The role shown beside the name: the highest held (administrator, supervisor, clerk, inspector)."""
        return min(self.roles, key=ROLE_ORDER.index) if self.roles else Role.INSPECTOR

    @classmethod
    def holding(cls, role: Role) -> sa.ColumnElement[bool]:
        """SQL: the user holds ``role``."""
        return cls.role_rows.any(UserRole.role == role)


ROLE_ORDER = (Role.ADMIN, Role.SUPERVISOR, Role.CLERK, Role.INSPECTOR)


class ChecklistForm(Keyed, Base):
    """Phiếu kiểm tra, identified by a stable code; its content lives in FormVersion."""

    __tablename__ = "checklist_forms"
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    kind: Mapped[FormKind] = mapped_column(EnumText(FormKind))

    versions: Mapped[list[FormVersion]] = relationship(
        back_populates="form", order_by="FormVersion.version"
    )


class FormVersion(Keyed, Base):
    """A stored copy of one version of a form; a visit pins one and never follows later edits."""

    __tablename__ = "form_versions"
    __table_args__ = (sa.UniqueConstraint("form_id", "version", name="uq_form_versions_form_version"),)
    form_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("checklist_forms.id"), index=True)
    version: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(300))
    definition: Mapped[dict[str, Any]]
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    source_name: Mapped[str] = mapped_column(sa.String(300), default="")

    form: Mapped[ChecklistForm] = relationship(back_populates="versions")


# --- inspection rounds and visits --------------------------------------------------------------


class Round(Keyed, Base):
    """Đợt kiểm tra, founded on an inspection decision (quyết định kiểm tra)."""

    __tablename__ = "rounds"
    name: Mapped[str] = mapped_column(sa.String(300))
    decision_number: Mapped[str] = mapped_column(sa.String(60))
    decision_date: Mapped[date]
    decision_issuer: Mapped[str] = mapped_column(sa.String(300), default="")
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    # None on rounds made before inspecting bodies were data: decision_issuer stands in.
    inspecting_body_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("inspecting_bodies.id"), default=None)

    inspecting_body: Mapped[InspectingBody | None] = relationship()
    members: Mapped[list[RoundMember]] = relationship(
        back_populates="round", order_by="RoundMember.sort_order", cascade="all, delete-orphan"
    )
    visits: Mapped[list[Visit]] = relationship(back_populates="round")


class RoundMember(Keyed, Base):
    """Thành viên đoàn kiểm tra; may be a user of the app or someone from another agency."""

    __tablename__ = "round_members"
    round_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("rounds.id"), index=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    full_name: Mapped[str] = mapped_column(sa.String(120))
    position: Mapped[str] = mapped_column(sa.String(200), default="")
    team_role: Mapped[TeamRole] = mapped_column(EnumText(TeamRole))
    sort_order: Mapped[int] = mapped_column(default=0)

    round: Mapped[Round] = relationship(back_populates="members")


class Visit(Keyed, SoftDeleted, Base):
    """One inspection of one reception point (buổi kiểm tra), announced or not."""

    __tablename__ = "visits"
    # One minutes number per issuing body and year (Decree 30/2020: numbers restart each year);
    # NULLs (visits not numbered) do not collide.
    # The visits list filters by each of round, point and status, and always by deleted_at, then reads
    # newest first: one index per filter ends with the planned date (db/versions/0007_list_indexes.py).
    __table_args__ = (
        sa.Index("ux_visits_minutes_number", "minutes_body", "minutes_year", "minutes_seq", unique=True),
        sa.Index("ix_visits_list", "deleted_at", "planned_date"),
        sa.Index("ix_visits_round_list", "round_id", "deleted_at", "planned_date"),
        sa.Index("ix_visits_status_list", "status", "deleted_at", "planned_date"),
        sa.Index("ix_visits_point_list", "reception_point_id", "deleted_at", "planned_date"),
        sa.Index("ix_visits_progress_list", "deleted_at", "failed_count", "checked_count", "planned_date"),
    )
    round_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("rounds.id"))
    reception_point_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("reception_points.id"))
    form_version_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("form_versions.id"))
    previous_visit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("visits.id"))
    status: Mapped[VisitStatus] = mapped_column(EnumText(VisitStatus), default=VisitStatus.PLANNED)
    announced: Mapped[bool] = mapped_column(default=True)
    planned_date: Mapped[date | None]
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    location: Mapped[str] = mapped_column(sa.String(300), default="")
    good_points: Mapped[str] = mapped_column(sa.Text, default="")
    shortcomings: Mapped[str] = mapped_column(sa.Text, default="")
    conclusions: Mapped[str] = mapped_column(sa.Text, default="")
    unit_opinion: Mapped[str] = mapped_column(sa.Text, default="")
    current_item_code: Mapped[str] = mapped_column(sa.String(40), default="")
    minutes_number: Mapped[str] = mapped_column(sa.String(60), default="")
    minutes_sha256: Mapped[str] = mapped_column(sa.String(64), default="")
    # The number as a number (minutes_number above is the printed text, "07/BB-ĐKT"), the year it
    # counts in and the issuing body as a comparison key (services.minutes.body_key).
    minutes_seq: Mapped[int | None] = mapped_column(default=None)
    minutes_year: Mapped[int | None] = mapped_column(default=None)
    minutes_body: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    # The concrete form of a follow-up visit, with items generated at its start; None: the pinned version as is.
    form_snapshot: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    # Derived, kept true by triggers on answers (db/versions/0008_visit_counts.py), never written by the app:
    # its answers not deleted that are checked, and failed. The visits list shows and sorts by them.
    checked_count: Mapped[int] = mapped_column(default=0, server_default="0")
    failed_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # How many times the visit was submitted for review (services.review): comments belong to a cycle.
    review_cycle: Mapped[int] = mapped_column(default=0, server_default="0")
    # Checked out to a laptop (its meta "origin") for editing there until it syncs back; None: editable here.
    checked_out_to: Mapped[str | None] = mapped_column(sa.String(32), default=None)
    checked_out_by_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    checked_out_at: Mapped[datetime | None] = mapped_column(default=None)

    round: Mapped[Round | None] = relationship(back_populates="visits")
    reception_point: Mapped[ReceptionPoint] = relationship()
    form_version: Mapped[FormVersion] = relationship()
    representatives: Mapped[list[VisitRepresentative]] = relationship(
        back_populates="visit", order_by="VisitRepresentative.sort_order"
    )
    answers: Mapped[list[Answer]] = relationship(back_populates="visit")
    evidence: Mapped[list[Evidence]] = relationship(back_populates="visit")
    recommendations: Mapped[list[Recommendation]] = relationship(
        back_populates="visit", foreign_keys="Recommendation.visit_id"
    )


class VisitRepresentative(Keyed, Base):
    """Đại diện đơn vị được kiểm tra present at the visit."""

    __tablename__ = "visit_representatives"
    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visits.id"), index=True)
    full_name: Mapped[str] = mapped_column(sa.String(120))
    position: Mapped[str] = mapped_column(sa.String(200), default="")
    sort_order: Mapped[int] = mapped_column(default=0)

    visit: Mapped[Visit] = relationship(back_populates="representatives")


answer_staff = sa.Table(
    "answer_staff",
    Base.metadata,
    sa.Column("answer_id", sa.Uuid, ForeignKey("answers.id"), primary_key=True),
    sa.Column("staff_member_id", sa.Uuid, ForeignKey("staff_members.id"), primary_key=True),
)


class Answer(Keyed, SoftDeleted, Base):
    """Kết quả kiểm tra một nội dung: Đạt / Không đạt / Không áp dụng, note, numbers, staff concerned."""

    __tablename__ = "answers"
    # A visit's items checked and failed are counted from the index alone (visit_id, result, deleted_at);
    # the failed ones of every visit (the visits list sorted by progress) from a partial index of them only.
    __table_args__ = (
        sa.UniqueConstraint("visit_id", "item_code", name="uq_answers_visit_item"),
        sa.Index("ix_answers_visit_result", "visit_id", "result", "deleted_at"),
        sa.Index("ix_answers_failed", "visit_id", "result", "deleted_at",
                 sqlite_where=sa.text("result = 'khong_dat' AND deleted_at IS NULL"),
                 postgresql_where=sa.text("result = 'khong_dat' AND deleted_at IS NULL")),
    )
    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visits.id"))
    item_code: Mapped[str] = mapped_column(sa.String(40))
    result: Mapped[Result] = mapped_column(EnumText(Result), default=Result.UNCHECKED)
    values: Mapped[dict[str, Any]] = mapped_column(default=dict)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))

    visit: Mapped[Visit] = relationship(back_populates="answers")
    staff: Mapped[list[StaffMember]] = relationship(secondary=answer_staff)
    evidence: Mapped[list[Evidence]] = relationship(back_populates="answer")


class Blob(Base):
    """Content-addressed bytes (photos, signed scans): the key is the SHA-256 of the data."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    size: Mapped[int]
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Evidence(Keyed, SoftDeleted, Base):
    """Ảnh, tài liệu minh chứng attached to a visit and usually to one answer."""

    __tablename__ = "evidence"
    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visits.id"), index=True)
    answer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("answers.id"), index=True)
    blob_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    # "photo": evidence for a finding; "signed_minutes": a scan of the signed paper minutes
    kind: Mapped[str] = mapped_column(sa.String(20), default="photo", server_default="photo")
    media_type: Mapped[str] = mapped_column(sa.String(60))
    width: Mapped[int | None]
    height: Mapped[int | None]
    original_name: Mapped[str] = mapped_column(sa.String(300), default="")
    caption: Mapped[str] = mapped_column(sa.Text, default="")
    taken_at: Mapped[datetime | None]
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))

    visit: Mapped[Visit] = relationship(back_populates="evidence")
    answer: Mapped[Answer | None] = relationship(back_populates="evidence")
    blob: Mapped[Blob] = relationship()


class Recommendation(Keyed, SoftDeleted, Base):
    """Kiến nghị, yêu cầu khắc phục: what the unit must fix, who owns it, by when."""

    __tablename__ = "recommendations"
    # The recommendation lists: by state and deadline (what is overdue), and a unit's by state.
    __table_args__ = (
        sa.Index("ix_recommendations_status_deadline", "status", "deadline"),
        sa.Index("ix_recommendations_owner_status", "owner_unit_id", "status", "deadline"),
    )
    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visits.id"), index=True)
    answer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("answers.id"))
    text: Mapped[str] = mapped_column(sa.Text)
    owner_unit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("units.id"))
    deadline: Mapped[date | None]  # the current one, after extensions
    status: Mapped[RecommendationStatus] = mapped_column(
        EnumText(RecommendationStatus), default=RecommendationStatus.OPEN
    )
    status_note: Mapped[str] = mapped_column(sa.Text, default="")
    closed_at: Mapped[datetime | None]
    verified_in_visit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("visits.id"))
    original_deadline: Mapped[date | None] = mapped_column(default=None)  # as set in the minutes
    done_on: Mapped[date | None] = mapped_column(default=None)  # the unit's accepted report: done on that day
    verified_on: Mapped[date | None] = mapped_column(default=None)

    visit: Mapped[Visit] = relationship(back_populates="recommendations", foreign_keys=[visit_id])
    owner_unit: Mapped[Unit | None] = relationship()


class RecommendationStep(Base):
    """One step of a recommendation's life after the minutes (services.remediation): the unit reported it done,
    the report was not accepted, it was verified (by a follow-up visit: visit_id) or not, closed, its deadline
    extended (new_deadline, with the reason in text). Evidence: [{"name", "sha256", "size", "kind"}] in blobs."""

    __tablename__ = "recommendation_steps"
    __table_args__ = (sa.Index("ix_recommendation_steps_recommendation", "recommendation_id", "at"),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    recommendation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("recommendations.id"))
    kind: Mapped[str] = mapped_column(sa.String(20))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    on_date: Mapped[date | None] = mapped_column(default=None)
    text: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    new_deadline: Mapped[date | None] = mapped_column(default=None)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    visit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("visits.id"), default=None)
    evidence: Mapped[list[dict[str, Any]] | None] = mapped_column(sa.JSON, default=None)


class SurveyResponse(Keyed, SoftDeleted, Base):
    """Phiếu khảo sát nhanh tại điểm: one respondent's answers at the kiosk or from one paper sheet, belonging to a
    visit. ``form_version_id`` pins the survey form version (services.survey); ``finished_at`` None: left before the
    end (idle) or still being typed, its answers count per item all the same. Nothing identifies the respondent."""

    __tablename__ = "survey_responses"
    __table_args__ = (sa.Index("ix_survey_responses_visit", "visit_id", "deleted_at", "started_at"),)
    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visits.id"))
    form_version_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("form_versions.id"))
    mode: Mapped[str] = mapped_column(sa.String(10))  # kiosk | paper
    sheet_no: Mapped[int | None] = mapped_column(default=None)  # the paper sheet's number
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    entered_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)

    answers: Mapped[list[SurveyAnswer]] = relationship(back_populates="response",
                                                       order_by="SurveyAnswer.answered_at")


class SurveyAnswer(Keyed, Base):
    """One answer of a survey response: ``value`` 1..5 on the satisfaction scale, or ``choice`` (a context
    question's option code)."""

    __tablename__ = "survey_answers"
    __table_args__ = (sa.UniqueConstraint("response_id", "question_code", name="uq_survey_answers_response_question"),)
    response_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("survey_responses.id"))
    question_code: Mapped[str] = mapped_column(sa.String(40))
    value: Mapped[int | None] = mapped_column(default=None)
    choice: Mapped[str | None] = mapped_column(sa.String(40), default=None)
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")


class ReviewComment(Keyed, Base):
    """Ý kiến của người duyệt: on one item (item_code) or on the whole visit (item_code None), in the review
    cycle (the visit's n-th submission) it answers."""

    __tablename__ = "review_comments"
    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visits.id"), index=True)
    item_code: Mapped[str | None] = mapped_column(sa.String(40), default=None)
    text: Mapped[str] = mapped_column(sa.Text)
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    cycle: Mapped[int]


class MinutesRevision(Keyed, Base):
    """One issued revision of a visit's numbered minutes (lần ban hành): 1 at numbering, 2… after a reopening.
    The PDF (blobs, by SHA-256) is kept as issued and never replaced; ``anchor`` is the history anchor
    printed on it (services.audit)."""

    __tablename__ = "minutes_revisions"
    __table_args__ = (sa.UniqueConstraint("visit_id", "revision", name="uq_minutes_revisions_visit_revision"),)
    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visits.id"))
    revision: Mapped[int]
    number: Mapped[str] = mapped_column(sa.String(60))
    sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))
    issued_at: Mapped[datetime]
    issued_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    anchor: Mapped[str] = mapped_column(sa.String(80), default="", server_default="")


class AuditEvent(Base):
    """Nhật ký thay đổi: who changed what, when, before and after; hash-chained to show tampering.

    ``seq`` is the event's place in the chain (1, 2, …); ``scheme`` says what its hash covers: 1 for the
    events written before revision 0009, 2 (seq and the acting user's id as well) since."""

    __tablename__ = "audit_events"
    __table_args__ = (sa.Index("ux_audit_events_origin_seq", "origin", "seq", unique=True),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    actor: Mapped[str] = mapped_column(sa.String(120), default="")
    action: Mapped[str] = mapped_column(sa.String(60))
    entity_type: Mapped[str] = mapped_column(sa.String(60))
    entity_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]
    prev_hash: Mapped[str] = mapped_column(sa.String(64), default="")
    hash: Mapped[str] = mapped_column(sa.String(64))
    seq: Mapped[int | None] = mapped_column(default=None)
    scheme: Mapped[int] = mapped_column(default=1, server_default="1")
    # "" : this database's own chain; else the origin (meta "origin") of the machine whose chain this event
    # belongs to, copied here by a sync or a package (services.sync). seq is unique per chain.
    origin: Mapped[str] = mapped_column(sa.String(32), default="", server_default="")


class Meta(Base):
    """Facts about this database (key/value): "origin" is its own random id, the name of its history chain and of
    this machine to the others it syncs with (db/versions/0010_sync_and_packages.py)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    value: Mapped[str] = mapped_column(sa.Text)


class SyncPeer(Base):
    """A machine this database syncs with or received data from: the server, a laptop, a package's signer."""

    __tablename__ = "sync_peers"
    origin: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    kind: Mapped[str] = mapped_column(sa.String(20))  # server | laptop | package
    url: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")  # never with a password
    marks: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime | None] = mapped_column(default=None)
    last_pull_at: Mapped[datetime | None] = mapped_column(default=None)
    last_push_at: Mapped[datetime | None] = mapped_column(default=None)


class SyncConflict(Base):
    """An edit that conflicted despite the check-out, kept with both versions for the supervisor to settle."""

    __tablename__ = "sync_conflicts"
    __table_args__ = (sa.Index("ix_sync_conflicts_open", "settled_at", "detected_at"),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    entity_type: Mapped[str] = mapped_column(sa.String(60))
    entity_id: Mapped[str] = mapped_column(sa.String(64))
    visit_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    peer: Mapped[str] = mapped_column(sa.String(32))
    local: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    remote: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    detected_at: Mapped[datetime] = mapped_column(default=utcnow)
    settled_at: Mapped[datetime | None] = mapped_column(default=None)
    settled_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    resolution: Mapped[str] = mapped_column(sa.String(20), default="", server_default="")


class TrustedSigner(Base):
    """An Ed25519 public key whose signed data packages this database accepts."""

    __tablename__ = "trusted_signers"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    public_key: Mapped[str] = mapped_column(sa.String(64), unique=True)  # raw 32 bytes, hex
    name: Mapped[str] = mapped_column(sa.String(200))
    origin: Mapped[str] = mapped_column(sa.String(32), default="", server_default="")
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    added_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)


class ImportedPackage(Base):
    """A data package imported here (services.packages): a second import of the same package is refused."""

    __tablename__ = "imported_packages"
    package_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    signer: Mapped[str] = mapped_column(sa.String(64))
    exported_at: Mapped[datetime | None] = mapped_column(default=None)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    imported_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    summary: Mapped[dict[str, Any] | None] = mapped_column(default=None)


NEVER_DELETED = (Visit, Answer, Evidence, Recommendation, AuditEvent, Blob, SurveyResponse)


class HardDeleteRefused(RuntimeError):
    pass


@event.listens_for(Session, "before_flush")
def _refuse_hard_delete(session: Session, flush_context: Any, instances: Any) -> None:
    for obj in session.deleted:
        if isinstance(obj, NEVER_DELETED):
            raise HardDeleteRefused(f"{type(obj).__name__} rows are never deleted; set deleted_at instead")
