"""Kiểm tra nhật ký: the history against itself, against the data, against the PDFs and against the paper.

``verify(session, anchors)`` checks, in this order, and reports every problem found (the first one
named in Vietnamese words a user can act on):

1. The chain (services.audit): every event's hash as its scheme computes it, every link to the
   previous event, seq 1, 2, … without gaps — in each chain by itself: this database's own (origin "") and
   every chain copied here from another machine by services.sync (a laptop's on the server, the server's on a
   laptop), each unchanged, under its machine's origin. With several chains the data (4.) is replayed from all of
   them by time: a visit is edited on one machine at a time (checked out), so one record's events never
   interleave across machines; a chain copied from elsewhere may speak of visits not held here (passed over).
2. The anchors: each anchor given ("NK 000123-3fa9c2d1e0b7", printed on numbered minutes, kept in
   the ``<database>.anchors`` file beside the database and in ``minutes_revisions.anchor``): the
   event with that seq must exist and its hash must begin with those digits (in this database's own chain,
   or in a chain copied from the machine that issued the minutes). A history rewritten and
   re-chained, or cut short, passes 1. but not this.
3. The numbered minutes: for every visit's ``minutes_sha256`` and every ``minutes_revisions.sha256``
   the stored PDF exists and its bytes hash to that key; likewise every photo's bytes (evidence).
4. The data against the history: replaying the events in order gives each record's fields, which
   must equal what the database holds now. Covered:

   - answers (by visit and item): ``result``, ``note``, ``values`` (every number) and the staff
     concerned (``answer_staff``); an answer no event speaks of must be blank (unchecked, no note,
     no numbers, no staff);
   - visits: ``status``, ``minutes_number``, ``minutes_sha256``, whether discarded (``deleted_at``),
     and the summary texts ``good_points``, ``shortcomings``, ``conclusions``, ``unit_opinion``; a
     visit no event speaks of must be planned, unnumbered and blank;
   - recommendations: ``text``, ``owner_unit_id``, ``deadline``, ``status``, whether removed, and the life
     after the minutes (services.remediation): ``original_deadline``, ``done_on``, ``verified_on`` (old
     statuses read as today's: in_progress as open, done as reported); each must have been recorded;
   - evidence (photos and signed copies): the blob it shows (``blob_sha256``) and whether removed;
     each must have been recorded.

   Not covered: times, location, representatives, catalogue data, users and rounds (their events are
   in the chain, but the data is not compared).

What the events say, by action (the ``after`` of each): ``answer.result``/``answer.note``/
``answer.staff`` the new value; ``answer.values`` the typed item's numbers and result and every item
that shares the field (``items``: code → result, each taking ``value``); ``demo.answers`` and
``visit.generated`` a whole visit at once (services.demo, services.generate); a visit event with
``status``, ``number``, ``sha256`` (minutes) or summary fields; recommendation events with text,
owner, deadline, status; the remediation steps (``recommendation.reported``, ``.not_accepted``, ``.verified``,
``.not_verified``, ``.closed``, ``.extended``) with every field of the life they set.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector.domain.workflow import RecommendationStatus, Result, VisitStatus
from inspector.services import audit
from inspector.services.access import open_to_all
from inspector.store.db import Database
from inspector.store.models import (
    Answer,
    AuditEvent,
    Blob,
    Evidence,
    MinutesRevision,
    ReceptionPoint,
    Recommendation,
    Visit,
    answer_staff,
)

SUMMARY = ("good_points", "shortcomings", "conclusions", "unit_opinion")
_UNCHECKED = str(Result.UNCHECKED)


@dataclass
class VerifyReport:
    ok: bool
    problems: list[str]
    events: int = 0
    anchors: int = 0

    @property
    def first(self) -> str:
        return self.problems[0] if self.problems else ""

    def summary(self) -> str:
        """One paragraph for a user: OK with the count, or the first problem and how many others."""
        if self.ok:
            return f"Nhật ký toàn vẹn: đã kiểm tra {self.events:,} sự kiện".replace(",", ".") + (
                f" và {self.anchors} mã đối chiếu." if self.anchors else ".")
        more = len(self.problems) - 1
        return self.first + (f" (và {more} vấn đề khác)" if more else "")


# --- replaying the history -----------------------------------------------------------------------


@dataclass
class _AnswerState:
    result: str = _UNCHECKED
    note: str = ""
    values: dict[str, int] = field(default_factory=dict)
    staff: list[str] = field(default_factory=list)
    seq: int = 0


@dataclass
class _VisitState:
    status: str = str(VisitStatus.PLANNED)
    number: str = ""
    sha256: str = ""
    deleted: bool = False
    texts: dict[str, str] = field(default_factory=lambda: dict.fromkeys(SUMMARY, ""))
    seq: int = 0


@dataclass
class _Simple:
    fields: dict[str, Any] = field(default_factory=dict)
    deleted: bool = False
    seq: int = 0


def _ints(values: Any) -> dict[str, int]:
    return {str(k): int(v) for k, v in (values or {}).items() if v is not None}


def _uuid_text(value: Any) -> str:
    """A key as compared: 32 lower-case hex digits, whichever way it was written ("" for none)."""
    if value in (None, "", "None"):
        return ""
    if isinstance(value, uuid.UUID):
        return value.hex
    return str(value).replace("-", "").lower()


def _raw(column: Any) -> Any:
    """A column read as stored (no UUID or JSON objects built: hundreds of thousands of rows)."""
    return sa.type_coerce(column, sa.String)


def _json_values(text: Any) -> dict[str, int]:
    if isinstance(text, dict):  # a driver that parses JSON itself
        return _ints(text)
    if not text or text in ("{}", "null"):
        return {}
    import json

    return _ints(json.loads(text))


# The fields of a recommendation's life after the minutes (services.remediation), replayed like the others.
REMEDIATION_FIELDS = ("original_deadline", "done_on", "verified_on")


def _rec_status(value: Any) -> Any:
    try:
        return str(RecommendationStatus(value))
    except ValueError:
        return value


class Replay:
    """The state of answers, visits, recommendations and evidence as the events say they became."""

    def __init__(self, answer_keys: dict[str, tuple[str, str]], visits: set[str] | None = None) -> None:
        self.answer_keys = answer_keys  # answer id → (visit id, item code)
        self.known_visits = visits  # the visits this database holds (for the chains copied from other machines)
        self.answers: dict[tuple[str, str], _AnswerState] = {}
        self.visits: dict[str, _VisitState] = {}
        self.recs: dict[str, _Simple] = {}
        self.evidence: dict[str, _Simple] = {}
        self.unknown_answers: list[tuple[int, str]] = []

    def _answer(self, visit: str, code: str) -> _AnswerState:
        return self.answers.setdefault((visit, code), _AnswerState())

    def _visit(self, visit: str) -> _VisitState:
        return self.visits.setdefault(visit, _VisitState())

    def apply(self, seq: int, action: str, entity_type: str, entity_id: str, after: dict[str, Any] | None,
              foreign: bool = False) -> None:
        """``foreign``: an event of a chain copied from another machine (services.sync), which may speak of
        visits this database does not hold (a laptop has only its rounds' visits): those are passed over."""
        after = after or {}
        if foreign and entity_type == "visit" and self.known_visits is not None \
                and _uuid_text(entity_id) not in self.known_visits:
            return
        if entity_type == "answer":
            key = self.answer_keys.get(_uuid_text(entity_id))
            if key is None:
                if not foreign:
                    self.unknown_answers.append((seq, entity_id))
                return
            visit, code = key[0], str(after.get("item") or key[1])
            state = self._answer(visit, code)
            state.seq = seq
            if action == "answer.values":
                field_code, value = after.get("field"), after.get("value")
                for other, result in (after.get("items") or {}).items():
                    if other == code:
                        continue
                    shared = self._answer(visit, other)
                    if value is None:
                        shared.values.pop(field_code, None)
                    else:
                        shared.values[field_code] = int(value)
                    shared.result, shared.seq = str(result), seq
                if "values" in after:
                    state.values = _ints(after["values"])
            if "result" in after:
                state.result = str(after["result"])
            if "note" in after:
                state.note = after["note"] or ""
            if "staff" in after:
                state.staff = sorted(_uuid_text(s) for s in after["staff"] or [])
        elif entity_type == "visit":
            visit = _uuid_text(entity_id)
            vstate = self._visit(visit)
            vstate.seq = seq
            if action == "visit.started" and "status" not in after:
                vstate.status = str(VisitStatus.IN_PROGRESS)
            if "status" in after:
                vstate.status = str(after["status"])
            if "number" in after:
                vstate.number = after["number"] or ""
            if "sha256" in after:  # the numbered minutes' PDF
                vstate.sha256 = after["sha256"] or ""
            if "minutes_sha256" in after:
                vstate.sha256 = after["minutes_sha256"] or ""
            for key in SUMMARY:
                if key in after:
                    vstate.texts[key] = after[key] or ""
            if action == "visit.discarded":
                vstate.deleted = True
            if "deleted" in after:
                vstate.deleted = bool(after["deleted"])
            if action == "demo.answers":  # services.demo: {code: [result, values]}
                for code, (result, values) in (after.get("items") or {}).items():
                    state = self._answer(visit, code)
                    state.result, state.values, state.seq = str(result), _ints(values), seq
            if action == "visit.generated":  # services.generate: the whole visit
                for code, answer in (after.get("answers") or {}).items():
                    state = self._answer(visit, code)
                    # a bare result, or [result, values, note, staff]
                    result, values, note, staff = (answer, {}, "", []) if isinstance(answer, str) else answer
                    state.result, state.values, state.note = str(result), _ints(values), note or ""
                    state.staff, state.seq = sorted(_uuid_text(s) for s in staff or []), seq
                for evidence_id, (code, sha256) in (after.get("evidence") or {}).items():
                    self.evidence[_uuid_text(evidence_id)] = _Simple({"sha256": sha256, "item": code}, False, seq)
                for rec_id, fields in (after.get("recommendations") or {}).items():
                    fields = {**fields, "owner": _uuid_text(fields.get("owner"))}
                    if "status" in fields:
                        fields["status"] = _rec_status(fields["status"])
                    self.recs[_uuid_text(rec_id)] = _Simple(fields, False, seq)
        elif entity_type == "recommendation":
            rec = self.recs.setdefault(_uuid_text(entity_id), _Simple())
            rec.seq = seq
            for key in ("text", "deadline", "status", *REMEDIATION_FIELDS):
                if key in after:
                    rec.fields[key] = after[key]
            if "deadline" in after and "original_deadline" not in after and action in (
                    "recommendation.added", "recommendation.changed"):  # while the minutes are written
                rec.fields["original_deadline"] = after["deadline"]
            if "status" in rec.fields:  # before 0011: in_progress was open, done was reported
                rec.fields["status"] = _rec_status(rec.fields["status"])
            if "owner" in after:
                rec.fields["owner"] = _uuid_text(after["owner"])
            if action == "recommendation.added" and "status" not in after:
                rec.fields["status"] = str(RecommendationStatus.OPEN)
            if action.endswith(".removed"):
                rec.deleted = True
        elif entity_type == "evidence":
            evidence = self.evidence.setdefault(_uuid_text(entity_id), _Simple())
            evidence.seq = seq
            if "sha256" in after:
                evidence.fields["sha256"] = after["sha256"]
            if action.endswith(".removed"):
                evidence.deleted = True


# --- naming things for users ---------------------------------------------------------------------


class _Names:
    def __init__(self, session: Session) -> None:
        self.visits: dict[str, str] = {}
        for visit_id, number, day, point in session.execute(
                sa.select(Visit.id, Visit.minutes_number, Visit.planned_date, ReceptionPoint.name)
                .join(ReceptionPoint, ReceptionPoint.id == Visit.reception_point_id)):
            when = f", ngày {day:%d/%m/%Y}" if day else ""
            self.visits[_uuid_text(visit_id)] = (f"buổi kiểm tra {number} ({point}{when})" if number
                                          else f"buổi kiểm tra {point}{when}")

    def visit(self, visit_id: str) -> str:
        return self.visits.get(visit_id, f"buổi kiểm tra mã {visit_id[:8]}")


def _label(value: Any, kind: str = "") -> str:
    if kind == "result":
        try:
            return Result(value).label
        except ValueError:
            return str(value)
    if kind == "status":
        try:
            return VisitStatus(value).label
        except ValueError:
            return str(value)
    if kind == "rec_status":
        try:
            return RecommendationStatus(value).label
        except ValueError:
            return str(value)
    if isinstance(value, bool):
        return "đã hủy/xóa" if value else "còn"
    if value in (None, "", {}, []):
        return "(trống)"
    text = str(value)
    return f"“{text[:60]}…”" if len(text) > 60 else f"“{text}”"


# --- the checks ------------------------------------------------------------------------------------


def _event_rows(session: Session, *, by_time: bool = False) -> Iterable[Any]:
    """Each chain in its order (by origin, then seq: this database's own, "", first); ``by_time``: all chains
    interleaved by time (the replay of several machines' histories: a visit is edited on one machine at a time,
    so the events of one record do not interleave across machines)."""
    table = AuditEvent.__table__
    if by_time:
        return session.execute(sa.select(table).order_by(table.c.at, table.c.origin, table.c.seq))
    return session.execute(sa.select(table).order_by(table.c.origin, table.c.seq, table.c.at))


def _chain_name(origin: str) -> str:
    return "" if not origin else f" (bản sao nhật ký của máy {origin[:8]})"


@open_to_all
def verify_database(db: Database, anchors: Iterable[str] = (), stop: threading.Event | None = None) -> VerifyReport | None:
    """:func:`verify` in a read snapshot of ``db``, with the anchors kept beside its file as well
    (the app's check at start, on a worker thread); None when ``stop`` was set meanwhile."""
    with db.read() as session:
        return verify(session, [*anchors, *audit.read_anchors(db.path)], stop=stop)


@open_to_all
def verify(session: Session, anchors: Iterable[str] = (), *, stop: threading.Event | None = None) -> Any:
    """Every check of the module docstring; ``anchors`` as printed or typed back ("NK 000123-3fa9c2d1e0b7").

    Returns a :class:`VerifyReport`; None only when ``stop`` (set by another thread) ended it early."""
    problems: list[str] = []
    names = _Names(session)

    # 1. the chain, and the replay in the same pass
    answer_keys = {_uuid_text(a_id): (_uuid_text(v_id), code) for a_id, v_id, code in
                   session.execute(sa.select(_raw(Answer.id), _raw(Answer.visit_id), Answer.item_code))}
    replay = Replay(answer_keys, set(names.visits))
    several = session.scalar(sa.select(sa.func.count(sa.distinct(AuditEvent.origin)))) or 0
    hashes: dict[int, str] = {}  # this database's own chain: the anchors name places in it
    copied: dict[int, list[str]] = {}  # the chains copied from other machines (a minutes' anchor made on the server)
    prev_hash, expected_seq, count, origin = "", 1, 0, ""
    for event in _event_rows(session):
        count += 1
        seq = event.seq
        if event.origin != origin:  # the next chain, copied from another machine: checked by itself
            prev_hash, expected_seq, origin = "", 1, event.origin
        chain = _chain_name(origin)
        if event.hash != audit.expected_hash(event):
            problems.append(f"Nhật ký{chain}: sự kiện số {seq} ({event.action}, {_when(event.at)}) đã bị sửa sau khi ghi.")
        if seq != expected_seq:
            problems.append(f"Nhật ký{chain} bị đứt: sau sự kiện số {expected_seq - 1} là sự kiện số {seq} "
                            "(thiếu hoặc chèn sự kiện).")
        elif event.prev_hash != prev_hash:
            problems.append(f"Nhật ký{chain} bị đứt ở sự kiện số {seq}: không nối với sự kiện trước nó.")
        prev_hash, expected_seq = event.hash, (seq or expected_seq) + 1
        if seq is not None and not origin:
            hashes[seq] = event.hash
        elif seq is not None:
            copied.setdefault(seq, []).append(event.hash)
        if several <= 1:
            replay.apply(seq or 0, event.action, event.entity_type, event.entity_id, event.after, bool(origin))
        if stop is not None and count % 2000 == 0 and stop.is_set():
            return None
    if several > 1:  # several machines' histories: the data replayed from all of them, by time
        for n, event in enumerate(_event_rows(session, by_time=True)):
            replay.apply(event.seq or 0, event.action, event.entity_type, event.entity_id, event.after,
                         bool(event.origin))
            if stop is not None and n % 2000 == 0 and stop.is_set():
                return None
    if stop is not None and stop.is_set():
        return None

    # 2. the anchors: the paper, the file beside the database, the revisions
    wanted = [*anchors, *session.scalars(sa.select(MinutesRevision.anchor).where(MinutesRevision.anchor != ""))]
    checked = 0
    for text in dict.fromkeys(a.strip() for a in wanted if a and a.strip()):
        parsed = audit.parse_anchor(text)
        if parsed is None:
            problems.append(f"Mã đối chiếu “{text}” không đúng dạng (ví dụ: NK 000123-3fa9c2d1e0b7).")
            continue
        checked += 1
        seq, digits = parsed
        shown = audit.format_anchor(seq, digits)
        if any(h.startswith(digits) for h in copied.get(seq, ())) and not hashes.get(seq, "").startswith(digits):
            continue  # a place in another machine's chain copied here (minutes numbered at the office)
        if seq not in hashes:
            problems.append(f"Nhật ký ngắn hơn mã đối chiếu {shown} (in trên biên bản): không còn sự kiện số {seq}, "
                            f"nhật ký chỉ có {len(hashes)} sự kiện — các sự kiện cuối đã bị cắt bỏ.")
        elif not hashes[seq].startswith(digits):
            problems.append(f"Nhật ký không khớp mã đối chiếu {shown} (in trên biên bản): sự kiện số {seq} và các "
                            "sự kiện trước nó đã bị viết lại.")

    # 3. the numbered minutes and the photos: bytes that hash to their key
    def blob_ok(sha256: str) -> bool | None:
        data = session.scalar(sa.select(Blob.data).where(Blob.sha256 == sha256))
        if data is None:
            return None
        return hashlib.sha256(data).hexdigest() == sha256

    pdfs: dict[str, str] = {}
    for visit_id, sha256 in session.execute(sa.select(Visit.id, Visit.minutes_sha256).where(Visit.minutes_sha256 != "")):
        pdfs.setdefault(sha256, names.visit(_uuid_text(visit_id)))
    for visit_id, revision, sha256 in session.execute(
            sa.select(MinutesRevision.visit_id, MinutesRevision.revision, MinutesRevision.sha256)
            .where(MinutesRevision.sha256.is_not(None)).order_by(MinutesRevision.issued_at)):
        pdfs.setdefault(sha256, f"{names.visit(_uuid_text(visit_id))}, lần ban hành {revision}")
    for sha256, whose in pdfs.items():
        state = blob_ok(sha256)
        if state is None:
            problems.append(f"Biên bản đã đánh số của {whose}: không còn tệp PDF đã lưu.")
        elif not state:
            problems.append(f"Biên bản đã đánh số của {whose}: tệp PDF đã bị thay (mã SHA-256 không khớp).")
    for sha256 in dict.fromkeys(session.scalars(sa.select(Evidence.blob_sha256).where(Evidence.deleted_at.is_(None)))):
        if blob_ok(sha256) is False:
            problems.append(f"Ảnh minh chứng {sha256[:12]}…: nội dung tệp đã bị thay (mã SHA-256 không khớp).")

    # 4. the data against the history
    if stop is not None and stop.is_set():
        return None
    problems += _compare(session, replay, names)
    return VerifyReport(ok=not problems, problems=problems, events=count, anchors=checked)


def _when(at: Any) -> str:
    from inspector.domain.clock import local

    return f"{local(at):%d/%m/%Y %H:%M}" if at else "?"


def _compare(session: Session, replay: Replay, names: _Names) -> list[str]:
    problems: list[str] = []
    for seq, entity_id in replay.unknown_answers:
        problems.append(f"Sự kiện số {seq} nói về một kết quả kiểm tra (mã {entity_id[:8]}) không còn trong dữ liệu.")

    staff: dict[str, list[str]] = {}
    for answer_id, staff_id in session.execute(sa.select(_raw(answer_staff.c.answer_id),
                                                         _raw(answer_staff.c.staff_member_id))):
        staff.setdefault(_uuid_text(answer_id), []).append(_uuid_text(staff_id))
    seen: set[tuple[str, str]] = set()
    blank = _AnswerState()
    for a in session.execute(sa.select(_raw(Answer.id).label("id"), _raw(Answer.visit_id).label("visit_id"),
                                       Answer.item_code, _raw(Answer.result).label("result"), Answer.note,
                                       _raw(Answer.values).label("values"))):
        key = (_uuid_text(a.visit_id), a.item_code)
        seen.add(key)
        state = replay.answers.get(key, blank)
        actual = {"result": a.result, "note": a.note or "", "values": _json_values(a.values),
                  "staff": sorted(staff.get(_uuid_text(a.id), []))}
        expected = {"result": state.result, "note": state.note, "values": state.values, "staff": state.staff}
        if actual == expected:
            continue
        where = f"Nội dung {a.item_code} của {names.visit(key[0])}"
        for name, words, kind in (("result", "kết quả", "result"), ("note", "ghi chú", ""),
                                  ("values", "số liệu", ""), ("staff", "công chức liên quan", "")):
            if actual[name] != expected[name]:
                problems.append(f"{where}: {words} trong dữ liệu ({_label(actual[name], kind)}) khác với nhật ký "
                                f"({_label(expected[name], kind)}) — đã bị sửa ngoài ứng dụng.")
    for key, state in replay.answers.items():
        if key not in seen and state != _AnswerState(seq=state.seq):
            problems.append(f"Nội dung {key[1]} của {names.visit(key[0])}: nhật ký ghi kết quả "
                            f"{_label(state.result, 'result')} nhưng dữ liệu không còn.")

    for v in session.execute(sa.select(Visit.id, Visit.status, Visit.minutes_number, Visit.minutes_sha256,
                                       Visit.deleted_at, *(getattr(Visit, k) for k in SUMMARY))):
        vid = _uuid_text(v.id)
        vstate = replay.visits.get(vid, _VisitState())
        where = names.visit(vid).capitalize()
        checks = [("status", "trạng thái", str(v.status), vstate.status, "status"),
                  ("number", "số biên bản", v.minutes_number or "", vstate.number, ""),
                  ("sha256", "mã tệp biên bản", v.minutes_sha256 or "", vstate.sha256, ""),
                  ("deleted", "việc hủy", v.deleted_at is not None, vstate.deleted, "")]
        checks += [(k, _SUMMARY_WORDS[k], getattr(v, k) or "", vstate.texts[k], "") for k in SUMMARY]
        for _name, words, actual, expected, kind in checks:
            if actual != expected:
                problems.append(f"{where}: {words} trong dữ liệu ({_label(actual, kind)}) khác với nhật ký "
                                f"({_label(expected, kind)}) — đã bị sửa ngoài ứng dụng.")

    for r in session.execute(sa.select(Recommendation.id, Recommendation.visit_id, Recommendation.text,
                                       Recommendation.owner_unit_id, Recommendation.deadline, Recommendation.status,
                                       Recommendation.deleted_at, Recommendation.original_deadline,
                                       Recommendation.done_on, Recommendation.verified_on)):
        where = f"Kiến nghị “{_short(r.text)}” của {names.visit(_uuid_text(r.visit_id))}"
        rstate = replay.recs.get(_uuid_text(r.id))
        if rstate is None:
            problems.append(f"{where}: không có trong nhật ký — đã được thêm ngoài ứng dụng.")
            continue
        actual = {"text": r.text, "owner": _uuid_text(r.owner_unit_id),
                  "deadline": r.deadline.isoformat() if r.deadline else None, "status": str(r.status),
                  **{name: getattr(r, name).isoformat() if getattr(r, name) else None for name in REMEDIATION_FIELDS}}
        for name, words in (("text", "nội dung"), ("owner", "đơn vị chịu trách nhiệm"), ("deadline", "hạn khắc phục"),
                            ("status", "tình trạng"), ("original_deadline", "hạn khắc phục ghi trong biên bản"),
                            ("done_on", "ngày đơn vị báo đã khắc phục"), ("verified_on", "ngày xác nhận đã khắc phục")):
            if name in rstate.fields and actual[name] != rstate.fields[name]:
                kind = "rec_status" if name == "status" else ""
                problems.append(f"{where}: {words} trong dữ liệu ({_label(actual[name], kind)}) khác với nhật ký "
                                f"({_label(rstate.fields[name], kind)}) — đã bị sửa ngoài ứng dụng.")
        if (r.deleted_at is not None) != rstate.deleted:
            problems.append(f"{where}: việc xóa kiến nghị khác với nhật ký — đã bị sửa ngoài ứng dụng.")

    for e in session.execute(sa.select(Evidence.id, Evidence.visit_id, Evidence.blob_sha256, Evidence.kind,
                                       Evidence.deleted_at)):
        what = "Bản biên bản đã ký" if e.kind == "signed_minutes" else "Ảnh minh chứng"
        where = f"{what} (mã {_uuid_text(e.id)[:8]}) của {names.visit(_uuid_text(e.visit_id))}"
        estate = replay.evidence.get(_uuid_text(e.id))
        if estate is None:
            problems.append(f"{where}: không có trong nhật ký — đã được thêm ngoài ứng dụng.")
            continue
        if estate.fields.get("sha256", e.blob_sha256) != e.blob_sha256:
            problems.append(f"{where}: ảnh trong dữ liệu khác với ảnh đã ghi trong nhật ký — đã bị thay ngoài ứng dụng.")
        if (e.deleted_at is not None) != estate.deleted:
            problems.append(f"{where}: việc gỡ ảnh khác với nhật ký — đã bị sửa ngoài ứng dụng.")
    return problems


_SUMMARY_WORDS = {"good_points": "ưu điểm", "shortcomings": "tồn tại, hạn chế", "conclusions": "kết luận",
                  "unit_opinion": "ý kiến của đơn vị"}


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text[:40] + "…" if len(text) > 40 else text
