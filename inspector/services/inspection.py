"""Running a visit: every answer, note, number, photo and summary field committed as it is given.

``Inspection`` is the facade the visit screen talks to. Each method is one
unit of work (one session, committed before it returns), so whatever the
screen shows as saved is on disk, whatever happens next.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from inspector.domain.assessment import (
    MAX_NOTE_LENGTH,
    AnswerState,
    Blocker,
    check_value,
    items_sharing,
    numeric_result,
    shortcomings_text,
    submission_blockers,
)
from inspector.domain.catalog import Role, TeamRole
from inspector.domain.checklist import ChecklistForm, Item, ItemType
from inspector.domain.clock import local
from inspector.domain.text import clean, clean_multiline, thousands
from inspector.domain.workflow import RecommendationStatus, Result, VisitStatus
from inspector.services import access, audit
from inspector.services.access import SIGNED_IN, allowed, open_to_all
from inspector.services.catalog import StaffRow
from inspector.services.legal import item_bases
from inspector.services.photos import PreparedPhoto, prepare_photo_bytes, prepare_photo_file
from inspector.services.sync.checkout import require_here
from inspector.services.visits import VisitError, visit_form
from inspector.store.db import Database
from inspector.store.models import (
    Answer,
    Blob,
    Evidence,
    ReceptionPoint,
    Recommendation,
    StaffMember,
    Unit,
    Visit,
    VisitRepresentative,
    answer_staff,
)
from inspector.store.types import utcnow

MAX_SUMMARY_LENGTH = 50_000
MAX_NAME_LENGTH = 120
MAX_RECOMMENDATION_LENGTH = 4_000


@dataclass(frozen=True)
class PhotoRow:
    id: uuid.UUID
    sha256: str
    item_code: str
    caption: str
    width: int | None
    height: int | None


@dataclass(frozen=True)
class ItemAnswer:
    item_code: str
    result: Result
    note: str
    values: dict[str, int]
    staff_ids: tuple[uuid.UUID, ...]
    photos: tuple[PhotoRow, ...]

    def state(self) -> AnswerState:
        return AnswerState(self.item_code, self.result, self.note, self.values, len(self.photos), len(self.staff_ids))


@dataclass(frozen=True)
class RecommendationRow:
    id: uuid.UUID
    text: str
    owner_unit_id: uuid.UUID | None
    owner_name: str
    deadline: date | None
    item_code: str
    status: RecommendationStatus


@dataclass(frozen=True)
class Person:
    full_name: str
    position: str
    role: TeamRole | None = None


@dataclass(frozen=True)
class VisitView:
    id: uuid.UUID
    status: VisitStatus
    announced: bool
    round_name: str
    decision: str
    unit_id: uuid.UUID
    unit_name: str
    point_id: uuid.UUID
    point_name: str
    planned_date: date | None
    started_at: datetime | None
    ended_at: datetime | None
    location: str
    team: tuple[Person, ...]
    representatives: tuple[Person, ...]
    form: ChecklistForm
    answers: dict[str, ItemAnswer]
    staff: tuple[StaffRow, ...]
    current_item_code: str
    good_points: str
    shortcomings: str
    conclusions: str
    unit_opinion: str
    recommendations: tuple[RecommendationRow, ...]
    may_edit: bool = True  # the reader is an inspector of the visit's team (services.access.require_team)

    @property
    def editable(self) -> bool:
        """The visit can still change, and by this reader."""
        return self.status.editable and self.may_edit

    def states(self) -> dict[str, AnswerState]:
        return {code: a.state() for code, a in self.answers.items()}


@dataclass(frozen=True)
class _Stored:
    """What set_value needs of a stored answer, read without loading ORM objects."""

    id: uuid.UUID
    values: dict
    result: Result
    note: str


def _empty_answer(code: str) -> ItemAnswer:
    return ItemAnswer(code, Result.UNCHECKED, "", {}, (), ())


def _check_length(text: str, limit: int, what: str) -> str:
    if len(text) > limit:
        raise VisitError(
            f"{what} dài {thousands(len(text))} ký tự, quá giới hạn {thousands(limit)} ký tự. "
            "Hãy rút gọn; nội dung đã lưu trước đó vẫn giữ nguyên."
        )
    return text


class Inspection:
    """Visit operations for one user on one database."""

    def __init__(self, db: Database, user_id: uuid.UUID | None = None) -> None:
        self.db = db
        self.user_id = user_id
        self._forms: dict[uuid.UUID, ChecklistForm] = {}
        self.listeners: list[Callable[[uuid.UUID], None]] = []  # called with the visit id after a change

    # --- reading ---------------------------------------------------------------------------

    @open_to_all
    def form_of(self, session: Session, visit: Visit) -> ChecklistForm:
        form = self._forms.get(visit.id)
        if form is None:  # pinned at visit start; never changes afterwards
            form = self._forms[visit.id] = visit_form(visit)
        return form

    @allowed(SIGNED_IN)
    def open_visit(self, visit_id: uuid.UUID) -> VisitView:
        with self.db.session() as session:
            visit = self._visit(session, visit_id)
            form = self.form_of(session, visit)
            point = session.get(ReceptionPoint, visit.reception_point_id, options=[selectinload(ReceptionPoint.unit)])
            assert point is not None
            answers = {a.item_code: self._answer_row(a) for a in self._answers(session, visit.id)}
            team: tuple[Person, ...] = ()
            round_name = decision = ""
            if visit.round is not None:
                team = tuple(Person(m.full_name, m.position, m.team_role) for m in visit.round.members)
                round_name = visit.round.name
                decision = f"Quyết định số {visit.round.decision_number} ngày {visit.round.decision_date:%d/%m/%Y}"
            staff = session.scalars(
                sa.select(StaffMember).where(StaffMember.reception_point_id == point.id).order_by(StaffMember.full_name)
            ).all()
            return VisitView(
                id=visit.id, status=visit.status, announced=visit.announced, round_name=round_name,
                decision=decision, unit_id=point.unit_id, unit_name=point.unit.name, point_id=point.id,
                point_name=point.name, planned_date=visit.planned_date, started_at=visit.started_at,
                ended_at=visit.ended_at, location=visit.location, team=team,
                representatives=tuple(Person(r.full_name, r.position) for r in visit.representatives),
                form=form, answers=answers,
                staff=tuple(StaffRow(s.id, s.full_name, s.position) for s in staff if s.active),
                current_item_code=visit.current_item_code, good_points=visit.good_points,
                shortcomings=visit.shortcomings, conclusions=visit.conclusions, unit_opinion=visit.unit_opinion,
                recommendations=tuple(self._recommendation_rows(session, visit.id)),
                may_edit=self._may_edit(session, visit),
            )

    @allowed(SIGNED_IN)
    def legal_bases(self, visit_id: uuid.UUID) -> dict[str, str]:
        """Each item's legal basis as printed (code → text), citations read through the register in the database."""
        with self.db.session() as session:
            visit = self._visit(session, visit_id)
            return item_bases(session, self.form_of(session, visit))

    @allowed(SIGNED_IN)
    def answer(self, visit_id: uuid.UUID, item_code: str) -> ItemAnswer:
        with self.db.session() as session:
            row = self._find_answer(session, visit_id, item_code)
            return self._answer_row(row) if row else _empty_answer(item_code)

    @allowed(SIGNED_IN)
    def photo_bytes(self, sha256: str) -> bytes:
        with self.db.session() as session:
            blob = session.get(Blob, sha256)
            if blob is None:
                raise VisitError("Không tìm thấy ảnh.")
            return blob.data

    @allowed(SIGNED_IN)
    def blockers(self, visit_id: uuid.UUID) -> list[Blocker]:
        with self.db.session() as session:
            visit = self._visit(session, visit_id)
            return self._blockers(session, visit)

    # --- answering -------------------------------------------------------------------------

    @allowed(Role.INSPECTOR)
    def set_result(self, visit_id: uuid.UUID, item_code: str, result: Result) -> ItemAnswer:
        """Đạt / Không đạt / Không áp dụng, or back to unchecked."""
        with self.db.session() as session:
            visit, item = self._editable_item(session, visit_id, item_code)
            if item.type is ItemType.NUMERIC and result in (Result.PASS, Result.FAIL):
                raise VisitError(f"{item.code} được tính từ số liệu; hãy nhập các con số.")
            if result is not Result.UNCHECKED and result not in item.answers:
                raise VisitError(f"{item.code} không cho phép chọn “{result.label}”.")
            answer = self._answer_for(session, visit, item_code)
            before = answer.result
            answer.result = result
            answer.answered_at = utcnow()
            answer.answered_by_id = self.user_id
            self._touch(session, visit, item_code)
            self._audit(session, "answer.result", answer, {"result": str(before)}, {"result": str(result)})
            row = self._answer_row(answer)
        self._changed(visit_id)
        return row

    @allowed(Role.INSPECTOR)
    def set_note(self, visit_id: uuid.UUID, item_code: str, note: str) -> ItemAnswer:
        note = _check_length(clean_multiline(note), MAX_NOTE_LENGTH, "Ghi chú")
        with self.db.session() as session:
            visit, _item = self._editable_item(session, visit_id, item_code)
            answer = self._answer_for(session, visit, item_code)
            if answer.note != note:
                before = answer.note
                answer.note = note
                self._touch(session, visit, item_code)
                self._audit(session, "answer.note", answer, {"note": before}, {"note": note})
            row = self._answer_row(answer)
        self._changed(visit_id)
        return row

    @allowed(Role.INSPECTOR)
    def set_value(self, visit_id: uuid.UUID, item_code: str, field_code: str, value: int | None) -> dict[str, ItemAnswer]:
        """One number of a numeric item; items sharing the field get it too and are re-decided.

        One number may be shared by thousands of items (a sample size), and this runs on every
        keystroke while holding the write lock: the sharing answers are read with one SELECT,
        the missing ones created with one INSERT, the others written with one executemany UPDATE,
        and the change goes to the audit trail as one event for the field (the item typed into,
        with every item it re-decided), not one per item.
        """
        with self.db.session() as session:
            visit, item = self._editable_item(session, visit_id, item_code)
            if item.type is not ItemType.NUMERIC:
                raise VisitError(f"{item.code} không phải nội dung nhập số liệu.")
            if value is not None:
                problem = check_value(item, field_code, value)
                if problem:
                    raise VisitError(problem)
            elif not any(f.code == field_code for f in item.fields):
                raise VisitError(f"Nội dung {item.code} không có ô số liệu '{field_code}'.")
            form = self.form_of(session, visit)
            # An item whose own limits refuse the number keeps its own.
            sharing = [o for o in items_sharing(form, field_code) if value is None or not check_value(o, field_code, value)]
            codes = [o.code for o in sharing]
            stored = {
                row.item_code: _Stored(row.id, row.stored_values or {}, row.result, row.note)
                for row in session.execute(
                    sa.select(Answer.id, Answer.item_code, Answer.values.label("stored_values"), Answer.result, Answer.note)
                    .where(Answer.visit_id == visit.id, Answer.item_code.in_(codes))
                )
            }
            now = utcnow()
            inserts: list[dict] = []
            updates: list[dict] = []
            new_values: dict[str, dict[str, int]] = {}
            new_results: dict[str, Result] = {}
            before_items: dict[str, list] = {}  # code: [its number before, its result before]
            after_items: dict[str, str] = {}  # code: its result now (its number is `value`)
            for other in sharing:
                row = stored.get(other.code)
                old = dict(row.values) if row is not None else {}
                values = dict(old)
                if value is None:
                    values.pop(field_code, None)
                else:
                    values[field_code] = value
                result = numeric_result(other, values)
                new_values[other.code], new_results[other.code] = values, result
                before_items[other.code] = [old.get(field_code), str(row.result if row else Result.UNCHECKED)]
                after_items[other.code] = str(result)
                changes = {"values": values, "result": result, "answered_at": now, "answered_by_id": self.user_id,
                           "updated_at": now}
                if row is None:
                    inserts.append({"id": uuid.uuid4(), "visit_id": visit.id, "item_code": other.code, "note": "",
                                    "created_at": now, **changes})
                else:
                    updates.append({"id": row.id, **changes})
            if inserts:
                session.execute(sa.insert(Answer), inserts)
            if updates:
                session.execute(sa.update(Answer), updates)  # ORM bulk UPDATE by primary key: one executemany
            if visit.status is VisitStatus.PLANNED:
                self._begin(session, visit, now)
            self._touch(session, visit, item_code)
            typed_id = stored[item_code].id if item_code in stored else next(r["id"] for r in inserts if r["item_code"] == item_code)
            typed_before = dict(stored[item_code].values) if item_code in stored else {}
            # One event for the change of the field: the item typed into, its numbers and result,
            # and every item that took the number with its number/result before and result after.
            audit.record(
                session, "answer.values", "answer", typed_id, user_id=self.user_id,
                before={"item": item_code, "field": field_code, "values": typed_before,
                        "result": before_items[item_code][1], "items": before_items},
                after={"item": item_code, "field": field_code, "value": value, "values": new_values[item_code],
                       "result": str(new_results[item_code]), "items": after_items},
            )
            staff, photos = self._staff_and_photos(session, visit.id, codes)
            rows = {
                code: ItemAnswer(
                    item_code=code, result=new_results[code],
                    note=stored[code].note if code in stored else "",
                    values={k: int(v) for k, v in new_values[code].items()},
                    staff_ids=tuple(staff.get(code, ())), photos=tuple(photos.get(code, ())),
                )
                for code in codes
            }
        self._changed(visit_id)
        return rows

    def _staff_and_photos(
        self, session: Session, visit_id: uuid.UUID, codes: list[str]
    ) -> tuple[dict[str, list[uuid.UUID]], dict[str, list[PhotoRow]]]:
        """Staff named and photos of these items' answers: two statements whatever the number of items."""
        wanted = set(codes)
        staff: dict[str, list[uuid.UUID]] = {}
        for code, staff_id in session.execute(
            sa.select(Answer.item_code, answer_staff.c.staff_member_id)
            .join(answer_staff, answer_staff.c.answer_id == Answer.id)
            .where(Answer.visit_id == visit_id)
        ):
            if code in wanted:
                staff.setdefault(code, []).append(staff_id)
        photos: dict[str, list[PhotoRow]] = {}
        for row in session.execute(
            sa.select(Answer.item_code, Evidence.id, Evidence.blob_sha256, Evidence.caption, Evidence.width, Evidence.height)
            .join(Answer, Evidence.answer_id == Answer.id)
            .where(Evidence.visit_id == visit_id, Evidence.deleted_at.is_(None))
            .order_by(Evidence.created_at)
        ):
            if row.item_code in wanted:
                photos.setdefault(row.item_code, []).append(
                    PhotoRow(row.id, row.blob_sha256, row.item_code, row.caption, row.width, row.height))
        return staff, photos

    @allowed(Role.INSPECTOR)
    def set_staff(self, visit_id: uuid.UUID, item_code: str, staff_ids: Iterable[uuid.UUID]) -> ItemAnswer:
        ids = list(dict.fromkeys(staff_ids))
        with self.db.session() as session:
            visit, _item = self._editable_item(session, visit_id, item_code)
            members = session.scalars(sa.select(StaffMember).where(StaffMember.id.in_(ids))).all() if ids else []
            if any(m.reception_point_id != visit.reception_point_id for m in members) or len(members) != len(ids):
                raise VisitError("Chỉ chọn được công chức của Bộ phận Một cửa đang kiểm tra.")
            answer = self._answer_for(session, visit, item_code)
            before = sorted(str(s.id) for s in answer.staff)
            answer.staff = list(members)
            self._touch(session, visit, item_code)
            self._audit(session, "answer.staff", answer, {"staff": before}, {"staff": sorted(str(i) for i in ids)})
            row = self._answer_row(answer)
        self._changed(visit_id)
        return row

    @allowed(Role.INSPECTOR)
    def add_staff_member(self, visit_id: uuid.UUID, full_name: str, position: str = "") -> StaffRow:
        """A staff member met at the counter who is not in the catalogue yet."""
        full_name, position = clean(full_name), clean(position)
        if not full_name:
            raise VisitError("Hãy nhập họ và tên công chức.")
        _check_length(full_name, MAX_NAME_LENGTH, "Họ và tên")
        _check_length(position, 200, "Chức vụ")
        with self.db.session() as session:
            visit = self._editable(session, visit_id)
            member = StaffMember(reception_point_id=visit.reception_point_id, full_name=full_name, position=position)
            session.add(member)
            session.flush()
            audit.record(session, "staff.added_on_site", "staff_member", member.id, user_id=self.user_id,
                         after={"full_name": full_name, "position": position, "visit": str(visit_id)})
            row = StaffRow(member.id, member.full_name, member.position)
        self._changed(visit_id)
        return row

    # --- photos ----------------------------------------------------------------------------

    @allowed(Role.INSPECTOR)
    def add_photo(self, visit_id: uuid.UUID, item_code: str, path: Path, caption: str = "") -> PhotoRow:
        return self._store_photo(visit_id, item_code, prepare_photo_file(path), caption)

    @allowed(Role.INSPECTOR)
    def add_photo_bytes(self, visit_id: uuid.UUID, item_code: str, data: bytes, name: str = "", caption: str = "") -> PhotoRow:
        return self._store_photo(visit_id, item_code, prepare_photo_bytes(data, name), caption)

    def _store_photo(self, visit_id: uuid.UUID, item_code: str, photo: PreparedPhoto, caption: str) -> PhotoRow:
        caption = _check_length(clean(caption), 1000, "Chú thích ảnh")
        # A file name is text from outside too: on Linux an undecodable byte arrives as a lone surrogate.
        original_name = clean(photo.original_name)[:300]
        with self.db.session() as session:
            visit, _item = self._editable_item(session, visit_id, item_code)
            answer = self._answer_for(session, visit, item_code)
            if session.get(Blob, photo.sha256) is None:
                session.add(Blob(sha256=photo.sha256, size=len(photo.data), data=photo.data))
            evidence = Evidence(
                visit_id=visit.id, answer_id=answer.id, blob_sha256=photo.sha256, media_type=photo.media_type,
                width=photo.width, height=photo.height, original_name=original_name,
                caption=caption, taken_at=photo.taken_at or utcnow(), created_by_id=self.user_id,
            )
            session.add(evidence)
            self._touch(session, visit, item_code)
            session.flush()
            audit.record(session, "evidence.added", "evidence", evidence.id, user_id=self.user_id,
                         after={"item": item_code, "sha256": photo.sha256, "name": original_name, "visit": str(visit.id)})
            row = PhotoRow(evidence.id, photo.sha256, item_code, caption, photo.width, photo.height)
        self._changed(visit_id)
        return row

    @allowed(Role.INSPECTOR)
    def remove_photo(self, visit_id: uuid.UUID, photo_id: uuid.UUID) -> None:
        """Taken off the visit, never destroyed: the evidence row is marked deleted."""
        with self.db.session() as session:
            visit = self._editable(session, visit_id)
            evidence = session.get(Evidence, photo_id)
            if evidence is None or evidence.visit_id != visit.id or evidence.deleted_at is not None:
                raise VisitError("Không tìm thấy ảnh trong buổi kiểm tra này.")
            evidence.deleted_at = utcnow()
            audit.record(session, "evidence.removed", "evidence", evidence.id, user_id=self.user_id,
                         before={"sha256": evidence.blob_sha256}, after={"deleted": True, "visit": str(visit.id),
                                                                       "item": evidence.answer.item_code if evidence.answer else ""})
        self._changed(visit_id)

    # --- the visit as a whole -----------------------------------------------------------

    @allowed(SIGNED_IN)
    def set_current_item(self, visit_id: uuid.UUID, item_code: str) -> None:
        """Where the inspector is, so reopening the visit lands on the same item."""
        with self.db.session() as session:
            visit = self._visit(session, visit_id)
            if visit.status.editable and visit.current_item_code != item_code and access.in_team(
                    session, access.user_of(session, self.user_id), visit):  # a reader does not move the team's place
                visit.current_item_code = item_code

    @allowed(Role.INSPECTOR)
    def set_times(self, visit_id: uuid.UUID, started_at: datetime | None = None, ended_at: datetime | None = None) -> None:
        with self.db.session() as session:
            visit = self._editable(session, visit_id)
            start = started_at or visit.started_at
            end = ended_at or visit.ended_at
            if start and end and end <= start:
                raise VisitError(
                    f"Giờ kết thúc ({local(end):%H:%M %d/%m/%Y}) phải sau giờ bắt đầu ({local(start):%H:%M %d/%m/%Y})."
                )
            if start and start > utcnow() + _FUTURE_TOLERANCE:
                raise VisitError("Giờ bắt đầu không được ở tương lai.")
            before = {"started_at": _iso(visit.started_at), "ended_at": _iso(visit.ended_at)}
            visit.started_at, visit.ended_at = start, end
            audit.record(session, "visit.times", "visit", visit.id, user_id=self.user_id, before=before,
                         after={"started_at": _iso(start), "ended_at": _iso(end)})
        self._changed(visit_id)

    @allowed(Role.INSPECTOR)
    def set_location(self, visit_id: uuid.UUID, location: str) -> None:
        location = _check_length(clean(location), 300, "Địa điểm")
        with self.db.session() as session:
            visit = self._editable(session, visit_id)
            if visit.location != location:
                audit.record(session, "visit.location", "visit", visit.id, user_id=self.user_id,
                             before={"location": visit.location}, after={"location": location})
                visit.location = location
        self._changed(visit_id)

    @allowed(Role.INSPECTOR)
    def set_representatives(self, visit_id: uuid.UUID, people: Iterable[tuple[str, str]]) -> None:
        """Đại diện đơn vị được kiểm tra: the whole list, replacing the previous one."""
        cleaned = [(clean(n), clean(p)) for n, p in people if clean(n)]
        for name, position in cleaned:
            _check_length(name, MAX_NAME_LENGTH, "Họ và tên")
            _check_length(position, 200, "Chức vụ")
        with self.db.session() as session:
            visit = self._editable(session, visit_id)
            before = [(r.full_name, r.position) for r in visit.representatives]
            for old in list(visit.representatives):
                session.delete(old)
            session.flush()
            for n, (name, position) in enumerate(cleaned):
                session.add(VisitRepresentative(visit_id=visit.id, full_name=name, position=position, sort_order=n))
            audit.record(session, "visit.representatives", "visit", visit.id, user_id=self.user_id,
                         before={"people": before}, after={"people": cleaned})
        self._changed(visit_id)

    @allowed(Role.INSPECTOR)
    def set_summary(self, visit_id: uuid.UUID, **fields: str) -> None:
        """good_points, shortcomings, conclusions, unit_opinion: free text of the minutes."""
        allowed = {"good_points", "shortcomings", "conclusions", "unit_opinion"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown summary fields: {unknown}")
        values = {k: _check_length(clean_multiline(v), MAX_SUMMARY_LENGTH, "Nội dung") for k, v in fields.items()}
        with self.db.session() as session:
            visit = self._editable(session, visit_id)
            before = {k: getattr(visit, k) for k in values}
            if before != values:
                for key, value in values.items():
                    setattr(visit, key, value)
                audit.record(session, "visit.summary", "visit", visit.id, user_id=self.user_id, before=before, after=values)
        self._changed(visit_id)

    @allowed(SIGNED_IN)
    def draft_shortcomings(self, visit_id: uuid.UUID) -> str:
        """The failed items as a paragraph, for the inspector to edit."""
        view = self.open_visit(visit_id)
        staff = {s.id: s.full_name for s in view.staff}
        names = {code: [staff[i] for i in a.staff_ids if i in staff] for code, a in view.answers.items()}
        return shortcomings_text(view.form, view.states(), names)

    # --- recommendations ---------------------------------------------------------------

    @allowed(Role.INSPECTOR)
    def add_recommendation(self, visit_id: uuid.UUID, text: str, owner_unit_id: uuid.UUID | None,
                           deadline: date | None, item_code: str = "") -> RecommendationRow:
        text = self._check_recommendation(text)
        with self.db.session() as session:
            visit = self._editable(session, visit_id)
            self._check_deadline(visit, deadline)
            self._check_owner(session, owner_unit_id)
            answer = self._find_answer(session, visit.id, item_code) if item_code else None
            rec = Recommendation(visit_id=visit.id, answer_id=answer.id if answer else None, text=text,
                                 owner_unit_id=owner_unit_id, deadline=deadline, original_deadline=deadline)
            session.add(rec)
            session.flush()
            audit.record(session, "recommendation.added", "recommendation", rec.id, user_id=self.user_id,
                         after={"text": text, "deadline": _iso(deadline), "owner": str(owner_unit_id),
                                "status": str(rec.status or RecommendationStatus.OPEN), "visit": str(visit.id),
                                "item": item_code})
            row = self._recommendation_row(session, rec)
        self._changed(visit_id)
        return row

    @allowed(Role.INSPECTOR)
    def update_recommendation(self, visit_id: uuid.UUID, rec_id: uuid.UUID, *, text: str,
                              owner_unit_id: uuid.UUID | None, deadline: date | None) -> RecommendationRow:
        text = self._check_recommendation(text)
        with self.db.session() as session:
            visit = self._editable(session, visit_id)
            rec = self._recommendation(session, visit, rec_id)
            self._check_deadline(visit, deadline)
            self._check_owner(session, owner_unit_id)
            before = {"text": rec.text, "deadline": _iso(rec.deadline), "owner": str(rec.owner_unit_id)}
            # the minutes are still being written: the deadline set here is the one they will state
            rec.text, rec.owner_unit_id, rec.deadline, rec.original_deadline = text, owner_unit_id, deadline, deadline
            audit.record(session, "recommendation.changed", "recommendation", rec.id, user_id=self.user_id,
                         before=before, after={"text": text, "deadline": _iso(deadline), "owner": str(owner_unit_id)})
            row = self._recommendation_row(session, rec)
        self._changed(visit_id)
        return row

    @allowed(Role.INSPECTOR)
    def remove_recommendation(self, visit_id: uuid.UUID, rec_id: uuid.UUID) -> None:
        with self.db.session() as session:
            visit = self._editable(session, visit_id)
            rec = self._recommendation(session, visit, rec_id)
            rec.deleted_at = utcnow()
            audit.record(session, "recommendation.removed", "recommendation", rec.id, user_id=self.user_id,
                         before={"text": rec.text}, after={"deleted": True})
        self._changed(visit_id)

    # --- submitting ----------------------------------------------------------------------

    @allowed(Role.INSPECTOR)
    def submit(self, visit_id: uuid.UUID) -> None:
        """Gửi duyệt: refused, with every reason, while anything required is missing."""
        with self.db.session() as session:
            visit = self._editable(session, visit_id)
            if visit.status not in (VisitStatus.IN_PROGRESS, VisitStatus.RETURNED):
                raise VisitError(f"Buổi kiểm tra đang ở trạng thái “{visit.status.label}”, chưa gửi duyệt được.")
            blockers = self._blockers(session, visit)
            if blockers:
                raise SubmissionBlocked(blockers)
            before = str(visit.status)
            visit.status = VisitStatus.SUBMITTED
            visit.review_cycle += 1  # the n-th submission: the reviewers' comments from now on belong to it
            audit.record(session, "visit.submitted", "visit", visit.id, user_id=self.user_id,
                         before={"status": before}, after={"status": str(visit.status), "cycle": visit.review_cycle})
        self._changed(visit_id)

    @allowed(Role.INSPECTOR)
    def discard(self, visit_id: uuid.UUID) -> None:
        """Hủy a visit started by mistake: hidden from lists, kept in the database."""
        with self.db.session() as session:
            visit = self._editable(session, visit_id)
            visit.deleted_at = utcnow()
            audit.record(session, "visit.discarded", "visit", visit.id, user_id=self.user_id, after={"deleted": True})
        self._changed(visit_id)

    # --- internals -------------------------------------------------------------------------

    def _visit(self, session: Session, visit_id: uuid.UUID) -> Visit:
        visit = session.get(Visit, visit_id)
        if visit is None or visit.deleted_at is not None:
            raise VisitError("Không tìm thấy buổi kiểm tra.")
        return visit

    def _may_edit(self, session: Session, visit: Visit) -> bool:
        user = access.user_of(session, self.user_id)
        return user.has_role(Role.INSPECTOR) and access.in_team(session, user, visit)

    def _editable(self, session: Session, visit_id: uuid.UUID) -> Visit:
        """The visit, if it can still change and the acting user is an inspector of its team."""
        visit = self._visit(session, visit_id)
        # Checked again here, in the writing transaction: the role (a deactivation meanwhile) and the team.
        access.require_team(session, access.require(session, self.user_id, Role.INSPECTOR), visit)
        require_here(session, visit)  # checked out to another machine (services.sync): edited there only
        if not visit.status.editable:
            raise VisitError(
                f"Buổi kiểm tra đang ở trạng thái “{visit.status.label}”, không sửa được nữa. "
                "Nếu cần sửa, người duyệt phải trả lại."
            )
        return visit

    def _editable_item(self, session: Session, visit_id: uuid.UUID, item_code: str) -> tuple[Visit, Item]:
        visit = self._editable(session, visit_id)
        try:
            item = self.form_of(session, visit).item(item_code)
        except KeyError:
            raise VisitError(f"Phiếu kiểm tra không có nội dung {item_code}.") from None
        return visit, item

    def _answers(self, session: Session, visit_id: uuid.UUID) -> list[Answer]:
        return list(session.scalars(
            sa.select(Answer).where(Answer.visit_id == visit_id, Answer.deleted_at.is_(None))
            .options(selectinload(Answer.staff), selectinload(Answer.evidence))
        ))

    def _find_answer(self, session: Session, visit_id: uuid.UUID, item_code: str) -> Answer | None:
        return session.scalars(
            sa.select(Answer).where(Answer.visit_id == visit_id, Answer.item_code == item_code)
        ).first()

    def _answer_for(self, session: Session, visit: Visit, item_code: str) -> Answer:
        answer = self._find_answer(session, visit.id, item_code)
        if answer is None:
            answer = Answer(visit_id=visit.id, item_code=item_code, result=Result.UNCHECKED, values={}, note="")
            session.add(answer)
            session.flush()
        if visit.status is VisitStatus.PLANNED:
            self._begin(session, visit, utcnow())
        return answer

    def _begin(self, session: Session, visit: Visit, now: datetime) -> None:
        """A planned visit begins with its first answer: recorded, as every change of status."""
        visit.status = VisitStatus.IN_PROGRESS
        visit.started_at = visit.started_at or now
        audit.record(session, "visit.started", "visit", visit.id, user_id=self.user_id,
                     before={"status": str(VisitStatus.PLANNED)},
                     after={"status": str(visit.status), "started_at": _iso(visit.started_at)})

    def _answer_row(self, answer: Answer) -> ItemAnswer:
        photos = tuple(
            PhotoRow(e.id, e.blob_sha256, answer.item_code, e.caption, e.width, e.height)
            for e in sorted(answer.evidence, key=lambda e: e.created_at) if e.deleted_at is None
        )
        return ItemAnswer(
            item_code=answer.item_code, result=answer.result, note=answer.note,
            values={k: int(v) for k, v in (answer.values or {}).items()},
            staff_ids=tuple(s.id for s in answer.staff), photos=photos,
        )

    def _touch(self, session: Session, visit: Visit, item_code: str) -> None:
        visit.current_item_code = item_code
        visit.updated_at = utcnow()

    def _audit(self, session: Session, action: str, answer: Answer, before: dict, after: dict) -> None:
        audit.record(session, action, "answer", answer.id, user_id=self.user_id,
                     before={"item": answer.item_code, **before}, after={"item": answer.item_code, **after})

    def _blockers(self, session: Session, visit: Visit) -> list[Blocker]:
        form = self.form_of(session, visit)
        states = {a.item_code: self._answer_row(a).state() for a in self._answers(session, visit.id)}
        extra = []
        if visit.started_at is None:
            extra.append(Blocker("", "Chưa ghi giờ bắt đầu buổi kiểm tra."))
        return submission_blockers(form, states, has_end_time=visit.ended_at is not None, extra=extra)

    def _check_recommendation(self, text: str) -> str:
        text = clean_multiline(text)
        if not text:
            raise VisitError("Hãy nhập nội dung kiến nghị.")
        return _check_length(text, MAX_RECOMMENDATION_LENGTH, "Kiến nghị")

    def _check_deadline(self, visit: Visit, deadline: date | None) -> None:
        if deadline is None:
            return
        day = local(visit.started_at).date() if visit.started_at else visit.planned_date
        if day and deadline < day:
            raise VisitError(f"Hạn khắc phục ({deadline:%d/%m/%Y}) không được trước ngày kiểm tra ({day:%d/%m/%Y}).")

    def _check_owner(self, session: Session, owner_unit_id: uuid.UUID | None) -> None:
        if owner_unit_id is not None and session.get(Unit, owner_unit_id) is None:
            raise VisitError("Không tìm thấy đơn vị chịu trách nhiệm.")

    def _recommendation(self, session: Session, visit: Visit, rec_id: uuid.UUID) -> Recommendation:
        rec = session.get(Recommendation, rec_id)
        if rec is None or rec.visit_id != visit.id or rec.deleted_at is not None:
            raise VisitError("Không tìm thấy kiến nghị.")
        return rec

    def _recommendation_rows(self, session: Session, visit_id: uuid.UUID) -> list[RecommendationRow]:
        recs = session.scalars(
            sa.select(Recommendation).where(Recommendation.visit_id == visit_id, Recommendation.deleted_at.is_(None))
            .order_by(Recommendation.created_at)
        ).all()
        return [self._recommendation_row(session, r) for r in recs]

    def _recommendation_row(self, session: Session, rec: Recommendation) -> RecommendationRow:
        owner = session.get(Unit, rec.owner_unit_id) if rec.owner_unit_id else None
        code = session.get(Answer, rec.answer_id).item_code if rec.answer_id else ""
        return RecommendationRow(rec.id, rec.text, rec.owner_unit_id, owner.name if owner else "", rec.deadline, code, rec.status)

    def _changed(self, visit_id: uuid.UUID) -> None:
        for listener in list(self.listeners):
            listener(visit_id)


class SubmissionBlocked(VisitError):
    def __init__(self, blockers: list[Blocker]):
        self.blockers = blockers
        super().__init__("Chưa gửi duyệt được:\n" + "\n".join(f"• {b.message}" for b in blockers))


_FUTURE_TOLERANCE = timedelta(minutes=10)  # laptop clocks drift


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None

