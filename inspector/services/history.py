"""Lịch sử thay đổi for users: the events of a visit, of one item of a visit, or of a recommendation, in words.

Each row says when (local time, dd/mm/yyyy HH:MM), who (the full name recorded with the event), what
("Đổi kết quả: Đạt → Không đạt", "Sửa ghi chú", "Gửi duyệt", "Trả lại: <lý do>", "Đánh số biên bản
05/BB-SNV" …) and, where there is one, the value before and after in words. The events are those of
services.audit, oldest first; nothing here writes.

A visit's history holds its own events, those of its answers, photos, recommendations and the
reviewers' comments, and its planning in a round. An item's: the events of its answer, the numbers
typed into another item that it shares, its photos, the comments on it, and the whole-visit events
that set it (demo and generated data).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector.domain.checklist import ChecklistForm
from inspector.domain.clock import local
from inspector.domain.workflow import RecommendationStatus, Result, VisitStatus
from inspector.services.access import SIGNED_IN, allowed, open_to_all
from inspector.services.visits import VisitError, visit_form
from inspector.store.models import (
    Answer,
    AuditEvent,
    Evidence,
    Recommendation,
    StaffMember,
    Unit,
    User,
    Visit,
)

SHORT = 80


@dataclass(frozen=True)
class HistoryRow:
    seq: int
    at: datetime
    when: str          # "18/03/2025 09:45", local time
    who: str           # full name ("Hệ thống" when no one)
    what: str          # "Đổi kết quả: Đạt → Không đạt"
    before: str        # the value before, in words ("" when the row says it all)
    after: str         # the value after, in words
    item_code: str = ""


def _quote(text: Any, limit: int = SHORT) -> str:
    text = " ".join(str(text or "").split())
    if not text:
        return "(trống)"
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"


def _result(value: Any) -> str:
    try:
        return Result(value).label
    except ValueError:
        return str(value)


def _status(value: Any) -> str:
    try:
        return VisitStatus(value).label
    except ValueError:
        return str(value)


REMEDIATION_WORDS = {
    "recommendation.reported": "Đơn vị báo cáo đã khắc phục",
    "recommendation.not_accepted": "Không chấp nhận báo cáo khắc phục",
    "recommendation.verified": "Xác nhận đã khắc phục",
    "recommendation.not_verified": "Kiểm tra lại: chưa khắc phục",
    "recommendation.closed": "Kết thúc theo dõi kiến nghị",
    "recommendation.extended": "Gia hạn khắc phục",
}


def _rec_status(value: Any) -> str:
    try:
        return RecommendationStatus(value).label
    except ValueError:
        return str(value)


def _day(value: Any) -> str:
    if not value:
        return "(không có)"
    try:
        return f"{date.fromisoformat(str(value)[:10]):%d/%m/%Y}"
    except ValueError:
        return str(value)


def _moment(value: Any) -> str:
    if not value:
        return "(chưa có)"
    try:
        return f"{local(datetime.fromisoformat(str(value))):%H:%M %d/%m/%Y}"
    except ValueError:
        return str(value)


SUMMARY_WORDS = {"good_points": "ưu điểm", "shortcomings": "tồn tại, hạn chế", "conclusions": "kết luận",
                 "unit_opinion": "ý kiến của đơn vị"}


class _Words:
    """Turns one event into words; names staff, units and numeric fields from the database."""

    def __init__(self, session: Session, form: ChecklistForm | None = None) -> None:
        self.session = session
        self.fields: dict[str, str] = {}
        if form is not None:
            for item in form.items():
                for spec in item.fields:
                    self.fields.setdefault(spec.code, spec.label)
        self._staff: dict[str, str] = {}
        self._units: dict[str, str] = {}

    def staff(self, ids: Iterable[Any]) -> str:
        names = []
        for staff_id in ids or []:
            key = str(staff_id)
            if key not in self._staff:
                try:
                    member = self.session.get(StaffMember, uuid.UUID(key))
                except ValueError:
                    member = None
                self._staff[key] = member.full_name if member else key[:8]
            names.append(self._staff[key])
        return ", ".join(sorted(names)) or "(không ai)"

    def unit(self, value: Any) -> str:
        key = str(value or "")
        if key in ("", "None"):
            return "(chưa chọn)"
        if key not in self._units:
            try:
                unit = self.session.get(Unit, uuid.UUID(key))
            except ValueError:
                unit = None
            self._units[key] = unit.name if unit else key[:8]
        return self._units[key]

    def field(self, code: str) -> str:
        return self.fields.get(code, code)

    def visit_name(self, value: Any) -> str:
        """"buổi kiểm tra khắc phục, biên bản số …" of a follow-up visit named by its id."""
        try:
            visit = self.session.get(Visit, uuid.UUID(str(value)))
        except ValueError:
            visit = None
        if visit is None:
            return "buổi kiểm tra lại"
        return f"buổi kiểm tra lại, biên bản số {visit.minutes_number}" if visit.minutes_number else "buổi kiểm tra lại"

    def describe(self, event: Any, item_code: str = "") -> tuple[str, str, str]:
        """(what, before, after) of one event, seen from ``item_code`` when it is an item's history."""
        action = event.action
        b: dict[str, Any] = event.before or {}
        a: dict[str, Any] = event.after or {}
        if action == "answer.result":
            old, new = b.get("result"), a.get("result")
            if old in (None, str(Result.UNCHECKED)):
                return f"Chọn kết quả: {_result(new)}", "", ""
            if new == str(Result.UNCHECKED):
                return f"Bỏ kết quả: {_result(old)}", "", ""
            return f"Đổi kết quả: {_result(old)} → {_result(new)}", "", ""
        if action == "answer.note":
            old, new = b.get("note") or "", a.get("note") or ""
            what = "Thêm ghi chú" if not old else "Xóa ghi chú" if not new else "Sửa ghi chú"
            return what, _quote(old) if old else "", _quote(new) if new else ""
        if action == "answer.values":
            typed, field_code, value = a.get("item"), a.get("field", ""), a.get("value")
            label = self.field(field_code)
            if item_code and typed and item_code != typed:  # shared with the item typed into
                old_value, old_result = (b.get("items") or {}).get(item_code, [None, None])
                new_result = (a.get("items") or {}).get(item_code)
                what = f"Số liệu “{label}” nhập ở nội dung {typed}"
                if new_result and new_result != old_result:
                    what += f"; kết quả: {_result(old_result)} → {_result(new_result)}"
                return what, _num(old_value), _num(value)
            old_value = (b.get("values") or {}).get(field_code)
            what = f"Nhập số liệu “{label}”"
            if b.get("result") and a.get("result") and b.get("result") != a.get("result"):
                what += f"; kết quả: {_result(b.get('result'))} → {_result(a.get('result'))}"
            return what, _num(old_value), _num(value)
        if action == "answer.staff":
            return "Đổi công chức liên quan", self.staff(b.get("staff")), self.staff(a.get("staff"))
        if action == "evidence.added":
            return "Thêm ảnh minh chứng", "", _quote(a.get("name") or a.get("sha256", "")[:12])
        if action == "evidence.removed":
            return "Gỡ ảnh minh chứng", "", ""
        if action == "minutes.signed_copy":
            return "Đính kèm bản biên bản đã ký", "", ""
        if action == "visit.started":
            return "Bắt đầu buổi kiểm tra", "", _moment(a.get("started_at")) if a.get("started_at") else ""
        if action == "round.visits_planned":
            return f"Lên lịch kiểm tra ngày {_day(a.get('date'))}", "", ""
        if action == "visit.times":
            return ("Sửa giờ bắt đầu, kết thúc",
                    f"{_moment(b.get('started_at'))} – {_moment(b.get('ended_at'))}",
                    f"{_moment(a.get('started_at'))} – {_moment(a.get('ended_at'))}")
        if action == "visit.location":
            return "Sửa địa điểm", _quote(b.get("location")), _quote(a.get("location"))
        if action == "visit.representatives":
            def people(rows: Any) -> str:
                return "; ".join(f"{p[0]} ({p[1]})" if len(p) > 1 and p[1] else str(p[0]) for p in rows or []) \
                    or "(không ai)"
            return "Sửa đại diện đơn vị được kiểm tra", people(b.get("people")), people(a.get("people"))
        if action == "visit.summary":
            keys = [k for k in SUMMARY_WORDS if k in a and (b.get(k) or "") != (a.get(k) or "")] or \
                [k for k in SUMMARY_WORDS if k in a]
            what = "Sửa " + ", ".join(SUMMARY_WORDS[k] for k in keys)
            if len(keys) == 1:
                return what, _quote(b.get(keys[0])), _quote(a.get(keys[0]))
            return what, "", ""
        if action == "visit.submitted":
            cycle = a.get("cycle")
            return "Gửi duyệt" + (f" (lần {cycle})" if cycle and cycle > 1 else ""), "", ""
        if action == "visit.returned":
            return f"Trả lại: {_quote(a.get('reason'), 200)[1:-1]}", "", ""
        if action == "visit.approved":
            return "Duyệt", "", ""
        if action == "visit.reopened":
            return f"Mở lại: {_quote(a.get('reason'), 200)[1:-1]}", _status(b.get("status")), _status(a.get("status"))
        if action == "visit.discarded":
            return "Hủy buổi kiểm tra", "", ""
        if action.startswith("minutes.") and a.get("number"):
            revision = a.get("revision")
            extra = f" (lần ban hành {revision})" if revision and revision > 1 else ""
            return f"Đánh số biên bản {a['number']}{extra}", "", ""
        if action == "recommendation.added":
            detail = f"hạn {_day(a.get('deadline'))}; {self.unit(a.get('owner'))}"
            return "Thêm kiến nghị", "", f"{_quote(a.get('text'))} ({detail})"
        if action == "recommendation.changed":
            parts, old, new = [], [], []
            if b.get("text") != a.get("text"):
                parts.append("nội dung")
                old.append(_quote(b.get("text")))
                new.append(_quote(a.get("text")))
            if b.get("deadline") != a.get("deadline"):
                parts.append("hạn khắc phục")
                old.append(_day(b.get("deadline")))
                new.append(_day(a.get("deadline")))
            if str(b.get("owner")) != str(a.get("owner")):
                parts.append("đơn vị chịu trách nhiệm")
                old.append(self.unit(b.get("owner")))
                new.append(self.unit(a.get("owner")))
            if "status" in a and b.get("status") != a.get("status"):
                parts.append("tình trạng")
                old.append(_rec_status(b.get("status")))
                new.append(_rec_status(a.get("status")))
            return "Sửa kiến nghị: " + (", ".join(parts) or "không đổi"), "; ".join(old), "; ".join(new)
        if action == "recommendation.removed":
            return "Xóa kiến nghị", _quote(b.get("text")), ""
        if action in REMEDIATION_WORDS:  # services.remediation: the life after the minutes
            what = REMEDIATION_WORDS[action]
            if a.get("on") and action in ("recommendation.reported", "recommendation.verified",
                                          "recommendation.not_verified"):
                what += f" ngày {_day(a.get('on'))}"
            if a.get("visit"):
                what += f" ({self.visit_name(a.get('visit'))})"
            if a.get("note"):
                what += f": {_quote(a.get('note'), 200)[1:-1]}"
            if a.get("evidence"):
                what += f" — kèm {len(a['evidence'])} tệp minh chứng"
            if action == "recommendation.extended":
                return what, _day(b.get("deadline")), _day(a.get("deadline"))
            return what, _rec_status(b.get("status")) if "status" in b else "", _rec_status(a.get("status"))
        if action == "review.comment":
            where = f" về nội dung {a['item']}" if a.get("item") and not item_code else ""
            return f"Góp ý{where}: {_quote(a.get('text'), 200)[1:-1]}", "", ""
        if action == "review.comment_removed":
            return "Rút lại góp ý", _quote(b.get("text")), ""
        if action == "demo.answers":
            code_result = (a.get("items") or {}).get(item_code) if item_code else None
            if code_result:
                return f"Nhập kết quả (dữ liệu mẫu): {_result(code_result[0])}", "", ""
            return "Nhập kết quả các nội dung (dữ liệu mẫu)", "", ""
        if action == "visit.generated":
            answer = (a.get("answers") or {}).get(item_code) if item_code else None
            if answer:
                result = answer if isinstance(answer, str) else answer[0]
                return f"Tạo dữ liệu mẫu: {_result(result)}", "", ""
            return f"Tạo dữ liệu mẫu ({_status(a.get('status'))})", "", ""
        if "status" in a:
            return f"Đổi trạng thái ({action})", _status(b.get("status")), _status(a.get("status"))
        return action, "", ""


def _num(value: Any) -> str:
    return "(trống)" if value is None else f"{int(value):,}".replace(",", ".")


def _who(event: Any, names: dict[uuid.UUID, str]) -> str:
    if event.actor:
        return event.actor
    if event.user_id is not None:
        return names.get(event.user_id, "")
    if event.action in ("visit.generated", "demo.generated", "demo.seeded"):
        return "Dữ liệu mẫu"
    return "Hệ thống"


def _rows(session: Session, events: list[AuditEvent], words: _Words, item_code: str = "",
          items: dict[str, str] | None = None) -> list[HistoryRow]:
    names = {u.id: u.full_name for u in session.scalars(sa.select(User))}
    rows = []
    for event in sorted(events, key=lambda e: e.seq or 0):
        what, before, after = words.describe(event, item_code)
        code = item_code or (items or {}).get(event.entity_id, "")
        rows.append(HistoryRow(event.seq or 0, event.at, f"{local(event.at):%d/%m/%Y %H:%M}", _who(event, names),
                               what, before, after, code))
    return rows


def _visit(session: Session, visit_id: uuid.UUID) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise VisitError("Không tìm thấy buổi kiểm tra.")
    return visit


def _events(session: Session, entity_type: str, ids: Iterable[Any]) -> list[AuditEvent]:
    keys = [str(i) for i in ids]
    found: list[AuditEvent] = []
    for start in range(0, len(keys), 900):
        found += session.scalars(sa.select(AuditEvent).where(
            AuditEvent.entity_type == entity_type, AuditEvent.entity_id.in_(keys[start:start + 900])))
    return found


def _comment_events(session: Session, visit_id: uuid.UUID, item_code: str | None = None) -> list[AuditEvent]:
    """The reviewers' comments on the visit (or on one item), those taken back too (their rows are gone)."""
    wanted = str(visit_id)
    found = []
    for event in session.scalars(sa.select(AuditEvent).where(AuditEvent.entity_type == "review_comment")):
        about = event.after or event.before or {}
        if about.get("visit") == wanted and (item_code is None or about.get("item") == item_code):
            found.append(event)
    return found


def _form(visit: Visit) -> ChecklistForm | None:
    try:
        return visit_form(visit)
    except Exception:  # noqa: BLE001 - a form that no longer parses: codes instead of labels
        return None


@allowed(SIGNED_IN)
def visit_history(session: Session, visit_id: uuid.UUID, user_id: uuid.UUID | None = None) -> list[HistoryRow]:
    """Everything recorded about a visit: itself, its answers, photos, recommendations, comments, its planning."""
    visit = _visit(session, visit_id)
    answers = {str(a_id): code for a_id, code in session.execute(
        sa.select(Answer.id, Answer.item_code).where(Answer.visit_id == visit.id))}
    evidence = {str(e_id): answers.get(str(a_id), "") for e_id, a_id in session.execute(
        sa.select(Evidence.id, Evidence.answer_id).where(Evidence.visit_id == visit.id))}
    recs = [str(r) for r in session.scalars(sa.select(Recommendation.id).where(Recommendation.visit_id == visit.id))]
    events = [*_events(session, "visit", [visit.id]), *_events(session, "answer", answers),
              *_events(session, "evidence", evidence), *_events(session, "recommendation", recs),
              *_comment_events(session, visit.id)]
    if visit.round_id is not None:
        events += [e for e in _events(session, "round", [visit.round_id])
                   if e.action == "round.visits_planned" and str(visit.id) in ((e.after or {}).get("visits") or [])]
    return _rows(session, events, _Words(session, _form(visit)), items={**answers, **evidence})


@allowed(SIGNED_IN)
def item_history(session: Session, visit_id: uuid.UUID, item_code: str,
                 user_id: uuid.UUID | None = None) -> list[HistoryRow]:
    """One item of a visit: its answer's events, numbers shared from another item, its photos, comments on it."""
    visit = _visit(session, visit_id)
    answers = {str(a_id): code for a_id, code in session.execute(
        sa.select(Answer.id, Answer.item_code).where(Answer.visit_id == visit.id))}
    own = [a_id for a_id, code in answers.items() if code == item_code]
    events = []
    for event in _events(session, "answer", answers):
        after = event.after or {}
        if event.entity_id in own or (event.action == "answer.values" and item_code in (after.get("items") or {})):
            events.append(event)
    photos = [str(e) for e in session.scalars(sa.select(Evidence.id).where(
        Evidence.visit_id == visit.id, Evidence.answer_id.in_([uuid.UUID(a) for a in own])))] if own else []
    events += _events(session, "evidence", photos)
    events += _comment_events(session, visit.id, item_code)
    for event in _events(session, "visit", [visit.id]):
        after = event.after or {}
        if (event.action == "demo.answers" and item_code in (after.get("items") or {})) or (
                event.action == "visit.generated" and item_code in (after.get("answers") or {})):
            events.append(event)
    return _rows(session, events, _Words(session, _form(visit)), item_code=item_code)


@allowed(SIGNED_IN)
def recommendation_history(session: Session, recommendation_id: uuid.UUID,
                           user_id: uuid.UUID | None = None) -> list[HistoryRow]:
    rec = session.get(Recommendation, recommendation_id)
    if rec is None:
        raise VisitError("Không tìm thấy kiến nghị.")
    events = _events(session, "recommendation", [rec.id])
    visit = session.get(Visit, rec.visit_id)
    for event in _events(session, "visit", [rec.visit_id]) if visit is not None else []:
        if event.action == "visit.generated" and str(rec.id) in ((event.after or {}).get("recommendations") or {}):
            events.append(event)
    return _rows(session, events, _Words(session))


@open_to_all
def describe_event(session: Session, event: AuditEvent, item_code: str = "") -> tuple[str, str, str]:
    """(what, before, after) of one event in words."""
    return _Words(session).describe(event, item_code)
